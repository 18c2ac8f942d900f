package dev.warpcache.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The key sequence of part 2 of the demo: a warm-up that reads each hot key a few times, then a
 * scan of one-time keys with a read of a hot key, chosen at random, after every few scan keys. The
 * same seed always gives the same sequence.
 */
final class HotSetWorkload {

  /** How many times the warm-up reads each hot key. */
  static final int WARM_UP_ROUNDS = 3;

  /**
   * One read of the sequence.
   *
   * @param key the key read
   * @param hot whether the key belongs to the hot set
   * @param scanKeysSoFar how many scan keys the scan has read up to and including this read (0 in
   *     the warm-up)
   */
  record Read(String key, boolean hot, int scanKeysSoFar) {}

  private final int hotKeys;
  private final int scanKeys;
  private final int scanPerHot;
  private final long seed;

  HotSetWorkload(int hotKeys, int scanKeys, int scanPerHot, long seed) {
    this.hotKeys = hotKeys;
    this.scanKeys = scanKeys;
    this.scanPerHot = scanPerHot;
    this.seed = seed;
  }

  int hotKeys() {
    return hotKeys;
  }

  int scanKeys() {
    return scanKeys;
  }

  int scanPerHot() {
    return scanPerHot;
  }

  /** Reads each hot key {@link #WARM_UP_ROUNDS} times, in order. */
  List<Read> warmUp() {
    List<Read> reads = new ArrayList<>();
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      for (int k = 0; k < hotKeys; k++) {
        reads.add(new Read(hotKey(k), true, 0));
      }
    }
    return reads;
  }

  /** Reads each scan key once, and a random hot key after every {@code scanPerHot} of them. */
  List<Read> scan() {
    Random random = new Random(seed);
    List<Read> reads = new ArrayList<>();
    for (int i = 0; i < scanKeys; i++) {
      reads.add(new Read("scan-" + i, false, i + 1));
      if ((i + 1) % scanPerHot == 0) {
        reads.add(new Read(hotKey(random.nextInt(hotKeys)), true, i + 1));
      }
    }
    return reads;
  }

  private static String hotKey(int k) {
    return "hot-" + k;
  }
}
