package dev.warpcache.spring.example;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;

/** The README's example service: an expensive lookup, cached by name. */
public class UserService {
  final AtomicInteger lookups = new AtomicInteger();

  @Cacheable("users")
  public String findUser(long id) {
    lookups.incrementAndGet(); // stands for a slow database query
    return "user-" + id;
  }

  // sync = true: concurrent misses for one id run the method once (warp-cache's single flight)
  @Cacheable(cacheNames = "profiles", sync = true)
  public CompletableFuture<String> loadProfile(long id) {
    return CompletableFuture.supplyAsync(() -> "profile-" + id);
  }

  @CacheEvict("users")
  public void forgetUser(long id) {}

  int lookups() {
    return lookups.get();
  }
}
