package dev.warpcache.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.CacheInfo;
import dev.warpcache.spring.WarpCacheManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** Runs the README's example of warp-cache-spring. */
class SpringExampleTest {

  @Test
  void theExampleCachesByName() {
    try (var context = new AnnotationConfigApplicationContext(SpringExample.class)) {
      UserService users = context.getBean(UserService.class);
      WarpCacheManager caches = context.getBean(WarpCacheManager.class);
      assertThat(users.findUser(42)).isEqualTo("user-42");
      assertThat(users.findUser(42)).isEqualTo("user-42");
      assertThat(users.lookups()).isEqualTo(1);
      users.forgetUser(42);
      assertThat(users.findUser(42)).isEqualTo("user-42");
      assertThat(users.lookups()).isEqualTo(2);
      assertThat(users.loadProfile(7).join()).isEqualTo("profile-7");
      assertThat(users.loadProfile(7).join()).isEqualTo("profile-7");
      CacheInfo userInfo = caches.getCacheInfo("users").orElseThrow();
      assertThat(userInfo.maxSize()).isEqualTo(10_000);
      assertThat(caches.getCacheInfo("profiles").orElseThrow().maxSize()).isEqualTo(1_000);
      assertThat(caches.getCacheInfo("profiles").orElseThrow().hits()).isEqualTo(1);
    }
  }

  @Test
  void mainRuns() {
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      SpringExample.main(new String[0]);
    } finally {
      System.setOut(out);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("profile-7")
        .contains("users=CacheInfo(hits=1, misses=1");
  }
}
