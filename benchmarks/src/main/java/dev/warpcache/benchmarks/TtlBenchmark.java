package dev.warpcache.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a TTL on the read path: {@link GetPutBenchmark}'s {@code read} (same trace, same 2^14
 * prepopulated hot keys) on warp-cache and Caffeine, each without and with a TTL of an hour
 * (nothing expires while measuring, so every hit pays the expiry check and nothing else changes).
 * Caffeine's TTL is {@code expireAfterWrite}, warp-cache's only kind. Run with {@code -t 1} and
 * {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TtlBenchmark {

  private static final int MASK = ZipfTrace.LENGTH - 1;

  /** The peer measured in this fork. */
  @Param({
    BasicCache.WARP_CACHE,
    BasicCache.WARP_CACHE_TTL,
    BasicCache.CAFFEINE,
    BasicCache.CAFFEINE_TTL
  })
  public String cache;

  private BasicCache<Integer, Boolean> peer;
  private Integer[] keys;

  /** Creates the benchmark state; JMH calls this. */
  public TtlBenchmark() {}

  /** Creates the peer and prepopulates it with the 2^14 most popular keys. */
  @Setup
  public void setup() {
    ZipfTrace trace = ZipfTrace.get();
    keys = trace.samples();
    peer = BasicCache.create(cache, ZipfTrace.CACHE_SIZE);
    GetPutBenchmark.populate(peer, trace, cache);
  }

  /**
   * Every thread reads.
   *
   * @param state this thread's cursor
   * @return the value or null, for JMH to consume
   */
  @Benchmark
  public Boolean read(GetPutBenchmark.ThreadState state) {
    return peer.get(keys[state.index++ & MASK]);
  }
}
