package dev.warpcache.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.warpcache.CachedBiFunction;
import dev.warpcache.CachedFunction;
import dev.warpcache.WarpCache;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
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
 * The cost of a hit of a memoized function, one and two arguments, every peer in one run; run it
 * with {@code -prof gc} so that JMH reports the bytes allocated per call ({@code
 * gc.alloc.rate.norm}).
 *
 * <ul>
 *   <li>{@code warp-cache}: {@code WarpCache.builder().memoize(Function)} and {@code
 *       memoize(BiFunction)}, statistics on (always).
 *   <li>{@code chm}: {@link ConcurrentHashMap#get}, the practical limit. One argument: the {@code
 *       Integer} itself is the key. Two arguments: a {@code record ArgPair(Integer, Integer)} made
 *       for each call, which is what code that memoizes by hand writes (a nested map would be an
 *       alternative; it is not measured here).
 *   <li>{@code caffeine}: {@code Cache.get(key, mappingFunction)} with the same keys (the record
 *       for two arguments), statistics off (its default).
 * </ul>
 *
 * <p>Every cache holds every key before measuring, so every call hits. The keys are 64 preboxed
 * {@link Integer}s (and 64 pairs of them), cycled by each thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MemoizeHitBenchmark {

  /** Keys in the set: a power of two, so that the next key is an index mask away. */
  private static final int KEYS = 64;

  private static final Function<Integer, Integer> SQUARE = n -> n * n;
  private static final BiFunction<Integer, Integer, Integer> PRODUCT = (a, b) -> a * b;
  private static final Function<ArgPair, Integer> PAIR_PRODUCT = p -> p.a() * p.b();

  /** The peer measured in this fork. */
  @Param({"warp-cache", "chm", "caffeine"})
  public String cache;

  private final Integer[] firsts = new Integer[KEYS];
  private final Integer[] seconds = new Integer[KEYS];
  private Memo memo;

  /** The two-argument key of the map peers. */
  record ArgPair(Integer a, Integer b) {}

  /** One peer's one- and two-argument memoized forms. */
  interface Memo {
    Integer apply(Integer a);

    Integer apply(Integer a, Integer b);
  }

  /** Each thread's position in the key set, so that threads do not share a written field. */
  @State(Scope.Thread)
  public static class KeyCursor {
    int next;

    /** Creates a cursor at the start of the key set; JMH calls this. */
    public KeyCursor() {}

    int advance() {
      next = (next + 1) & (KEYS - 1);
      return next;
    }
  }

  /** Creates the benchmark state; JMH calls this. */
  public MemoizeHitBenchmark() {}

  /** Builds the peer with room for every key and calls it once per key, so that all calls hit. */
  @Setup
  public void populate() {
    switch (cache) {
      case "warp-cache":
        memo = new WarpMemo();
        break;
      case "chm":
        memo = new MapMemo();
        break;
      case "caffeine":
        memo = new CaffeineMemo();
        break;
      default:
        throw new IllegalArgumentException("unknown cache: " + cache);
    }
    for (int i = 0; i < KEYS; i++) {
      firsts[i] = 1000 + i;
      seconds[i] = 2000 + 7 * i;
      memo.apply(firsts[i]);
      memo.apply(firsts[i], seconds[i]);
    }
  }

  /**
   * A hit of a one-argument memoized function.
   *
   * @param cursor this thread's position in the key set
   * @return the cached value, for JMH to consume
   */
  @Benchmark
  public Integer oneArg(KeyCursor cursor) {
    return memo.apply(firsts[cursor.advance()]);
  }

  /**
   * A hit of a two-argument memoized function.
   *
   * @param cursor this thread's position in the key set
   * @return the cached value, for JMH to consume
   */
  @Benchmark
  public Integer twoArgs(KeyCursor cursor) {
    int i = cursor.advance();
    return memo.apply(firsts[i], seconds[i]);
  }

  private static final class WarpMemo implements Memo {
    private final CachedFunction<Integer, Integer> one =
        WarpCache.builder().maxSize(2 * KEYS).memoize(SQUARE);
    private final CachedBiFunction<Integer, Integer, Integer> two =
        WarpCache.builder().maxSize(2 * KEYS).memoize(PRODUCT);

    @Override
    public Integer apply(Integer a) {
      return one.apply(a);
    }

    @Override
    public Integer apply(Integer a, Integer b) {
      return two.apply(a, b);
    }
  }

  private static final class MapMemo implements Memo {
    private final ConcurrentHashMap<Integer, Integer> one = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ArgPair, Integer> two = new ConcurrentHashMap<>();

    @Override
    public Integer apply(Integer a) {
      Integer value = one.get(a);
      return value != null ? value : one.computeIfAbsent(a, SQUARE);
    }

    @Override
    public Integer apply(Integer a, Integer b) {
      ArgPair key = new ArgPair(a, b);
      Integer value = two.get(key);
      return value != null ? value : two.computeIfAbsent(key, PAIR_PRODUCT);
    }
  }

  private static final class CaffeineMemo implements Memo {
    private final com.github.benmanes.caffeine.cache.Cache<Integer, Integer> one =
        Caffeine.newBuilder().maximumSize(2 * KEYS).build();
    private final com.github.benmanes.caffeine.cache.Cache<ArgPair, Integer> two =
        Caffeine.newBuilder().maximumSize(2 * KEYS).build();

    @Override
    public Integer apply(Integer a) {
      return one.get(a, SQUARE);
    }

    @Override
    public Integer apply(Integer a, Integer b) {
      return two.get(new ArgPair(a, b), PAIR_PRODUCT);
    }
  }
}
