package dev.warpcache;

/**
 * What every memoized function offers beyond its functional interface: its statistics and a way to
 * empty it.
 */
public interface Memoized {

  /**
   * Returns a snapshot of this function's cache statistics.
   *
   * @return hits, misses, evictions, the maximum and the current size
   */
  CacheInfo cacheInfo();

  /** Drops every cached result and resets the statistics to zero. */
  void cacheClear();
}
