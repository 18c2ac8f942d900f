package dev.warpcache.spring.boot.example;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** The README's example service. */
@Service
public class UserService {
  private final AtomicInteger lookups = new AtomicInteger();

  @Cacheable("users")
  public String findUser(long id) {
    lookups.incrementAndGet(); // stands for a slow database query
    return "user-" + id;
  }

  int lookups() {
    return lookups.get();
  }
}
