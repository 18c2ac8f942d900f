package dev.warpcache.spring.example;

import dev.warpcache.spring.WarpCacheManager;
import dev.warpcache.spring.WarpCacheSpec;
import java.time.Duration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The README's example of warp-cache-spring: run {@link #main}, or see SpringExampleTest. */
@Configuration(proxyBeanMethods = false)
@EnableCaching
public class SpringExample {

  @Bean
  WarpCacheManager cacheManager() {
    return WarpCacheManager.builder()
        .defaultSpec(WarpCacheSpec.of(1_000)) // any other cache name: 1,000 entries, no TTL
        .cache("users", WarpCacheSpec.of(10_000).withTtl(Duration.ofMinutes(5)))
        .allowNullValues(true) // the default: a method returning null is cached too
        .build();
  }

  @Bean
  UserService userService() {
    return new UserService();
  }

  public static void main(String[] args) {
    try (var context = new AnnotationConfigApplicationContext(SpringExample.class)) {
      UserService users = context.getBean(UserService.class);
      users.findUser(42); // a miss: runs the method
      users.findUser(42); // a hit
      System.out.println(users.loadProfile(7).join());
      WarpCacheManager caches = context.getBean(WarpCacheManager.class);
      System.out.println(caches.getCacheInfos());
      // {profiles=CacheInfo(hits=0, misses=1, ...), users=CacheInfo(hits=1, misses=1, ...)}
    }
  }
}
