package dev.warpcache.jcache;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The statistics of one JCache cache, kept by the JCache layer (JCache counts puts, removals and
 * timings that the warp-cache core does not). Evictions add the core's SIEVE evictions to the
 * entries this layer found expired. Counting happens only while statistics are enabled.
 */
final class Statistics implements CacheStatisticsMXBean {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private final LongSupplier coreEvictions;
  private volatile long coreEvictionsBase;
  private volatile boolean enabled;

  /**
   * Creates the statistics.
   *
   * @param coreEvictions reads the warp-cache core's eviction count
   */
  Statistics(LongSupplier coreEvictions) {
    this.coreEvictions = coreEvictions;
    this.coreEvictionsBase = coreEvictions.getAsLong();
  }

  boolean isEnabled() {
    return enabled;
  }

  void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Returns a start time for a timed operation, or 0 when statistics are off. */
  long start() {
    return enabled ? System.nanoTime() : 0;
  }

  void recordHits(long count) {
    if (enabled) {
      hits.add(count);
    }
  }

  void recordMisses(long count) {
    if (enabled) {
      misses.add(count);
    }
  }

  void recordPuts(long count) {
    if (enabled) {
      puts.add(count);
    }
  }

  void recordRemovals(long count) {
    if (enabled) {
      removals.add(count);
    }
  }

  void recordExpiration() {
    if (enabled) {
      evictions.increment();
    }
  }

  void recordGetTime(long start) {
    if (enabled && start != 0) {
      getNanos.add(System.nanoTime() - start);
    }
  }

  void recordPutTime(long start) {
    if (enabled && start != 0) {
      putNanos.add(System.nanoTime() - start);
    }
  }

  void recordRemoveTime(long start) {
    if (enabled && start != 0) {
      removeNanos.add(System.nanoTime() - start);
    }
  }

  /**
   * Called just before the core's counters are reset (its {@code clear()}), so that the core's
   * evictions so far stay counted.
   */
  synchronized void beforeCoreReset() {
    long core = coreEvictions.getAsLong();
    evictions.add(Math.max(0, core - coreEvictionsBase));
    coreEvictionsBase = 0;
  }

  @Override
  public synchronized void clear() {
    hits.reset();
    misses.reset();
    puts.reset();
    removals.reset();
    evictions.reset();
    getNanos.reset();
    putNanos.reset();
    removeNanos.reset();
    coreEvictionsBase = coreEvictions.getAsLong();
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : 100f * getCacheHits() / gets;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : 100f * getCacheMisses() / gets;
  }

  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum() + Math.max(0, coreEvictions.getAsLong() - coreEvictionsBase);
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeNanos.sum(), getCacheRemovals());
  }

  private static float averageMicros(long nanos, long count) {
    return count == 0 ? 0f : (nanos / 1_000f) / count;
  }
}
