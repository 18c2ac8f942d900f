package dev.warpcache.spring.boot.autoconfigure;

import dev.warpcache.RemoteTier;
import dev.warpcache.WarpCache;
import dev.warpcache.redis.RedisTier;
import dev.warpcache.spring.WarpCacheManager;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

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
 * <p>The caches whose backend is {@code redis} are near caches in front of the application's {@link
 * RemoteTier}: its own {@link RemoteTier} bean if it defines one, else, when {@code
 * warp-cache-redis} is on the class path and {@code warp.cache.redis.uri} is set, a {@link
 * RedisTier} bean that this auto-configuration connects at startup (with {@code
 * warp.cache.redis.timeout}) and that is closed with the application context. The manager gets the
 * tier in either case, so customizers may add remote caches too.
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
      ObjectProvider<RemoteTier> remoteTier,
      ObjectProvider<WarpCacheManagerBuilderCustomizer> builderCustomizers,
      ObjectProvider<CacheManagerCustomizer<?>> managerCustomizers) {
    WarpCacheManager.Builder builder = properties.toManagerBuilder(remoteTier.getIfAvailable());
    builderCustomizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return new CacheManagerCustomizers(managerCustomizers.orderedStream().toList())
        .customize(builder.build());
  }

  /**
   * Connects the {@link RedisTier} of {@code warp.cache.redis.uri}, when {@code warp-cache-redis}
   * is on the class path and the application has no {@link RemoteTier} of its own.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.warpcache.redis.RedisTier")
  @ConditionalOnProperty("warp.cache.redis.uri")
  @ConditionalOnMissingBean(RemoteTier.class)
  static class RedisTierConfiguration {

    /** The password of a Redis URI, which an error message must not show. */
    private static final Pattern PASSWORD = Pattern.compile("(?<=://)[^@/]*@");

    @Bean(destroyMethod = "close")
    RedisTier warpCacheRedisTier(WarpCacheProperties properties) {
      String uri = properties.getRedis().getUri();
      Duration timeout = properties.getRedis().getTimeout();
      if (uri == null || uri.isBlank()) {
        throw new InvalidConfigurationPropertyValueException(
            "warp.cache.redis.uri", uri, "The Redis URI must not be blank.");
      }
      if (timeout == null || timeout.isZero() || timeout.isNegative()) {
        throw new InvalidConfigurationPropertyValueException(
            "warp.cache.redis.timeout", timeout, "The Redis command timeout must be positive.");
      }
      String shown = PASSWORD.matcher(uri).replaceFirst("******@");
      try {
        return RedisTier.connect(uri, timeout);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(
            "warp.cache.redis.uri", shown, "Not a Redis URI: " + e.getMessage());
      } catch (IllegalStateException e) {
        throw new IllegalStateException(
            "warp-cache could not connect to the Redis server of warp.cache.redis.uri ("
                + shown
                + "): "
                + e.getMessage(),
            e);
      }
    }
  }
}
