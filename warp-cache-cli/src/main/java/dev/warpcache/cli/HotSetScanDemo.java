package dev.warpcache.cli;

import dev.warpcache.Cache;
import dev.warpcache.WarpCache;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.LongStream;

/**
 * Part 2 of the demo: replays a {@link HotSetWorkload} through a warp-cache {@link Cache} (SIEVE)
 * and through an {@link LruCache} of the same size, and prints the hit ratio of the hot keys over
 * the course of the scan.
 *
 * <p>SIEVE keeps the hot keys: a hot key read since the hand last passed it has its visited bit
 * set, so the hand skips it and evicts the unvisited one-time keys instead. LRU drops a hot key
 * whenever more than its size of other keys come between two reads of it.
 */
final class HotSetScanDemo {

  /** The scan is reported in this many windows of scan keys. */
  private static final int WINDOWS = 4;

  /**
   * The hot reads of the scan and how many of them hit in each cache.
   *
   * @param hotReads reads of a hot key during the scan
   * @param sieveHits those that hit in the warp-cache (SIEVE) cache
   * @param lruHits those that hit in the LRU cache
   */
  record Result(long hotReads, long sieveHits, long lruHits) {

    double sieveRatio() {
      return ratio(sieveHits);
    }

    double lruRatio() {
      return ratio(lruHits);
    }

    private double ratio(long hits) {
      return hotReads == 0 ? 0.0 : (double) hits / hotReads;
    }
  }

  /** Hot reads and hits per window of the scan. */
  private static final class WindowTally {
    final long[] hotReads;
    final long[] sieveHits;
    final long[] lruHits;

    WindowTally(int windows) {
      hotReads = new long[windows];
      sieveHits = new long[windows];
      lruHits = new long[windows];
    }

    Result total() {
      return new Result(
          LongStream.of(hotReads).sum(),
          LongStream.of(sieveHits).sum(),
          LongStream.of(lruHits).sum());
    }
  }

  private final PrintWriter out;
  private final int cacheSize;
  private final HotSetWorkload workload;
  private final int windowSize;

  HotSetScanDemo(PrintWriter out, int cacheSize, HotSetWorkload workload) {
    this.out = out;
    this.cacheSize = cacheSize;
    this.workload = workload;
    this.windowSize = (workload.scanKeys() + WINDOWS - 1) / WINDOWS;
  }

  Result run() {
    Cache<String, String> sieve = WarpCache.builder().maxSize(cacheSize).build();
    LruCache<String> lru = new LruCache<>(cacheSize);
    printIntroduction();
    for (HotSetWorkload.Read read : workload.warmUp()) {
      readSieve(sieve, read.key());
      lru.read(read.key());
    }
    out.printf(Locale.ROOT, "After the warm-up: %s%n%n", sieve.info());
    WindowTally tally = replayScan(sieve, lru);
    Result result = tally.total();
    printTable(tally, result);
    out.printf(
        Locale.ROOT,
        "%nHot-set hit ratio during the scan: SIEVE %.1f%%, LRU %.1f%%%n"
            + "SIEVE keeps the hot set: a hot key read since the hand last passed it is marked%n"
            + "visited, so the hand evicts the one-time scan keys instead. LRU loses a hot key%n"
            + "whenever more than %d other distinct keys come between two reads of it.%n"
            + "Final: %s%n",
        100 * result.sieveRatio(),
        100 * result.lruRatio(),
        cacheSize - 1,
        sieve.info());
    return result;
  }

  private WindowTally replayScan(Cache<String, String> sieve, LruCache<String> lru) {
    WindowTally tally = new WindowTally((workload.scanKeys() + windowSize - 1) / windowSize);
    for (HotSetWorkload.Read read : workload.scan()) {
      boolean sieveHit = readSieve(sieve, read.key());
      boolean lruHit = lru.read(read.key());
      if (read.hot()) {
        int window = (read.scanKeysSoFar() - 1) / windowSize;
        tally.hotReads[window]++;
        tally.sieveHits[window] += sieveHit ? 1 : 0;
        tally.lruHits[window] += lruHit ? 1 : 0;
      }
    }
    return tally;
  }

  private void printIntroduction() {
    out.println("== 2. SIEVE keeps a hot set through a scan ==");
    out.printf(
        Locale.ROOT,
        "Two caches of %d entries each: warp-cache (SIEVE) and a LinkedHashMap in access order%n"
            + "(LRU). Both read the same keys: %d hot keys, %d times each to warm up; then a scan of%n"
            + "%d one-time keys, with a read of a random hot key after every %d scan keys.%n%n",
        cacheSize,
        workload.hotKeys(),
        HotSetWorkload.WARM_UP_ROUNDS,
        workload.scanKeys(),
        workload.scanPerHot());
  }

  private void printTable(WindowTally tally, Result total) {
    printRow("scan keys", "hot reads", "SIEVE hot hits", "LRU hot hits");
    for (int w = 0; w < tally.hotReads.length; w++) {
      int first = w * windowSize + 1;
      int last = Math.min((w + 1) * windowSize, workload.scanKeys());
      long reads = tally.hotReads[w];
      printRow(
          first + " - " + last,
          Long.toString(reads),
          hitsWithRatio(tally.sieveHits[w], reads),
          hitsWithRatio(tally.lruHits[w], reads));
    }
    printRow(
        "whole scan",
        Long.toString(total.hotReads()),
        hitsWithRatio(total.sieveHits(), total.hotReads()),
        hitsWithRatio(total.lruHits(), total.hotReads()));
  }

  private void printRow(String range, String reads, String sieveHits, String lruHits) {
    out.printf(Locale.ROOT, "%-15s %9s   %-16s %s%n", range, reads, sieveHits, lruHits);
  }

  private static String hitsWithRatio(long hits, long reads) {
    double percent = reads == 0 ? 0.0 : 100.0 * hits / reads;
    return String.format(Locale.ROOT, "%d (%.1f%%)", hits, percent);
  }

  /** Reads {@code key} through the warp-cache, storing it on a miss; returns whether it hit. */
  private static boolean readSieve(Cache<String, String> cache, String key) {
    long missesBefore = cache.info().misses();
    cache.get(key, k -> k);
    return cache.info().misses() == missesBefore;
  }
}
