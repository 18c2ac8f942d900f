package dev.warpcache.cli.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic workloads of the original warp_cache's benchmarks, generated from a seed (the same
 * seed always gives the same keys):
 *
 * <ul>
 *   <li>{@code zipf-1.0}: Zipf α=1.0 over 10,000 keys, at cache sizes from 0.1% to 50% of them;
 *   <li>{@code hot-scan}: a hot set of 100 keys (half of the requests, uniformly) mixed with
 *       one-time scan keys (the other half), at sizes below, at and above the hot set;
 *   <li>{@code one-hit-P%}: Zipf α=1.0 over 10,000 keys where P% (0, 25, 50, 75) of the requests
 *       are one-hit wonders, keys requested once and never again;
 *   <li>{@code ws-shift}: Zipf α=1.0 over 10,000 keys, then halfway through the popular set changes
 *       to 10,000 other keys.
 * </ul>
 *
 * <p>Keys are scrambled by a bijective 64-bit mix, so keys of different roles never collide.
 */
public final class SyntheticWorkloads {

  /** The number of keys of the Zipf distributions. */
  public static final int ZIPF_KEYS = 10_000;

  /** The Zipf exponent of every workload here. */
  public static final double ALPHA = 1.0;

  /** The number of keys of the hot set of {@code hot-scan}. */
  public static final int HOT_KEYS = 100;

  static final int ZIPF_REQUESTS = 1_000_000;
  static final int HOT_SCAN_REQUESTS = 200_000;
  static final int ONE_HIT_REQUESTS = 500_000;
  static final int SHIFT_REQUESTS = 500_000;

  private static final List<Integer> ZIPF_SIZES = List.of(10, 100, 500, 1_000, 2_500, 5_000);
  private static final List<Integer> HOT_SCAN_SIZES = List.of(50, 100, 200, 1_000);
  private static final List<Integer> ONE_HIT_SIZES = List.of(100, 1_000);
  private static final List<Integer> SHIFT_SIZES = List.of(100, 1_000);
  private static final int[] ONE_HIT_PERCENTS = {0, 25, 50, 75};

  private static final long ZIPF_SPACE = 1;
  private static final long HOT_SPACE = 2;
  private static final long SCAN_SPACE = 3;
  private static final long ONE_HIT_SPACE = 4;
  private static final long SHIFTED_SPACE = 5;

  private SyntheticWorkloads() {}

  /**
   * Generates every synthetic workload.
   *
   * @param seed the seed of the random choices
   * @param maxRequests the most requests per workload (each has its own default length, at most
   *     1,000,000)
   * @return the workloads, in the order listed above
   */
  public static List<Workload> all(long seed, int maxRequests) {
    List<Workload> workloads = new ArrayList<>();
    workloads.add(zipf(seed, Math.min(ZIPF_REQUESTS, maxRequests)));
    workloads.add(hotScan(seed, Math.min(HOT_SCAN_REQUESTS, maxRequests)));
    for (int percent : ONE_HIT_PERCENTS) {
      workloads.add(oneHitWonders(seed, percent, Math.min(ONE_HIT_REQUESTS, maxRequests)));
    }
    workloads.add(workingSetShift(seed, Math.min(SHIFT_REQUESTS, maxRequests)));
    return workloads;
  }

  /**
   * Zipf α=1.0 over {@value #ZIPF_KEYS} keys, at 0.1%, 1%, 5%, 10%, 25% and 50% of them.
   *
   * @param seed the seed
   * @param requests the length
   * @return the workload {@code zipf-1.0}
   */
  public static Workload zipf(long seed, int requests) {
    SplittableRandom random = random(seed, 1);
    ZipfSampler zipf = new ZipfSampler(ZIPF_KEYS, ALPHA);
    long[] keys = new long[requests];
    for (int i = 0; i < requests; i++) {
      keys[i] = key(ZIPF_SPACE, zipf.next(random));
    }
    return new Workload(Trace.wrap("zipf-1.0", keys), ZIPF_SIZES);
  }

  /**
   * {@value #HOT_KEYS} hot keys, each request one of them (uniformly) with probability 1/2, or else
   * a scan key never requested before or after.
   *
   * @param seed the seed
   * @param requests the length
   * @return the workload {@code hot-scan}
   */
  public static Workload hotScan(long seed, int requests) {
    SplittableRandom random = random(seed, 2);
    long[] keys = new long[requests];
    int scanned = 0;
    for (int i = 0; i < requests; i++) {
      keys[i] =
          random.nextBoolean()
              ? key(HOT_SPACE, random.nextInt(HOT_KEYS))
              : key(SCAN_SPACE, scanned++);
    }
    return new Workload(Trace.wrap("hot-scan", keys), HOT_SCAN_SIZES);
  }

  /**
   * Zipf α=1.0 over {@value #ZIPF_KEYS} keys, with {@code percent}% of the requests replaced by
   * one-hit wonders, at 1% and 10% of the Zipf keys.
   *
   * @param seed the seed
   * @param percent the share of one-hit wonders, from 0 to 100
   * @param requests the length
   * @return the workload {@code one-hit-<percent>%}
   */
  public static Workload oneHitWonders(long seed, int percent, int requests) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be from 0 to 100, but was " + percent);
    }
    SplittableRandom random = random(seed, 3 + percent);
    ZipfSampler zipf = new ZipfSampler(ZIPF_KEYS, ALPHA);
    long[] keys = new long[requests];
    int wonders = 0;
    for (int i = 0; i < requests; i++) {
      keys[i] =
          random.nextInt(100) < percent
              ? key(ONE_HIT_SPACE, wonders++)
              : key(ZIPF_SPACE, zipf.next(random));
    }
    return new Workload(Trace.wrap("one-hit-" + percent + "%", keys), ONE_HIT_SIZES);
  }

  /**
   * Zipf α=1.0 over {@value #ZIPF_KEYS} keys for the first half of the requests, and over as many
   * other keys for the second half, at 1% and 10% of the Zipf keys.
   *
   * @param seed the seed
   * @param requests the length
   * @return the workload {@code ws-shift}
   */
  public static Workload workingSetShift(long seed, int requests) {
    SplittableRandom random = random(seed, 200);
    ZipfSampler zipf = new ZipfSampler(ZIPF_KEYS, ALPHA);
    long[] keys = new long[requests];
    for (int i = 0; i < requests; i++) {
      long space = i < requests / 2 ? ZIPF_SPACE : SHIFTED_SPACE;
      keys[i] = key(space, zipf.next(random));
    }
    return new Workload(Trace.wrap("ws-shift", keys), SHIFT_SIZES);
  }

  /** An independent generator per workload, so that each depends only on the seed. */
  private static SplittableRandom random(long seed, long stream) {
    return new SplittableRandom(mix(seed ^ mix(stream)));
  }

  private static long key(long space, long index) {
    return mix((space << 40) | index);
  }

  /** The finalizer of SplitMix64: a bijection on 64-bit values that scrambles them. */
  static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
