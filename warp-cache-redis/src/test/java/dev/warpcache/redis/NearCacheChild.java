package dev.warpcache.redis;

import dev.warpcache.Cache;
import dev.warpcache.CachedFunction;
import dev.warpcache.WarpCache;
import java.time.Duration;

/**
 * A child JVM of {@link RedisNearCacheProcessTest}: a near cache over a real Redis, driven by the
 * operations given on the command line; prints what each one saw.
 */
public final class NearCacheChild {
  private NearCacheChild() {}

  /**
   * Runs the operations.
   *
   * @param args Redis URI, cache name, then operations: {@code memo:N} (calls the memoized {@code
   *     length} function for keys 0..N-1 and prints {@code runs=R}), {@code put:K:V}, {@code clear}
   */
  public static void main(String[] args) {
    try (RedisTier tier = RedisTier.connect(args[0], Duration.ofSeconds(2))) {
      for (int i = 2; i < args.length; i++) {
        String[] op = args[i].split(":", 3);
        switch (op[0]) {
          case "memo" -> {
            int[] runs = {0};
            CachedFunction<String, Integer> length =
                WarpCache.builder()
                    .name(args[1])
                    .maxSize(1_000)
                    .remote(tier)
                    .memoize(
                        (String s) -> {
                          runs[0]++;
                          return s.length();
                        });
            for (int k = 0; k < Integer.parseInt(op[1]); k++) {
              length.apply("key-" + k);
            }
            System.out.println("runs=" + runs[0]);
          }
          case "put" -> cache(args[1], tier).put(op[1], op[2]);
          case "clear" -> cache(args[1], tier).clear();
          default -> throw new IllegalArgumentException("unknown operation " + args[i]);
        }
      }
    }
  }

  static Cache<String, String> cache(String name, RedisTier tier) {
    return WarpCache.builder().name(name).maxSize(1_000).remote(tier).build();
  }
}
