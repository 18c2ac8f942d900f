package dev.warpcache.testlib;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import dev.warpcache.Cache;
import dev.warpcache.WarpCache;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import junit.framework.Test;
import junit.framework.TestSuite;

/**
 * Guava's {@code ConcurrentMapTestSuiteBuilder} against {@link Cache#asMap()} of the memory
 * backend, as Caffeine runs it against its own caches: the map, its entry set, key set and values,
 * with every feature the view really has. The JUnit Vintage engine runs this JUnit 3 style suite.
 *
 * <p>Every test passes or is suppressed in {@link #suppressed()} with the reason next to it. To run
 * the suppressed ones too (to check a fix of the core), pass {@code
 * -Dwarpcache.testlib.unsuppressed=true} to Maven.
 *
 * <p>Surefire names these tests by tester class and method (for example {@code
 * MapPutTester.testPut_supportedPresent}); the same method runs once per configuration and
 * collection size, each run counted in the total.
 */
public final class MemoryCacheAsMapTest {

  private MemoryCacheAsMapTest() {}

  /**
   * The suite, found by JUnit's {@code suite()} convention.
   *
   * @return every configuration's suite
   */
  public static Test suite() {
    TestSuite suite = new TestSuite("Cache.asMap() of the memory backend");
    suite.addTest(unboundedSuite());
    suite.addTest(ttlSuite());
    return suite;
  }

  /** A cache large enough that no test ever evicts: eviction would rightly break Map contracts. */
  static TestSuite unboundedSuite() {
    return mapSuite("maxSize 1000", () -> WarpCache.builder().maxSize(1_000).build());
  }

  /** The TTL code paths (expiry checks on every read and write), with a clock that never moves. */
  static TestSuite ttlSuite() {
    return mapSuite(
        "maxSize 1000, ttl 1 minute",
        () ->
            WarpCache.builder()
                .maxSize(1_000)
                .ttl(Duration.ofMinutes(1))
                .ticker(() -> 42L)
                .build());
  }

  private static TestSuite mapSuite(String name, Supplier<Cache<String, String>> newCache) {
    return ConcurrentMapTestSuiteBuilder.using(
            new TestStringMapGenerator() {
              @Override
              protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                Map<String, String> map = newCache.get().asMap();
                for (Map.Entry<String, String> entry : entries) {
                  map.put(entry.getKey(), entry.getValue());
                }
                return map;
              }
            })
        .named(name)
        .withFeatures(
            CollectionSize.ANY,
            MapFeature.GENERAL_PURPOSE, // put, putAll, remove, clear and the ConcurrentMap writes
            MapFeature.ALLOWS_NULL_KEYS, // the core stores a null key as a sentinel
            MapFeature.ALLOWS_NULL_VALUES, // null results are cached like any other
            MapFeature.ALLOWS_ANY_NULL_QUERIES,
            CollectionFeature.SUPPORTS_ITERATOR_REMOVE)
        // Not claimed: FAILS_FAST_ON_CONCURRENT_MODIFICATION (iteration is weakly consistent),
        // KNOWN_ORDER (hash order), SERIALIZABLE (a cache view is not serializable).
        .suppressing(
            Boolean.getBoolean("warpcache.testlib.unsuppressed") ? List.of() : suppressed())
        .createTestSuite();
  }

  /** The tests that are not run, each with its reason. */
  static List<Method> suppressed() {
    List<Method> methods = new ArrayList<>();
    // None today. The five tests that found the null-value bugs of the view (computeIfAbsent,
    // compute, merge and putIfAbsent on a key mapped to null) run again since the view
    // overrides ConcurrentMap's null-unaware defaults.
    return methods;
  }

  private static Method method(Class<?> tester, String name) {
    try {
      return tester.getMethod(name);
    } catch (NoSuchMethodException e) {
      throw new AssertionError("no test " + tester.getSimpleName() + "." + name, e);
    }
  }
}
