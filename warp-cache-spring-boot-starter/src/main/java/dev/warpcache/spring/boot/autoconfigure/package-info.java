/**
 * Spring Boot auto-configuration of warp-cache: a {@link dev.warpcache.spring.WarpCacheManager}
 * configured from the {@code warp.cache.*} properties of {@link
 * dev.warpcache.spring.boot.autoconfigure.WarpCacheProperties}.
 */
@NullMarked
package dev.warpcache.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
