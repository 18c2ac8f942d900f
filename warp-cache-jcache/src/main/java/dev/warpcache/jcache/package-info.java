/**
 * A JSR-107 (JCache 1.1) provider over warp-cache.
 *
 * <p>{@link javax.cache.Caching#getCachingProvider()} finds {@link
 * dev.warpcache.jcache.WarpCachingProvider} through {@link java.util.ServiceLoader}. Each JCache
 * {@link javax.cache.Cache} is backed by one bounded warp-cache {@link dev.warpcache.Cache} with
 * SIEVE eviction; {@link javax.cache.Cache#unwrap(Class)} with {@code dev.warpcache.Cache.class}
 * returns it. JCache itself has no size bound, so the bound comes from {@link
 * dev.warpcache.jcache.WarpConfiguration#setMaxSize(long)}, {@value
 * dev.warpcache.jcache.WarpConfiguration#DEFAULT_MAX_SIZE} entries when a plain {@link
 * javax.cache.configuration.MutableConfiguration} is given.
 */
package dev.warpcache.jcache;
