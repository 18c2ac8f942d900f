package dev.warpcache.spring.boot.example;

import dev.warpcache.spring.WarpCacheManager;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's example of warp-cache-spring-boot-starter: with the starter on the class path and
 * {@code @EnableCaching}, warp-cache is the cache manager, configured by the {@code warp.cache.*}
 * keys of {@code application.properties} (src/test/resources/application.properties here).
 */
@SpringBootApplication
@EnableCaching
public class BootExample {

  public static void main(String[] args) {
    try (ConfigurableApplicationContext context = SpringApplication.run(BootExample.class, args)) {
      UserService users = context.getBean(UserService.class);
      users.findUser(42); // a miss: runs the method
      users.findUser(42); // a hit
      System.out.println(context.getBean(WarpCacheManager.class).getCacheInfos());
      // {users=CacheInfo(hits=1, misses=1, max_size=10000, current_size=1, evictions=0)}
    }
  }
}
