package dev.warpcache.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.CacheInfo;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The correctness check of the real cache: warp-cache implements SIEVE, so through its public API
 * it must hit on exactly the same requests as the reference SIEVE, request by request.
 */
class WarpCacheMatchesSieveTest {

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {1, 2, 3, 7, 64, 500})
  void uniformRandomKeys(int size) {
    SplittableRandom random = new SplittableRandom(size);
    long[] keys = new long[50_000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = random.nextInt(4 * size + 3) - size; // negative keys too
    }
    assertSameHitsAsReferenceSieve(keys, size);
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {10, 100, 1_000, 5_000})
  void zipfKeys(int size) {
    SplittableRandom random = new SplittableRandom(31 + size);
    ZipfSampler zipf = new ZipfSampler(10_000, 1.0);
    long[] keys = new long[200_000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = SyntheticWorkloads.mix(zipf.next(random));
    }
    assertSameHitsAsReferenceSieve(keys, size);
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {50, 100, 200})
  void hotSetWithScan(int size) {
    long[] keys = SyntheticWorkloads.hotScan(5, 100_000).trace().keysUnsafe();
    assertSameHitsAsReferenceSieve(keys, size);
  }

  private static void assertSameHitsAsReferenceSieve(long[] keys, int size) {
    WarpCachePolicy warp = new WarpCachePolicy(size);
    SievePolicy sieve = new SievePolicy(size);
    long hits = 0;
    for (int i = 0; i < keys.length; i++) {
      boolean expected = sieve.access(keys[i]);
      boolean actual = warp.access(keys[i]);
      if (actual != expected) {
        throw new AssertionError(
            "request "
                + i
                + " (key "
                + keys[i]
                + ") at size "
                + size
                + ": reference SIEVE "
                + (expected ? "hit" : "missed")
                + ", warp-cache "
                + (actual ? "hit" : "missed"));
      }
      hits += actual ? 1 : 0;
    }
    CacheInfo info = warp.info();
    assertThat(info.hits()).isEqualTo(hits);
    assertThat(info.misses()).isEqualTo(keys.length - hits);
    assertThat(info.currentSize()).isLessThanOrEqualTo(size);
  }
}
