package dev.warpcache.testlib;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import dev.warpcache.Backend;
import dev.warpcache.WarpCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import junit.extensions.TestSetup;
import junit.framework.Test;
import junit.framework.TestSuite;

/**
 * Guava's {@code ConcurrentMapTestSuiteBuilder} against {@link dev.warpcache.Cache#asMap()} of the
 * shared-memory backend: the same features as the memory backend's view (null keys and values are
 * encoded like any other). Every map of the suite is a region of its own in a temporary directory
 * that the suite deletes when it ends.
 */
public final class SharedCacheAsMapTest {

  private static final AtomicInteger REGIONS = new AtomicInteger();

  private SharedCacheAsMapTest() {}

  /**
   * The suite, found by JUnit's {@code suite()} convention.
   *
   * @return every configuration's suite, with the set-up and removal of its directory
   */
  public static Test suite() {
    // Made in setUp, not here: JUnit may build the suite more than once without running it.
    AtomicReference<Path> directory = new AtomicReference<>();
    TestSuite suite = new TestSuite("Cache.asMap() of the shared backend");
    suite.addTest(mapSuite("maxSize 1000", directory::get, null));
    suite.addTest(mapSuite("maxSize 1000, ttl 1 minute", directory::get, Duration.ofMinutes(1)));
    return new TestSetup(suite) {
      @Override
      protected void setUp() throws IOException {
        directory.set(Files.createTempDirectory("warp-testlib-"));
      }

      @Override
      protected void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(directory.get())) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(file);
          }
        }
      }
    };
  }

  static TestSuite mapSuite(String name, Supplier<Path> directory, Duration ttl) {
    return ConcurrentMapTestSuiteBuilder.using(
            new TestStringMapGenerator() {
              @Override
              protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                WarpCache.Builder builder =
                    WarpCache.builder()
                        .backend(Backend.SHARED)
                        .name("testlib-" + ProcessHandle.current().pid() + "-" + REGIONS.get())
                        .sharedDirectory(directory.get())
                        .maxSize(1_000)
                        .maxKeySize(64)
                        .maxValueSize(64);
                REGIONS.incrementAndGet();
                if (ttl != null) {
                  builder.ttl(ttl).ticker(() -> 42L); // the TTL paths, on a clock that never moves
                }
                Map<String, String> map = builder.<String, String>build().asMap();
                for (Map.Entry<String, String> entry : entries) {
                  map.put(entry.getKey(), entry.getValue());
                }
                return map;
              }
            })
        .named(name)
        .withFeatures(
            CollectionSize.ANY,
            MapFeature.GENERAL_PURPOSE,
            MapFeature.ALLOWS_NULL_KEYS, // the codec encodes null like any other key
            MapFeature.ALLOWS_NULL_VALUES,
            MapFeature.ALLOWS_ANY_NULL_QUERIES,
            CollectionFeature.SUPPORTS_ITERATOR_REMOVE)
        // Not claimed, as for the memory backend: FAILS_FAST_ON_CONCURRENT_MODIFICATION,
        // KNOWN_ORDER,
        // SERIALIZABLE.
        .createTestSuite();
  }
}
