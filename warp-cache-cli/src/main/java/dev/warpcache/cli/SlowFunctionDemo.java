package dev.warpcache.cli;

import dev.warpcache.CacheInfo;
import dev.warpcache.CachedFunction;
import dev.warpcache.WarpCache;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Part 1 of the demo: memoizes a slow function in a cache of three entries and prints each call
 * with hit or miss, its time and the statistics after it. The calls are chosen so that the cache
 * fills up and SIEVE has to evict twice.
 */
final class SlowFunctionDemo {

  /** The cache is this small so that the calls below make it evict. */
  static final int MAX_SIZE = 3;

  /** 3 is read again before the cache is full, so SIEVE keeps it when 20 and the second 7 come. */
  private static final int[] CALLS = {3, 3, 7, 12, 3, 20, 3, 7};

  private final PrintWriter out;
  private final Duration delay;

  SlowFunctionDemo(PrintWriter out, Duration delay) {
    this.out = out;
    this.delay = delay;
  }

  void run() {
    CachedFunction<Integer, Integer> slowSquare =
        WarpCache.builder().maxSize(MAX_SIZE).memoize(this::slowSquare);
    out.println("== 1. A slow function, memoized ==");
    out.printf(
        Locale.ROOT,
        "slowSquare(n) sleeps %d ms, then returns n * n. Memoized with%n"
            + "  WarpCache.builder().maxSize(%d).memoize(this::slowSquare)%n%n",
        delay.toMillis(),
        MAX_SIZE);
    for (int i = 0; i < CALLS.length; i++) {
      int n = CALLS[i];
      long missesBefore = slowSquare.cacheInfo().misses();
      long start = System.nanoTime();
      int result = slowSquare.apply(n);
      double millis = (System.nanoTime() - start) / 1e6;
      CacheInfo info = slowSquare.cacheInfo();
      String outcome = info.misses() > missesBefore ? "miss" : "hit";
      out.printf(
          Locale.ROOT,
          "call %d: slowSquare(%2d) = %3d  %-4s %8.3f ms  %s%n",
          i + 1,
          n,
          result,
          outcome,
          millis,
          info);
    }
    out.printf(
        Locale.ROOT,
        "%nA miss runs the function; a hit returns the stored result without running it.%n"
            + "When the cache is full, SIEVE evicts an entry that was not read again since it was%n"
            + "stored: 3 was read again, so it stayed (call 7 is a hit) while 7 was evicted%n"
            + "(call 8 is a miss).%n"
            + "Final: %s%n",
        slowSquare.cacheInfo());
  }

  private int slowSquare(int n) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while computing slowSquare(" + n + ")", e);
    }
    return n * n;
  }
}
