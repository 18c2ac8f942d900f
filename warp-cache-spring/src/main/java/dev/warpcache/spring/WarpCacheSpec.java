package dev.warpcache.spring;

import dev.warpcache.WarpCache;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How one warp cache behind a Spring cache name is built: its maximum size and its optional time to
 * live. Immutable; the {@code with...} methods return a modified copy.
 *
 * <pre>{@code
 * WarpCacheSpec users = WarpCacheSpec.of(10_000).withTtl(Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>Every cache is in-process (warp-cache's memory backend), the only backend warp-cache has
 * today. A choice of backend will be added here once warp-cache has more than one.
 */
public final class WarpCacheSpec {

  private static final WarpCacheSpec DEFAULTS = new WarpCacheSpec(WarpCache.DEFAULT_MAX_SIZE, null);

  private final long maxSize;
  private final @Nullable Duration ttl;

  private WarpCacheSpec(long maxSize, @Nullable Duration ttl) {
    this.maxSize = maxSize;
    this.ttl = ttl;
  }

  /**
   * Returns the spec of warp-cache's defaults: a maximum size of {@value
   * WarpCache#DEFAULT_MAX_SIZE} entries and no TTL.
   *
   * @return the default spec
   */
  public static WarpCacheSpec defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a spec with the given maximum size and no TTL.
   *
   * @param maxSize the most entries the cache holds; positive, at most {@link
   *     WarpCache#MAX_SUPPORTED_SIZE}
   * @return the spec
   * @throws IllegalArgumentException if {@code maxSize} is out of range
   */
  public static WarpCacheSpec of(long maxSize) {
    return DEFAULTS.withMaxSize(maxSize);
  }

  /**
   * Returns a copy of this spec with another maximum size.
   *
   * @param maxSize the most entries the cache holds; positive, at most {@link
   *     WarpCache#MAX_SUPPORTED_SIZE}
   * @return the new spec
   * @throws IllegalArgumentException if {@code maxSize} is out of range
   */
  public WarpCacheSpec withMaxSize(long maxSize) {
    if (maxSize <= 0 || maxSize > WarpCache.MAX_SUPPORTED_SIZE) {
      throw new IllegalArgumentException(
          "maxSize must be between 1 and " + WarpCache.MAX_SUPPORTED_SIZE + ", but was " + maxSize);
    }
    return new WarpCacheSpec(maxSize, ttl);
  }

  /**
   * Returns a copy of this spec with a time to live: an entry expires this long after it was stored
   * (expire-after-write, checked on read).
   *
   * @param ttl a positive duration
   * @return the new spec
   * @throws NullPointerException if {@code ttl} is {@code null}
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   */
  public WarpCacheSpec withTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive, but was " + ttl);
    }
    return new WarpCacheSpec(maxSize, ttl);
  }

  /**
   * Returns a copy of this spec whose entries never expire.
   *
   * @return the new spec
   */
  public WarpCacheSpec withoutTtl() {
    return new WarpCacheSpec(maxSize, null);
  }

  /**
   * Returns the most entries the cache holds.
   *
   * @return the maximum size
   */
  public long maxSize() {
    return maxSize;
  }

  /**
   * Returns the time to live, if entries expire.
   *
   * @return the TTL, or empty if entries never expire
   */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  /**
   * Returns a new warp-cache builder configured with this spec, to which a caller may still add a
   * {@link dev.warpcache.Ticker}.
   *
   * @return a new builder
   */
  public WarpCache.Builder toBuilder() {
    WarpCache.Builder builder = WarpCache.builder().maxSize(maxSize);
    if (ttl != null) {
      builder.ttl(ttl);
    }
    return builder;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof WarpCacheSpec that
        && maxSize == that.maxSize
        && Objects.equals(ttl, that.ttl);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(maxSize) * 31 + Objects.hashCode(ttl);
  }

  @Override
  public String toString() {
    return "WarpCacheSpec(maxSize=" + maxSize + ", ttl=" + (ttl == null ? "none" : ttl) + ")";
  }
}
