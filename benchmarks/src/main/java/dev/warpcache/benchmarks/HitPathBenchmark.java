package dev.warpcache.benchmarks;

import dev.warpcache.Cache;
import dev.warpcache.Ticker;
import dev.warpcache.WarpCache;
import dev.warpcache.internal.local.LocalStore;
import dev.warpcache.internal.local.StatsProbe;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the time of a hit goes, by experiment: the same all-hit workload through layers that each
 * add one piece of warp-cache's hit path (this is not a peer comparison; see {@link
 * GetPutBenchmark}). The trace is {@link ZipfTrace}'s, keeping only the samples of the 2^14 hot
 * keys (the first 2^19 of them), so that every read hits.
 *
 * <ul>
 *   <li>{@code chm}: {@link ConcurrentHashMap#get} on a map of the 2^14 hot keys, the floor.
 *   <li>{@code chmLongAdder}: the same plus one {@link LongAdder#increment}, the reference
 *       point for a shared counter.
 *   <li>{@code chmStats}: the same plus one hit counted by warp-cache's own statistics counter
 *       (through {@link StatsProbe}, a benchmark-only bridge to the package-private class).
 *   <li>{@code storePeek}: {@link LocalStore#peek}: hash, probe warp-cache's table and check the
 *       entry; no access mark, no statistics.
 *   <li>{@code storeHit}: {@link LocalStore#getIfLive}: the same plus setting the entry's visited
 *       mark (read-only once set) and counting the hit: the store's whole hit path.
 *   <li>{@code cache}: {@code Cache.getIfPresent}, the public API on top of it.
 *   <li>{@code nanoTime}: {@link System#nanoTime()} alone, the clock read that a TTL adds to a hit.
 * </ul>
 *
 * <p>Misses, the other 29% of {@link GetPutBenchmark}'s reads, have layers of their own over the
 * trace's first 2^19 samples of keys that are not hot (so not held): {@code chmMiss}, {@code
 * storePeekMiss} (no statistics) and {@code cacheMiss} (the public API, which counts the miss).
 *
 * <p>Each layer is its own benchmark method (no parameter to dispatch on in the measured code). Run
 * with {@code -t 1} and {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HitPathBenchmark {

  private static final int LENGTH = 1 << 19;
  private static final int MASK = LENGTH - 1;

  private Integer[] keys;
  private Integer[] missKeys;
  private ConcurrentHashMap<Integer, Boolean> map;
  private LongAdder adder;
  private StatsProbe stats;
  private LocalStore store;
  private Cache<Integer, Boolean> cache;

  /** Creates the benchmark state; JMH calls this. */
  public HitPathBenchmark() {}

  /** Builds the hit-only trace and the structures of this fork's variant. */
  @Setup
  public void setup() {
    ZipfTrace trace = ZipfTrace.get();
    Integer[] hot = trace.hotKeys();
    ConcurrentHashMap<Integer, Boolean> hotSet = new ConcurrentHashMap<>();
    for (Integer key : hot) {
      hotSet.put(key, Boolean.TRUE);
    }
    keys = new Integer[LENGTH];
    missKeys = new Integer[LENGTH];
    int n = 0;
    int m = 0;
    for (Integer key : trace.samples()) {
      if (hotSet.containsKey(key)) {
        if (n < LENGTH) {
          keys[n++] = key;
        }
      } else if (m < LENGTH) {
        missKeys[m++] = key;
      }
    }
    if (n < LENGTH) {
      throw new IllegalStateException("too few hot samples: " + n);
    }
    // Fewer cold samples than hot ones: repeat them to fill the cursor's range.
    for (int i = m; i < LENGTH; i++) {
      missKeys[i] = missKeys[i - m];
    }
    map = new ConcurrentHashMap<>(ZipfTrace.CACHE_SIZE);
    adder = new LongAdder();
    stats = new StatsProbe();
    store = new LocalStore(ZipfTrace.CACHE_SIZE, 0, Ticker.system());
    cache = WarpCache.builder().maxSize(ZipfTrace.CACHE_SIZE).build();
    for (int i = hot.length - 1; i >= 0; i--) {
      map.put(hot[i], Boolean.TRUE);
      store.put(hot[i], Boolean.TRUE);
      cache.put(hot[i], Boolean.TRUE);
    }
  }

  /** Prints the counted hits, a check that the statistics stayed exact. */
  @TearDown
  public void report() {
    System.out.printf(
        "%n[teardown] chmStats counted %d hits; store %s; cache %s%n",
        stats.hits(), store.info(), cache.info());
  }

  /**
   * The floor.
   *
   * @param state this thread's cursor
   * @return the value, for JMH to consume
   */
  @Benchmark
  public Boolean chm(GetPutBenchmark.ThreadState state) {
    return map.get(keys[state.index++ & MASK]);
  }

  /**
   * The floor plus a shared {@link LongAdder}.
   *
   * @param state this thread's cursor
   * @return the value, for JMH to consume
   */
  @Benchmark
  public Boolean chmLongAdder(GetPutBenchmark.ThreadState state) {
    adder.increment();
    return map.get(keys[state.index++ & MASK]);
  }

  /**
   * The floor plus warp-cache's hit counting.
   *
   * @param state this thread's cursor
   * @return the value, for JMH to consume
   */
  @Benchmark
  public Boolean chmStats(GetPutBenchmark.ThreadState state) {
    stats.recordHit();
    return map.get(keys[state.index++ & MASK]);
  }

  /**
   * warp-cache's table lookup alone.
   *
   * @param state this thread's cursor
   * @return the value, for JMH to consume
   */
  @Benchmark
  public Object storePeek(GetPutBenchmark.ThreadState state) {
    return store.peek(keys[state.index++ & MASK]);
  }

  /**
   * warp-cache's store hit path: lookup, visited mark, statistics.
   *
   * @param state this thread's cursor
   * @return the value, for JMH to consume
   */
  @Benchmark
  public Object storeHit(GetPutBenchmark.ThreadState state) {
    Integer key = keys[state.index++ & MASK];
    return store.getIfLive(key, LocalStore.hash(key));
  }

  /**
   * The public API's hit.
   *
   * @param state this thread's cursor
   * @return the value, for JMH to consume
   */
  @Benchmark
  public Boolean cache(GetPutBenchmark.ThreadState state) {
    return cache.getIfPresent(keys[state.index++ & MASK]);
  }

  /**
   * The floor of a miss.
   *
   * @param state this thread's cursor
   * @return null, for JMH to consume
   */
  @Benchmark
  public Boolean chmMiss(GetPutBenchmark.ThreadState state) {
    return map.get(missKeys[state.index++ & MASK]);
  }

  /**
   * warp-cache's table lookup of an absent key: probe until an empty slot.
   *
   * @param state this thread's cursor
   * @return {@code LocalStore.ABSENT}, for JMH to consume
   */
  @Benchmark
  public Object storePeekMiss(GetPutBenchmark.ThreadState state) {
    return store.peek(missKeys[state.index++ & MASK]);
  }

  /**
   * The public API's miss, counted.
   *
   * @param state this thread's cursor
   * @return null, for JMH to consume
   */
  @Benchmark
  public Boolean cacheMiss(GetPutBenchmark.ThreadState state) {
    return cache.getIfPresent(missKeys[state.index++ & MASK]);
  }

  /**
   * The clock a TTL check reads on every hit ({@code Ticker.system()} is {@code System::nanoTime}),
   * on its own: what a TTL can cost at least, on this machine.
   *
   * @return the time, for JMH to consume
   */
  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }
}
