package dev.warpcache.concurrency;

import static dev.warpcache.concurrency.Scenarios.op;

import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.WarpCache;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck proves that {@code get(key, loader)}, {@code getIfPresent}, {@code put}, {@code
 * invalidate} and {@code asMap().containsKey} are linearizable when no eviction happens: every
 * concurrent execution Lincheck generates (or, in model checking, every interleaving it explores)
 * must give results that some sequential execution of the same operations on this same class would
 * give. The sequential specification is the cache itself, used from one thread, which is the
 * standard Lincheck set-up.
 *
 * <p>Why without eviction: which entry SIEVE evicts depends on {@code visited} bits that readers
 * set without a lock, after they found the entry. A reader may find an entry, then the evictor
 * scans past it, then the reader sets the bit: the entry is evicted although, in any sequential
 * order, the hit came first and would have saved it. That is the design (hits take no lock), so a
 * full cache is not linearizable in the strict sense; {@link SieveEvictionInvariantsTest}
 * model-checks it with invariants instead. Here {@code maxSize} (4) equals the number of keys
 * (0..3).
 *
 * <p>The loader is deterministic ({@code key + 100}) and {@code put} stores other values (1 or 2),
 * so a load that overwrites a racing {@code put}, or a load whose result is stored after a racing
 * {@code invalidate}, shows up as a non-linearizable result. After each execution, {@link
 * #statisticsAreExact()} checks that the statistics counted every lookup exactly once.
 */
@Param(name = "key", gen = IntGen.class, conf = "0:3")
@Param(name = "value", gen = IntGen.class, conf = "1:2")
public class CacheLinearizabilityTest {

  private static final int KEYS = 4;

  private static final String VALIDATE = "statisticsAreExact";

  private final Cache<Integer, Integer> cache = WarpCache.builder().maxSize(KEYS).build();

  // Counted by the test itself, to check the cache's statistics at quiescent points.
  private final AtomicLong lookups = new AtomicLong();
  private final AtomicLong loaderRuns = new AtomicLong();
  private final AtomicLong absentResults = new AtomicLong();

  @Operation
  public Integer get(@Param(name = "key") int key) {
    lookups.incrementAndGet();
    return cache.get(
        key,
        k -> {
          loaderRuns.incrementAndGet();
          return k + 100;
        });
  }

  @Operation
  public Integer getIfPresent(@Param(name = "key") int key) {
    lookups.incrementAndGet();
    Integer value = cache.getIfPresent(key);
    if (value == null) {
      absentResults.incrementAndGet();
    }
    return value;
  }

  @Operation
  public void put(@Param(name = "key") int key, @Param(name = "value") int value) {
    cache.put(key, value);
  }

  @Operation
  public void invalidate(@Param(name = "key") int key) {
    cache.invalidate(key);
  }

  @Operation
  public Integer putReturningPrevious(
      @Param(name = "key") int key, @Param(name = "value") int value) {
    return cache.asMap().put(key, value);
  }

  @Operation
  public boolean replaceIfEqual(
      @Param(name = "key") int key,
      @Param(name = "value") int expected,
      @Param(name = "value") int value) {
    return cache.asMap().replace(key, expected, value);
  }

  @Operation
  public boolean removeIfEqual(@Param(name = "key") int key, @Param(name = "value") int expected) {
    return cache.asMap().remove(key, expected);
  }

  @Operation
  public boolean containsKey(@Param(name = "key") int key) {
    return cache.asMap().containsKey(key);
  }

  /** Called by Lincheck when no operation is running. */
  @Validate
  public void statisticsAreExact() {
    CacheInfo info = cache.info();
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
    if (info.evictions() != 0 || info.currentSize() > KEYS) {
      throw new AssertionError(info + ": no eviction expected with " + KEYS + " keys");
    }
    if (cache.asMap().size() != info.currentSize()) {
      throw new AssertionError(info + ": asMap().size() = " + cache.asMap().size());
    }
  }

  // ---- known races: every interleaving of a small hand-written scenario ----

  @Test
  void replacedEntryIsNeverSeenAbsent() {
    // A reader must see the old or the new value of an entry that put replaces, never nothing.
    checkEveryInterleaving(
        Scenarios.of(CacheLinearizabilityTest.class)
            .initially("put", 0, 2)
            .thread(op("put", 0, 1))
            .thread(op("getIfPresent", 0), op("containsKey", 0)));
  }

  @Test
  void loadDoesNotOverwriteARacingPut() {
    checkEveryInterleaving(
        Scenarios.of(CacheLinearizabilityTest.class)
            .thread(op("get", 0))
            .thread(op("put", 0, 1))
            .then("getIfPresent", 0));
  }

  @Test
  void invalidateDuringALoadDiscardsItsResult() {
    checkEveryInterleaving(
        Scenarios.of(CacheLinearizabilityTest.class)
            .thread(op("get", 1))
            .thread(op("invalidate", 1), op("containsKey", 1))
            .then("getIfPresent", 1));
  }

  @Test
  void concurrentLoadsOfOneKeyAgreeWhileAnotherKeyIsInvalidated() {
    checkEveryInterleaving(
        Scenarios.of(CacheLinearizabilityTest.class)
            .initially("put", 2, 1)
            .thread(op("get", 3), op("getIfPresent", 2))
            .thread(op("get", 3), op("invalidate", 2))
            .then("getIfPresent", 3));
  }

  @Test
  void aPutOverALoadInFlightIsWhatTheLoadReturns() {
    // The put sees no value (the load has stored nothing) and returns null, so it is ordered
    // before the load: the loading get must return the put's value, not its own computed one.
    checkEveryInterleaving(
        Scenarios.of(CacheLinearizabilityTest.class)
            .thread(op("putReturningPrevious", 2, 1))
            .thread(op("get", 2))
            .then("getIfPresent", 2));
  }

  @Test
  void aPutRacingAConditionalReplaceIsNeverLost() {
    // Without a TTL a put over a live entry is a CAS on its value, without the lock: the
    // conditional replace must check and change the value in one step against it.
    checkEveryInterleaving(
        Scenarios.of(CacheLinearizabilityTest.class)
            .initially("put", 0, 1)
            .thread(op("put", 0, 2))
            .thread(op("replaceIfEqual", 0, 1, 3))
            .then("getIfPresent", 0));
  }

  @Test
  void aPutRacingARemovalIsNeverLostInARemovedEntry() {
    // A lock-free put must not land in a node that a removal has taken out of the table.
    checkEveryInterleaving(
        Scenarios.of(CacheLinearizabilityTest.class)
            .initially("put", 0, 1)
            .thread(op("put", 0, 2))
            .thread(op("removeIfEqual", 0, 1))
            .then("getIfPresent", 0));
  }

  private static void checkEveryInterleaving(Scenarios scenario) {
    new ModelCheckingOptions()
        .iterations(0) // only the custom scenario
        .invocationsPerIteration(Budget.KNOWN_RACE_INVOCATIONS)
        .addCustomScenario(scenario.build(VALIDATE))
        .check(CacheLinearizabilityTest.class);
  }

  // ---- random scenarios ----

  @Test
  void modelCheckingFindsNoNonLinearizableInterleaving() {
    new ModelCheckingOptions()
        .iterations(Budget.MODEL_CHECKING_ITERATIONS)
        .invocationsPerIteration(Budget.MODEL_CHECKING_INVOCATIONS)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(2)
        .check(CacheLinearizabilityTest.class);
  }

  @Test
  void stressFindsNoNonLinearizableExecution() {
    new StressOptions()
        .iterations(Budget.STRESS_ITERATIONS)
        .invocationsPerIteration(Budget.STRESS_INVOCATIONS)
        .threads(3)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(2)
        .check(CacheLinearizabilityTest.class);
  }
}
