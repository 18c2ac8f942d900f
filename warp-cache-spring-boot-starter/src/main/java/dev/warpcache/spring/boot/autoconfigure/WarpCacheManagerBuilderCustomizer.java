package dev.warpcache.spring.boot.autoconfigure;

import dev.warpcache.spring.WarpCacheManager;

/**
 * Customizes the {@link WarpCacheManager.Builder} of the auto-configured cache manager after the
 * {@code warp.cache.*} properties were applied to it, so a customizer has the last word. Declare
 * one or more as beans; they run in {@link org.springframework.core.annotation.Order} order.
 *
 * <pre>{@code
 * @Bean
 * WarpCacheManagerBuilderCustomizer reportsCache() {
 *   return builder -> builder.cache("reports", WarpCacheSpec.of(50).withTtl(Duration.ofHours(1)));
 * }
 * }</pre>
 *
 * <p>This is also where the codecs of shared caches that properties cannot express go: {@code
 * builder.codec(Money.class, moneyCodec)} or {@code builder.fallbackCodec(...)}.
 */
@FunctionalInterface
public interface WarpCacheManagerBuilderCustomizer {

  /**
   * Customizes the builder.
   *
   * @param builder the builder, with the properties already applied
   */
  void customize(WarpCacheManager.Builder builder);
}
