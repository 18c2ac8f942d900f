package dev.warpcache.benchmarks;

import java.util.SplittableRandom;

/**
 * A fixed, reproducible key trace drawn from a scrambled Zipfian distribution, the workload of
 * Caffeine's GetPutBenchmark (which uses YCSB's {@code ScrambledZipfianGenerator}); this is our own
 * small generator, not YCSB's.
 *
 * <ul>
 *   <li>The universe has {@link #ITEMS} = 2^20 distinct keys. Rank {@code r} (0 = most popular) is
 *       drawn with probability proportional to {@code 1 / (r + 1)^}{@link #EXPONENT}, by inverting
 *       the exact cumulative distribution (a binary search over a precomputed table).
 *   <li>Ranks are scrambled into key values with a bijective 32-bit mixer (MurmurHash3's
 *       finalizer), so the popular keys are spread over the hash space instead of being the small
 *       integers.
 *   <li>The trace holds {@link #LENGTH} = 2^20 samples, drawn with a fixed seed: every run and
 *       every peer replays exactly the same keys. Each key is one canonical {@link Integer}
 *       instance, so the trace, the caches and the maps all hold the same objects (no boxing in the
 *       benchmark).
 *   <li>{@link #hotKeys()} are the {@link #CACHE_SIZE} = 2^14 most popular keys (ranks 0 to 2^14 -
 *       1): the keys every cache and map is prepopulated with, so that all peers hold the same
 *       entries and a read hits for exactly the same samples everywhere.
 * </ul>
 */
final class ZipfTrace {

  /** Distinct keys in the universe: 2^20. */
  static final int ITEMS = 1 << 20;

  /** Samples in the trace: 2^20 (a power of two, so a cursor wraps with a mask). */
  static final int LENGTH = 1 << 20;

  /** Maximum size of every bounded peer: 2^14. */
  static final int CACHE_SIZE = 1 << 14;

  /** The Zipf exponent; YCSB's (and so Caffeine's benchmark's) default constant. */
  static final double EXPONENT = 0.99;

  /** The seed of the trace; fixed so that every run replays the same keys. */
  static final long SEED = 0x5EED_CAC4EL;

  private static volatile ZipfTrace instance;

  private final Integer[] trace;
  private final Integer[] hot;
  private final double hotShare;

  private ZipfTrace() {
    double[] cumulative = new double[ITEMS];
    double sum = 0;
    for (int rank = 0; rank < ITEMS; rank++) {
      sum += 1.0 / Math.pow(rank + 1, EXPONENT);
      cumulative[rank] = sum;
    }
    Integer[] byRank = new Integer[ITEMS];
    SplittableRandom random = new SplittableRandom(SEED);
    trace = new Integer[LENGTH];
    int hotSamples = 0;
    for (int i = 0; i < LENGTH; i++) {
      int rank = rankOf(cumulative, random.nextDouble() * sum);
      if (byRank[rank] == null) {
        byRank[rank] = scramble(rank);
      }
      trace[i] = byRank[rank];
      if (rank < CACHE_SIZE) {
        hotSamples++;
      }
    }
    hot = new Integer[CACHE_SIZE];
    for (int rank = 0; rank < CACHE_SIZE; rank++) {
      hot[rank] = byRank[rank] != null ? byRank[rank] : scramble(rank);
    }
    hotShare = (double) hotSamples / LENGTH;
  }

  /**
   * Returns the trace, built once per JVM (each JMH fork builds it in its setup).
   *
   * @return the shared trace
   */
  static ZipfTrace get() {
    ZipfTrace t = instance;
    if (t == null) {
      synchronized (ZipfTrace.class) {
        t = instance;
        if (t == null) {
          t = new ZipfTrace();
          instance = t;
        }
      }
    }
    return t;
  }

  /** The samples, {@link #LENGTH} of them. Callers must not modify the array. */
  Integer[] samples() {
    return trace;
  }

  /** The {@link #CACHE_SIZE} most popular keys, most popular first. Callers must not modify. */
  Integer[] hotKeys() {
    return hot;
  }

  /**
   * The share of samples that are hot keys: the hit ratio of a read on a cache that holds exactly
   * the hot keys.
   */
  double hotShare() {
    return hotShare;
  }

  /** The smallest rank whose cumulative weight exceeds {@code target}. */
  private static int rankOf(double[] cumulative, double target) {
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > target) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  /** MurmurHash3's 32-bit finalizer: a bijection, so distinct ranks stay distinct keys. */
  static Integer scramble(int rank) {
    int h = rank;
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    return h;
  }
}
