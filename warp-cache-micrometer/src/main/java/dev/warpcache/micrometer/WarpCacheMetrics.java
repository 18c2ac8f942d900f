package dev.warpcache.micrometer;

import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.Memoized;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Micrometer {@link MeterBinder} for a warp-cache {@link Cache} or {@link Memoized memoized
 * function}, with the meter names and tags of Micrometer's own cache binders ({@code
 * CaffeineCacheMetrics}, {@code GuavaCacheMetrics}, ...), so that existing cache dashboards and
 * alerts work unchanged.
 *
 * <pre>{@code
 * Cache<String, Row> rows = WarpCacheMetrics.monitor(registry, WarpCache.builder().build(), "rows");
 * CachedFunction<Long, User> users =
 *     WarpCacheMetrics.monitor(registry, WarpCache.builder().memoize(repo::find), "users");
 * }</pre>
 *
 * <p>Every meter carries the tag {@code cache=<name>} plus the tags given (for example {@code
 * cache.manager}). The meters, all read from {@link CacheInfo} when the registry polls them:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>value</th></tr>
 *   <tr><td>{@code cache.gets{result=hit}}</td><td>function counter</td>
 *       <td>{@link CacheInfo#hits()}: lookups answered from the cache, including calls that waited
 *       for a concurrent computation of the same key</td></tr>
 *   <tr><td>{@code cache.gets{result=miss}}</td><td>function counter</td>
 *       <td>{@link CacheInfo#misses()}: lookups that ran the function or loader (whether it
 *       returned or threw), or, for {@link Cache#getIfPresent}, found nothing</td></tr>
 *   <tr><td>{@code cache.evictions}</td><td>function counter</td>
 *       <td>{@link CacheInfo#evictions()}: entries removed to make room or because their TTL had
 *       passed (explicit invalidations are not evictions)</td></tr>
 *   <tr><td>{@code cache.size}</td><td>gauge</td>
 *       <td>{@link CacheInfo#currentSize()}: entries held now, expired ones not yet evicted
 *       included</td></tr>
 *   <tr><td>{@code cache.max.size}</td><td>gauge</td>
 *       <td>{@link CacheInfo#maxSize()}: the most entries the cache holds (specific to
 *       warp-cache)</td></tr>
 * </table>
 *
 * <p>The load meters of Micrometer's loading-cache binders, also read from {@link CacheInfo}:
 *
 * <table>
 *   <caption>Load meters</caption>
 *   <tr><th>name</th><th>type</th><th>value</th></tr>
 *   <tr><td>{@code cache.load{result=success}}</td><td>function counter</td>
 *       <td>{@link CacheInfo#loadSuccesses()}: runs of the function or loader that returned a
 *       value (an async one: whose future completed normally)</td></tr>
 *   <tr><td>{@code cache.load{result=failure}}</td><td>function counter</td>
 *       <td>{@link CacheInfo#loadFailures()}: runs that threw (an async one: whose future failed or
 *       was cancelled)</td></tr>
 *   <tr><td>{@code cache.load.duration}</td><td>time gauge</td>
 *       <td>{@link CacheInfo#totalLoadTimeNanos()}: the time spent loading</td></tr>
 * </table>
 *
 * <p>The meters of warp-cache's own counts, also function counters read from {@link CacheInfo}:
 *
 * <table>
 *   <caption>warp-cache meters</caption>
 *   <tr><th>name</th><th>type</th><th>value</th></tr>
 *   <tr><td>{@code cache.oversize.skips}</td><td>function counter</td>
 *       <td>{@link CacheInfo#oversizeSkips()}: keys or values of a {@link
 *       dev.warpcache.Backend#SHARED shared} cache that were not stored because their encoding was
 *       over {@code maxKeySize} or {@code maxValueSize} (always 0 in memory)</td></tr>
 *   <tr><td>{@code cache.remote.hits}</td><td>function counter</td>
 *       <td>{@link CacheInfo#remoteHits()}: the part of {@code cache.gets{result=hit}} answered by
 *       a remote tier after a near-cache miss (always 0 without one)</td></tr>
 *   <tr><td>{@code cache.remote.errors}</td><td>function counter</td>
 *       <td>{@link CacheInfo#remoteErrors()}: remote-tier commands that failed or timed out, and
 *       remote values that could not be decoded (always 0 without a remote tier)</td></tr>
 * </table>
 *
 * <p>Remote hits are a separate meter rather than a {@code tier} tag on {@code cache.gets}, so that
 * {@code cache.gets} keeps the tags of Micrometer's binders and its hits are not counted twice.
 *
 * <p>Not published, because warp-cache does not count it and a made-up value would mislead: {@code
 * cache.puts}. For a memoized function {@code cache.gets{result=miss}} is exactly the number of
 * times the function ran, successful or not.
 *
 * <p>{@link Memoized#cacheClear()}, {@link Cache#clear()} and {@code asMap().clear()} reset
 * warp-cache's statistics to zero, so the counters above then start again from zero: monitoring
 * systems see a counter reset, as after a restart of the application.
 *
 * <p>Like Micrometer's other cache binders, this binder holds the cache through a weak reference:
 * monitoring a cache does not keep it from being garbage collected, and once it is, its meters
 * report {@code NaN}.
 */
public final class WarpCacheMetrics extends CacheMeterBinder<Object> {

  /** {@code CacheMeterBinder}'s marker for a count the cache does not keep: no meter is bound. */
  private static final long UNSUPPORTED = -1L;

  private final Function<Object, CacheInfo> statistics;

  /**
   * Creates a binder for a cache object; {@link #bindTo(MeterRegistry)} registers its meters.
   *
   * @param cache the cache to monitor
   * @param cacheName the value of the {@code cache} tag
   * @param tags further tags for every meter
   * @throws NullPointerException if an argument is {@code null}
   */
  public WarpCacheMetrics(Cache<?, ?> cache, String cacheName, Iterable<Tag> tags) {
    this(cache, cacheName, tags, WarpCacheMetrics::cacheStatistics);
  }

  /**
   * Creates a binder for a memoized function (any {@code Cached*Function}, or the cache of a
   * decorated method from {@link dev.warpcache.WarpCache#cacheOf}); {@link #bindTo(MeterRegistry)}
   * registers its meters.
   *
   * @param function the memoized function to monitor
   * @param cacheName the value of the {@code cache} tag
   * @param tags further tags for every meter
   * @throws NullPointerException if an argument is {@code null}
   */
  public WarpCacheMetrics(Memoized function, String cacheName, Iterable<Tag> tags) {
    this(function, cacheName, tags, WarpCacheMetrics::memoizedStatistics);
  }

  private WarpCacheMetrics(
      Object cache, String cacheName, Iterable<Tag> tags, Function<Object, CacheInfo> statistics) {
    super(
        Objects.requireNonNull(cache, "cache"),
        Objects.requireNonNull(cacheName, "cacheName"),
        Objects.requireNonNull(tags, "tags"));
    // A non-capturing method reference: it must not hold the cache, which super holds weakly.
    this.statistics = statistics;
  }

  /**
   * Binds the meters of {@code cache} to {@code registry} and returns the cache.
   *
   * @param registry the registry
   * @param cache the cache to monitor
   * @param cacheName the value of the {@code cache} tag
   * @param tags further tags, as key-value pairs
   * @param <C> the type of the cache
   * @return {@code cache}
   * @throws IllegalArgumentException if {@code tags} has an odd number of elements
   */
  public static <C extends Cache<?, ?>> C monitor(
      MeterRegistry registry, C cache, String cacheName, String... tags) {
    return monitor(registry, cache, cacheName, Tags.of(tags));
  }

  /**
   * Binds the meters of {@code cache} to {@code registry} and returns the cache.
   *
   * @param registry the registry
   * @param cache the cache to monitor
   * @param cacheName the value of the {@code cache} tag
   * @param tags further tags
   * @param <C> the type of the cache
   * @return {@code cache}
   */
  public static <C extends Cache<?, ?>> C monitor(
      MeterRegistry registry, C cache, String cacheName, Iterable<Tag> tags) {
    new WarpCacheMetrics(cache, cacheName, tags).bindTo(registry);
    return cache;
  }

  /**
   * Binds the meters of a memoized function to {@code registry} and returns the function.
   *
   * @param registry the registry
   * @param function the memoized function to monitor
   * @param cacheName the value of the {@code cache} tag
   * @param tags further tags, as key-value pairs
   * @param <M> the type of the memoized function
   * @return {@code function}
   * @throws IllegalArgumentException if {@code tags} has an odd number of elements
   */
  public static <M extends Memoized> M monitor(
      MeterRegistry registry, M function, String cacheName, String... tags) {
    return monitor(registry, function, cacheName, Tags.of(tags));
  }

  /**
   * Binds the meters of a memoized function to {@code registry} and returns the function.
   *
   * @param registry the registry
   * @param function the memoized function to monitor
   * @param cacheName the value of the {@code cache} tag
   * @param tags further tags
   * @param <M> the type of the memoized function
   * @return {@code function}
   */
  public static <M extends Memoized> M monitor(
      MeterRegistry registry, M function, String cacheName, Iterable<Tag> tags) {
    new WarpCacheMetrics(function, cacheName, tags).bindTo(registry);
    return function;
  }

  /** Returns the statistics, or {@code null} once the cache has been garbage collected. */
  private CacheInfo info() {
    Object cache = getCache();
    return cache == null ? null : statistics.apply(cache);
  }

  @Override
  protected Long size() {
    CacheInfo info = info();
    return info == null ? null : info.currentSize();
  }

  @Override
  protected long hitCount() {
    CacheInfo info = info();
    return info == null ? 0 : info.hits();
  }

  @Override
  protected Long missCount() {
    CacheInfo info = info();
    return info == null ? null : info.misses();
  }

  @Override
  protected Long evictionCount() {
    CacheInfo info = info();
    return info == null ? null : info.evictions();
  }

  /** Warp-cache does not count puts: {@code cache.puts} is not bound. */
  @Override
  protected long putCount() {
    return UNSUPPORTED;
  }

  @Override
  protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
    Object cache = getCache();
    if (cache == null) {
      return;
    }
    Gauge.builder("cache.max.size", cache, c -> statistics.apply(c).maxSize())
        .tags(getTagsWithCacheName())
        .description("The maximum number of entries this cache holds.")
        .register(registry);
    FunctionCounter.builder("cache.load", cache, c -> statistics.apply(c).loadSuccesses())
        .tags(getTagsWithCacheName())
        .tags("result", "success")
        .description("The number of times the function or loader returned a new value")
        .register(registry);
    FunctionCounter.builder("cache.load", cache, c -> statistics.apply(c).loadFailures())
        .tags(getTagsWithCacheName())
        .tags("result", "failure")
        .description("The number of times the function or loader failed to return a value")
        .register(registry);
    TimeGauge.builder(
            "cache.load.duration",
            cache,
            TimeUnit.NANOSECONDS,
            c -> statistics.apply(c).totalLoadTimeNanos())
        .tags(getTagsWithCacheName())
        .description("The time spent running the function or loader")
        .register(registry);
    FunctionCounter.builder("cache.oversize.skips", cache, c -> statistics.apply(c).oversizeSkips())
        .tags(getTagsWithCacheName())
        .description(
            "The number of keys or values not stored because they were over their size limit")
        .register(registry);
    FunctionCounter.builder("cache.remote.hits", cache, c -> statistics.apply(c).remoteHits())
        .tags(getTagsWithCacheName())
        .description("The number of hits answered by the remote tier after a near-cache miss")
        .register(registry);
    FunctionCounter.builder("cache.remote.errors", cache, c -> statistics.apply(c).remoteErrors())
        .tags(getTagsWithCacheName())
        .description(
            "The number of remote-tier commands that failed or timed out, or values that could"
                + " not be decoded")
        .register(registry);
  }

  private static CacheInfo cacheStatistics(Object cache) {
    return ((Cache<?, ?>) cache).info();
  }

  private static CacheInfo memoizedStatistics(Object function) {
    return ((Memoized) function).cacheInfo();
  }
}
