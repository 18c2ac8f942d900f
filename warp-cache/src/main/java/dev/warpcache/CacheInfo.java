package dev.warpcache;

/**
 * A snapshot of a cache's statistics.
 *
 * <p>Statistics are always on and exact. Every lookup counts once: {@code hits + misses} equals the
 * number of lookups that returned or threw from the function (a call whose function threw counts as
 * a miss). A call that waited for another thread's computation of the same key counts as a hit, so
 * for memoized functions and {@code Cache.get(key, loader)} {@code misses} is exactly the number of
 * times the function (or loader) ran; a {@code getIfPresent} that finds nothing is a miss too.
 * Reads through {@code Cache.asMap()} do not count. {@code cacheClear()} resets every counter to
 * zero.
 *
 * @param hits lookups answered from the cache, including calls that waited for a concurrent
 *     computation of the same key
 * @param misses lookups that ran the function or loader, or found nothing
 * @param evictions entries removed to make room or because their TTL had passed
 * @param maxSize the most entries the cache holds
 * @param currentSize the entries the cache holds now (expired ones not yet evicted included)
 * @param loadSuccesses runs of the function or loader that returned a value (for an async function:
 *     whose future completed normally)
 * @param loadFailures runs of the function or loader that threw (for an async function: whose
 *     future failed or was cancelled)
 * @param totalLoadTimeNanos the time spent in those runs, in nanoseconds of {@link
 *     System#nanoTime()} (for an async function: until its future completed)
 * @param oversizeSkips keys or values of {@link Backend#SHARED} caches not stored because their
 *     encoding was over {@code maxKeySize} or {@code maxValueSize} (always 0 in memory)
 * @param remoteHits the part of {@code hits} answered by a {@link RemoteTier} after a near-cache
 *     miss (always 0 without one); {@link #nearHits()} is the rest
 * @param remoteErrors remote-tier commands that failed or timed out, and remote values that could
 *     not be decoded; each such lookup was answered by running the function (always 0 without a
 *     remote tier)
 */
public record CacheInfo(
    long hits,
    long misses,
    long evictions,
    long maxSize,
    long currentSize,
    long loadSuccesses,
    long loadFailures,
    long totalLoadTimeNanos,
    long oversizeSkips,
    long remoteHits,
    long remoteErrors) {

  /**
   * Creates a snapshot of a cache without a remote tier.
   *
   * @param hits lookups answered from the cache
   * @param misses lookups that ran the function or loader, or found nothing
   * @param evictions entries removed to make room or because their TTL had passed
   * @param maxSize the most entries the cache holds
   * @param currentSize the entries the cache holds now
   * @param loadSuccesses runs of the function or loader that returned a value
   * @param loadFailures runs of the function or loader that threw
   * @param totalLoadTimeNanos the time spent in those runs, in nanoseconds
   * @param oversizeSkips keys or values not stored because they were over their limit
   */
  public CacheInfo(
      long hits,
      long misses,
      long evictions,
      long maxSize,
      long currentSize,
      long loadSuccesses,
      long loadFailures,
      long totalLoadTimeNanos,
      long oversizeSkips) {
    this(
        hits,
        misses,
        evictions,
        maxSize,
        currentSize,
        loadSuccesses,
        loadFailures,
        totalLoadTimeNanos,
        oversizeSkips,
        0,
        0);
  }

  /**
   * Creates a snapshot with no load statistics, for comparisons of the counts alone.
   *
   * @param hits lookups answered from the cache
   * @param misses lookups that ran the function or loader, or found nothing
   * @param evictions entries removed to make room or because their TTL had passed
   * @param maxSize the most entries the cache holds
   * @param currentSize the entries the cache holds now
   */
  public CacheInfo(long hits, long misses, long evictions, long maxSize, long currentSize) {
    this(hits, misses, evictions, maxSize, currentSize, 0, 0, 0, 0, 0, 0);
  }

  /**
   * Returns the hits answered by this JVM's own entries: {@code hits - remoteHits}.
   *
   * @return the near hits
   */
  public long nearHits() {
    return hits - remoteHits;
  }

  /**
   * Returns the average time of a load, successful or not, in nanoseconds, or 0 without loads.
   *
   * @return the average load penalty
   */
  public double averageLoadPenaltyNanos() {
    long loads = loadSuccesses + loadFailures;
    return loads == 0 ? 0.0 : (double) totalLoadTimeNanos / loads;
  }

  /**
   * Returns {@code hits / (hits + misses)}, or {@code 0.0} when there were no lookups.
   *
   * @return the hit ratio, between 0 and 1
   */
  public double hitRatio() {
    long total = hits + misses;
    return total == 0 ? 0.0 : (double) hits / total;
  }

  /**
   * Renders the counts the way the original decorator printed them, plus the evictions; the load
   * statistics have their accessors.
   */
  @Override
  public String toString() {
    return "CacheInfo(hits="
        + hits
        + ", misses="
        + misses
        + ", max_size="
        + maxSize
        + ", current_size="
        + currentSize
        + ", evictions="
        + evictions
        + ")";
  }
}
