package dev.warpcache.jcache;

import dev.warpcache.Ticker;
import dev.warpcache.WarpCache;
import java.util.Objects;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * A JCache configuration with the settings of warp-cache that JCache does not have: the maximum
 * number of entries (JCache caches are unbounded; warp-cache's are bounded and evict with SIEVE)
 * and the {@link Ticker} that expiry reads.
 *
 * <pre>{@code
 * CacheManager manager = Caching.getCachingProvider().getCacheManager();
 * Cache<String, Integer> cache = manager.createCache("scores",
 *     new WarpConfiguration<String, Integer>()
 *         .setMaxSize(50_000)
 *         .setTypes(String.class, Integer.class)
 *         .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.FIVE_MINUTES)));
 * }</pre>
 *
 * <p>A cache created from any other {@link Configuration} holds at most {@link #DEFAULT_MAX_SIZE}
 * entries and uses the system ticker. Every setter returns this configuration, typed as a {@code
 * WarpConfiguration}, so calls chain.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class WarpConfiguration<K, V> extends MutableConfiguration<K, V> {
  /** The maximum size of a cache whose configuration does not give one: 10,000 entries. */
  public static final long DEFAULT_MAX_SIZE = 10_000;

  private static final long serialVersionUID = 1L;

  private long maxSize = DEFAULT_MAX_SIZE;
  private transient Ticker ticker;

  /** Creates the default configuration: that of {@link MutableConfiguration}, 10,000 entries. */
  public WarpConfiguration() {}

  /**
   * Copies a configuration; the maximum size and ticker too when it is a {@code WarpConfiguration}.
   *
   * @param configuration the configuration to copy
   */
  public WarpConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof WarpConfiguration<K, V> warp) {
      this.maxSize = warp.maxSize;
      this.ticker = warp.ticker;
    }
  }

  /**
   * Copies any configuration into a new {@code WarpConfiguration}: all of a {@link
   * CompleteConfiguration}, or the types and store-by-value setting of a plain {@link
   * Configuration}.
   *
   * @param configuration the configuration to copy
   * @param <K> the key type
   * @param <V> the value type
   * @return the copy
   */
  public static <K, V> WarpConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    Objects.requireNonNull(configuration, "configuration");
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      return new WarpConfiguration<>(complete);
    }
    WarpConfiguration<K, V> copy = new WarpConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    copy.setStoreByValue(configuration.isStoreByValue());
    return copy;
  }

  /**
   * Returns the most entries the cache holds.
   *
   * @return the maximum size
   */
  public long getMaxSize() {
    return maxSize;
  }

  /**
   * Sets the most entries the cache holds; past it, warp-cache evicts with SIEVE (no JCache event
   * is sent for an eviction, as JCache defines none). {@link #DEFAULT_MAX_SIZE} if not set.
   *
   * @param maxSize a positive number, at most {@link WarpCache#MAX_SUPPORTED_SIZE}
   * @return this configuration
   * @throws IllegalArgumentException if {@code maxSize} is zero, negative or too large
   */
  public WarpConfiguration<K, V> setMaxSize(long maxSize) {
    if (maxSize <= 0 || maxSize > WarpCache.MAX_SUPPORTED_SIZE) {
      throw new IllegalArgumentException(
          "maxSize must be between 1 and " + WarpCache.MAX_SUPPORTED_SIZE + ", but was " + maxSize);
    }
    this.maxSize = maxSize;
    return this;
  }

  /**
   * Returns the ticker that expiry reads, or {@code null} for the system ticker.
   *
   * @return the ticker, or {@code null}
   */
  public Ticker getTicker() {
    return ticker;
  }

  /**
   * Sets the ticker that expiry reads, so tests need not sleep; {@code null} (the default) means
   * {@link Ticker#system()}. The ticker is not serialized with the configuration.
   *
   * @param ticker the ticker, or {@code null}
   * @return this configuration
   */
  public WarpConfiguration<K, V> setTicker(Ticker ticker) {
    this.ticker = ticker;
    return this;
  }

  @Override
  public WarpConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
    super.setTypes(keyType, valueType);
    return this;
  }

  @Override
  public WarpConfiguration<K, V> addCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> cacheEntryListenerConfiguration) {
    super.addCacheEntryListenerConfiguration(cacheEntryListenerConfiguration);
    return this;
  }

  @Override
  public WarpConfiguration<K, V> removeCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> cacheEntryListenerConfiguration) {
    super.removeCacheEntryListenerConfiguration(cacheEntryListenerConfiguration);
    return this;
  }

  @Override
  public WarpConfiguration<K, V> setCacheLoaderFactory(
      Factory<? extends CacheLoader<K, V>> factory) {
    super.setCacheLoaderFactory(factory);
    return this;
  }

  @Override
  public WarpConfiguration<K, V> setCacheWriterFactory(
      Factory<? extends CacheWriter<? super K, ? super V>> factory) {
    super.setCacheWriterFactory(factory);
    return this;
  }

  @Override
  public WarpConfiguration<K, V> setExpiryPolicyFactory(Factory<? extends ExpiryPolicy> factory) {
    super.setExpiryPolicyFactory(factory);
    return this;
  }

  @Override
  public WarpConfiguration<K, V> setReadThrough(boolean isReadThrough) {
    super.setReadThrough(isReadThrough);
    return this;
  }

  @Override
  public WarpConfiguration<K, V> setWriteThrough(boolean isWriteThrough) {
    super.setWriteThrough(isWriteThrough);
    return this;
  }

  @Override
  public WarpConfiguration<K, V> setStoreByValue(boolean isStoreByValue) {
    super.setStoreByValue(isStoreByValue);
    return this;
  }

  @Override
  public WarpConfiguration<K, V> setStatisticsEnabled(boolean enabled) {
    super.setStatisticsEnabled(enabled);
    return this;
  }

  @Override
  public WarpConfiguration<K, V> setManagementEnabled(boolean enabled) {
    super.setManagementEnabled(enabled);
    return this;
  }

  /**
   * Equal to another {@code WarpConfiguration} with the same JCache settings and maximum size (the
   * ticker is not compared).
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof WarpConfiguration<?, ?> warp
        && maxSize == warp.maxSize
        && super.equals(other);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + Long.hashCode(maxSize);
  }
}
