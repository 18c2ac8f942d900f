package dev.warpcache.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of reads and writes, modeled on Caffeine's GetPutBenchmark, every peer in one run.
 *
 * <p>Workload ({@link ZipfTrace}): a fixed trace of 2^20 samples from a scrambled Zipfian
 * distribution (exponent 0.99) over 2^20 distinct {@link Integer} keys. Every peer is created with
 * a maximum size of 2^14 and prepopulated with the same 2^14 most popular keys, so that all peers
 * hold the same entries when measuring starts and a read hits for the same samples everywhere
 * (about 71% of them; the rest are misses, which a read does not load). The unbounded map is
 * prepopulated with the same keys (its reads are then the bounded map's; its writes grow it).
 *
 * <ul>
 *   <li>{@code read}: every thread reads ({@code getIfPresent}, or {@code get} for the maps).
 *   <li>{@code write}: every thread writes ({@code put}); new keys evict (or are dropped by the
 *       bounded map once full).
 *   <li>{@code readwrite}: one reader and one writer side by side (Caffeine's runs 6 + 2); the
 *       group's score is their sum, JMH also reports each.
 * </ul>
 *
 * <p>Run {@code read} and {@code write} with {@code -t 1} and {@code -t 2}; {@code readwrite} is
 * always two threads. Statistics: warp-cache's are always on; Caffeine and Guava run with theirs
 * off (their default), the maps have none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GetPutBenchmark {

  private static final int MASK = ZipfTrace.LENGTH - 1;

  /** The peer measured in this fork. */
  @Param({
    BasicCache.WARP_CACHE,
    BasicCache.CAFFEINE,
    BasicCache.GUAVA,
    BasicCache.LINKED_HASH_MAP,
    BasicCache.CHM,
    BasicCache.CHM_BOUNDED
  })
  public String cache;

  private BasicCache<Integer, Boolean> peer;
  private Integer[] keys;

  /** Creates the benchmark state; JMH calls this. */
  public GetPutBenchmark() {}

  /** Each thread's position in the trace; threads start far apart. */
  @State(Scope.Thread)
  public static class ThreadState {
    private static final AtomicInteger THREADS = new AtomicInteger();

    int index = THREADS.getAndIncrement() * 0x9E3779B9;

    /** Creates a cursor; JMH calls this. */
    public ThreadState() {}
  }

  /** Creates the peer and prepopulates it with the 2^14 most popular keys. */
  @Setup
  public void setup() {
    ZipfTrace trace = ZipfTrace.get();
    keys = trace.samples();
    peer = BasicCache.create(cache, ZipfTrace.CACHE_SIZE);
    populate(peer, trace, cache);
  }

  /** Puts the hot keys into {@code peer} and prints what it holds, for the run's log. */
  static void populate(BasicCache<Integer, Boolean> peer, ZipfTrace trace, String name) {
    Integer[] hot = trace.hotKeys();
    // Least popular first: a cache that evicts anything while filling up keeps the hottest keys.
    for (int i = hot.length - 1; i >= 0; i--) {
      peer.put(hot[i], Boolean.TRUE);
    }
    int held = 0;
    for (Integer key : hot) {
      if (peer.contains(key)) {
        held++;
      }
    }
    System.out.printf(
        "%n[setup] %s holds %d of the %d hottest keys (%s); a read hits for at most %.1f%% of the"
            + " trace%n",
        name, held, hot.length, peer, 100 * trace.hotShare());
  }

  /**
   * Every thread reads.
   *
   * @param state this thread's cursor
   * @return the value or null, for JMH to consume
   */
  @Benchmark
  public Boolean read(ThreadState state) {
    return peer.get(keys[state.index++ & MASK]);
  }

  /**
   * Every thread writes.
   *
   * @param state this thread's cursor
   */
  @Benchmark
  public void write(ThreadState state) {
    peer.put(keys[state.index++ & MASK], Boolean.TRUE);
  }

  /**
   * The reader of the {@code readwrite} group.
   *
   * @param state this thread's cursor
   * @return the value or null, for JMH to consume
   */
  @Benchmark
  @Group("readwrite")
  @GroupThreads(1)
  public Boolean readwrite_get(ThreadState state) {
    return peer.get(keys[state.index++ & MASK]);
  }

  /**
   * The writer of the {@code readwrite} group.
   *
   * @param state this thread's cursor
   */
  @Benchmark
  @Group("readwrite")
  @GroupThreads(1)
  public void readwrite_put(ThreadState state) {
    peer.put(keys[state.index++ & MASK], Boolean.TRUE);
  }
}
