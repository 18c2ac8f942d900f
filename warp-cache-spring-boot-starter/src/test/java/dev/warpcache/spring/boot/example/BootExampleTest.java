package dev.warpcache.spring.boot.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.spring.WarpCacheManager;
import dev.warpcache.spring.WarpCacheSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the README's Spring Boot example as a real application: the auto-configuration is found
 * through its imports file and configured by src/test/resources/application.properties.
 */
class BootExampleTest {

  private static final String QUIET = "--spring.main.banner-mode=off";

  @Test
  void theApplicationPropertiesConfigureTheCaches() {
    try (ConfigurableApplicationContext context = SpringApplication.run(BootExample.class, QUIET)) {
      assertThat(context.getBean(CacheManager.class)).isInstanceOf(WarpCacheManager.class);
      WarpCacheManager manager = context.getBean(WarpCacheManager.class);
      assertThat(manager.getSpecs())
          .containsEntry("users", WarpCacheSpec.of(10_000).withTtl(Duration.ofMinutes(5)));
      assertThat(manager.getDefaultSpec()).isEqualTo(WarpCacheSpec.of(1_000));
      UserService users = context.getBean(UserService.class);
      users.findUser(1);
      users.findUser(1);
      assertThat(users.lookups()).isEqualTo(1);
      assertThat(manager.getCacheInfo("users").orElseThrow().hits()).isEqualTo(1);
    }
  }

  @Test
  void mainRuns() {
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      BootExample.main(new String[] {QUIET});
    } finally {
      System.setOut(out);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("{users=CacheInfo(hits=1, misses=1, max_size=10000, current_size=1");
  }

  @Test
  void anUnknownBackendStopsTheApplication() {
    assertThatThrownBy(
            () ->
                SpringApplication.run(
                    BootExample.class, QUIET, "--warp.cache.specs.users.backend=disk"))
        .rootCause()
        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
        .hasMessageContaining("warp.cache.specs.users.backend")
        .hasMessageContaining(
            "The backends available in this version of warp-cache are: memory, shared, redis.");
  }

  @Test
  void backendRedisWithoutARedisUriStopsTheApplication() {
    assertThatThrownBy(
            () ->
                SpringApplication.run(
                    BootExample.class, QUIET, "--warp.cache.specs.users.backend=redis"))
        .rootCause()
        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
        .hasMessageContaining("warp.cache.specs.users.backend")
        .hasMessageContaining("backend=redis needs a remote tier")
        .hasMessageContaining("warp.cache.redis.uri");
  }
}
