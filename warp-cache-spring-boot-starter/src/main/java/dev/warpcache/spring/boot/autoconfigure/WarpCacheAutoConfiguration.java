package dev.warpcache.spring.boot.autoconfigure;

import dev.warpcache.WarpCache;
import dev.warpcache.spring.WarpCacheManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Makes warp-cache the application's {@link CacheManager}, configured from the {@code warp.cache.*}
 * properties ({@link WarpCacheProperties}).
 *
 * <p>Runs before Spring Boot's own {@code CacheAutoConfiguration}, which then backs off because a
 * cache manager exists, and under the same conditions: caching is enabled ({@code @EnableCaching})
 * and the application defines neither a {@link CacheManager} nor a bean named {@code
 * cacheResolver}. It also steps aside when {@code spring.cache.type} is set (the application asked
 * Spring Boot for a cache type) or {@code warp.cache.enabled=false}.
 *
 * <p>After the properties, each {@link WarpCacheManagerBuilderCustomizer} bean may change the
 * builder, and each of Spring Boot's {@link CacheManagerCustomizer} beans that accepts a {@link
 * WarpCacheManager} sees the built manager.
 */
@AutoConfiguration(before = CacheAutoConfiguration.class)
@ConditionalOnClass({CacheManager.class, WarpCache.class, WarpCacheManager.class})
@ConditionalOnBean(CacheAspectSupport.class)
@ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
@ConditionalOnBooleanProperty(name = "warp.cache.enabled", matchIfMissing = true)
@Conditional(NoSpringCacheTypeCondition.class)
@EnableConfigurationProperties(WarpCacheProperties.class)
public final class WarpCacheAutoConfiguration {

  /** Created by Spring Boot when the conditions above match. */
  WarpCacheAutoConfiguration() {}

  @Bean
  WarpCacheManager cacheManager(
      WarpCacheProperties properties,
      ObjectProvider<WarpCacheManagerBuilderCustomizer> builderCustomizers,
      ObjectProvider<CacheManagerCustomizer<?>> managerCustomizers) {
    WarpCacheManager.Builder builder = properties.toManagerBuilder();
    builderCustomizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return new CacheManagerCustomizers(managerCustomizers.orderedStream().toList())
        .customize(builder.build());
  }
}
