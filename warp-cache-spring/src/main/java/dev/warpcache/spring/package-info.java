/**
 * Spring Framework integration: a {@link org.springframework.cache.CacheManager} and a {@link
 * org.springframework.cache.Cache} over warp-cache, so that {@code @Cacheable}, {@code @CachePut}
 * and {@code @CacheEvict} store their entries in warp-cache.
 *
 * <p>Start with {@link dev.warpcache.spring.WarpCacheManager#builder()}; each Spring cache name
 * gets a warp cache of its own, sized and timed by a {@link dev.warpcache.spring.WarpCacheSpec}, in
 * this JVM's heap or, with {@link dev.warpcache.Backend#SHARED}, in shared memory that every JVM of
 * the user on the host sees, or, with {@link dev.warpcache.spring.WarpCacheSpec#withRemote()}, in a
 * near cache in front of a {@link dev.warpcache.RemoteTier} (Redis, with {@code warp-cache-redis})
 * that every host shares. {@link dev.warpcache.spring.WarpKeyGenerator} makes the keys of methods
 * with several parameters that a shared or remote cache can encode.
 */
@NullMarked
package dev.warpcache.spring;

import org.jspecify.annotations.NullMarked;
