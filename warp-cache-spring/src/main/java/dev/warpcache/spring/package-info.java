/**
 * Spring Framework integration: a {@link org.springframework.cache.CacheManager} and a {@link
 * org.springframework.cache.Cache} over warp-cache, so that {@code @Cacheable}, {@code @CachePut}
 * and {@code @CacheEvict} store their entries in warp-cache.
 *
 * <p>Start with {@link dev.warpcache.spring.WarpCacheManager#builder()}; each Spring cache name
 * gets a warp cache of its own, sized and timed by a {@link dev.warpcache.spring.WarpCacheSpec}.
 */
@NullMarked
package dev.warpcache.spring;

import org.jspecify.annotations.NullMarked;
