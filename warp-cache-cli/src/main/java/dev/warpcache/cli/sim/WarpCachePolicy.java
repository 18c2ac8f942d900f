package dev.warpcache.cli.sim;

import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.WarpCache;
import java.util.function.Function;

/**
 * warp-cache's real cache, used through its public API: each request is {@code cache.get(key,
 * loader)}, and a request is a miss exactly when the loader runs.
 */
public final class WarpCachePolicy implements Policy {

  private final Cache<Long, Long> cache;
  private final Function<Long, Long> loader;
  private long loads;

  /**
   * Creates an empty warp-cache of the given size.
   *
   * @param capacity the cache's {@code maxSize}, at least 1
   */
  public WarpCachePolicy(int capacity) {
    Capacity.check(capacity);
    this.cache = WarpCache.builder().maxSize(capacity).build();
    this.loader =
        key -> {
          loads++;
          return key;
        };
  }

  @Override
  public boolean access(long key) {
    long loadsBefore = loads;
    cache.get(key, loader);
    return loads == loadsBefore;
  }

  /**
   * Returns the cache's own statistics, which must agree with the hits and misses counted here.
   *
   * @return the statistics of the underlying cache
   */
  public CacheInfo info() {
    return cache.info();
  }
}
