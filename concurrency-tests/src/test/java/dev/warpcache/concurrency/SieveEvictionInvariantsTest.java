package dev.warpcache.concurrency;

import static dev.warpcache.concurrency.Scenarios.op;

import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.WarpCache;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck explores a cache that is full most of the time ({@code maxSize} 2, keys 0..3), where
 * loads, puts, invalidations and hits race with SIEVE evictions, and checks invariants only: which
 * entry is evicted depends on racing {@code visited} bits and is not linearizable (see {@link
 * CacheLinearizabilityTest}), so every operation here returns a result that does not depend on it.
 *
 * <ul>
 *   <li>{@code get} returns the loader's value for the key ({@code put} stores that same value), so
 *       a wrong or torn value changes its result;
 *   <li>{@code getIfPresent} returns whether it saw nothing or the right value;
 *   <li>{@code sizeIsWithinBound} returns whether {@code currentSize <= maxSize} right now.
 * </ul>
 *
 * Every sequential execution returns the same results, so Lincheck's linearizability check fails
 * exactly when an invariant breaks or an operation throws. At quiescent points, {@link
 * #invariantsHold()} also checks the map view and the exact statistics.
 */
@Param(name = "key", gen = IntGen.class, conf = "0:3")
public class SieveEvictionInvariantsTest {

  private static final int MAX_SIZE = 2;

  private final Cache<Integer, Integer> cache = WarpCache.builder().maxSize(MAX_SIZE).build();

  private final AtomicLong lookups = new AtomicLong();
  private final AtomicLong loaderRuns = new AtomicLong();
  private final AtomicLong absentResults = new AtomicLong();

  private static int valueOf(int key) {
    return key + 100;
  }

  @Operation
  public int get(@Param(name = "key") int key) {
    lookups.incrementAndGet();
    return cache.get(
        key,
        k -> {
          loaderRuns.incrementAndGet();
          return valueOf(k);
        });
  }

  @Operation
  public boolean getIfPresentIsAbsentOrRight(@Param(name = "key") int key) {
    lookups.incrementAndGet();
    Integer value = cache.getIfPresent(key);
    if (value == null) {
      absentResults.incrementAndGet();
      return true;
    }
    return value == valueOf(key);
  }

  @Operation
  public void put(@Param(name = "key") int key) {
    cache.put(key, valueOf(key));
  }

  @Operation
  public void invalidate(@Param(name = "key") int key) {
    cache.invalidate(key);
  }

  @Operation
  public boolean sizeIsWithinBound() {
    return cache.info().currentSize() <= MAX_SIZE;
  }

  /** Called by Lincheck when no operation is running. */
  @Validate
  public void invariantsHold() {
    CacheInfo info = cache.info();
    if (info.currentSize() > MAX_SIZE || cache.asMap().size() != info.currentSize()) {
      throw new AssertionError(info + " with asMap().size() = " + cache.asMap().size());
    }
    for (Map.Entry<Integer, Integer> e : cache.asMap().entrySet()) {
      if (e.getValue() != valueOf(e.getKey())) {
        throw new AssertionError("entry " + e + " holds the wrong value");
      }
    }
    if (info.hits() + info.misses() != lookups.get()) {
      throw new AssertionError(info + ": hits + misses != " + lookups.get() + " lookups");
    }
    if (info.misses() != loaderRuns.get() + absentResults.get()) {
      throw new AssertionError(
          info
              + ": misses != "
              + loaderRuns.get()
              + " loader runs + "
              + absentResults.get()
              + " getIfPresent misses");
    }
  }

  // ---- known races: every interleaving of a small hand-written scenario ----

  @Test
  void evictionRacingWithHitsKeepsInvariants() {
    checkEveryInterleaving(
        Scenarios.of(SieveEvictionInvariantsTest.class)
            .initially("get", 0)
            .initially("get", 1)
            .thread(op("get", 2))
            .thread(op("getIfPresentIsAbsentOrRight", 0), op("getIfPresentIsAbsentOrRight", 1))
            .then("sizeIsWithinBound"));
  }

  @Test
  void twoMissesEvictingAtOnceKeepInvariants() {
    checkEveryInterleaving(
        Scenarios.of(SieveEvictionInvariantsTest.class)
            .initially("get", 0)
            .initially("get", 1)
            .thread(op("get", 2), op("sizeIsWithinBound"))
            .thread(op("get", 3), op("get", 0)));
  }

  @Test
  void evictionRacingWithInvalidateAndPutKeepsInvariants() {
    checkEveryInterleaving(
        Scenarios.of(SieveEvictionInvariantsTest.class)
            .initially("get", 0)
            .initially("get", 1)
            .initially("get", 1)
            .thread(op("get", 2), op("get", 3))
            .thread(op("invalidate", 0), op("put", 1), op("sizeIsWithinBound")));
  }

  private static void checkEveryInterleaving(Scenarios scenario) {
    new ModelCheckingOptions()
        .iterations(0) // only the custom scenario
        .invocationsPerIteration(Budget.KNOWN_RACE_INVOCATIONS)
        .addCustomScenario(scenario.build("invariantsHold"))
        .check(SieveEvictionInvariantsTest.class);
  }

  // ---- random scenarios ----

  @Test
  void modelCheckingFindsNoBrokenInvariant() {
    new ModelCheckingOptions()
        .iterations(Budget.MODEL_CHECKING_ITERATIONS)
        .invocationsPerIteration(Budget.MODEL_CHECKING_INVOCATIONS)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(2) // enough to fill the cache
        .actorsAfter(1)
        .check(SieveEvictionInvariantsTest.class);
  }

  @Test
  void stressFindsNoBrokenInvariant() {
    new StressOptions()
        .iterations(Budget.STRESS_ITERATIONS)
        .invocationsPerIteration(Budget.STRESS_INVOCATIONS)
        .threads(3)
        .actorsPerThread(3)
        .actorsBefore(3)
        .actorsAfter(2)
        .check(SieveEvictionInvariantsTest.class);
  }
}
