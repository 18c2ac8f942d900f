package dev.warpcache.cli.sim;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Caffeine's bounded cache (W-TinyLFU: a small LRU window, a segmented LRU main region, and a
 * frequency sketch that decides whether a candidate from the window may replace the main region's
 * victim). Requests go through {@code getIfPresent} and, on a miss, {@code put}, as Caffeine's own
 * simulator does. The maintenance work runs on the calling thread ({@code executor(Runnable::run)})
 * and {@code cleanUp()} follows each write, so every eviction has happened before the next request.
 */
public final class CaffeinePolicy implements Policy {

  private final Cache<Long, Boolean> cache;

  /**
   * Creates an empty Caffeine cache.
   *
   * @param capacity the cache's {@code maximumSize}, at least 1
   */
  public CaffeinePolicy(int capacity) {
    Capacity.check(capacity);
    this.cache = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
  }

  @Override
  public boolean access(long key) {
    if (cache.getIfPresent(key) != null) {
      return true;
    }
    cache.put(key, Boolean.TRUE);
    cache.cleanUp();
    return false;
  }

  /** The number of cached keys, for tests. */
  long size() {
    return cache.estimatedSize();
  }
}
