package dev.warpcache.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.Cache;
import dev.warpcache.CachedFunction;
import dev.warpcache.WarpCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The example of the Micrometer section of the README, as real code: keep the two in step (the
 * README quotes the body of {@link #example()} between the markers).
 */
class ReadmeExampleTest {

  record User(long id, String name) {}

  static User fetchUser(long id) {
    return new User(id, "user" + id);
  }

  @Test
  void example() {
    // README example: begin
    MeterRegistry registry = new SimpleMeterRegistry(); // or the registry Spring Boot provides

    // A memoized function: its meters carry the tag cache=users.
    CachedFunction<Long, User> users =
        WarpCacheMetrics.monitor(
            registry,
            WarpCache.builder().maxSize(10_000).memoize(ReadmeExampleTest::fetchUser),
            "users");

    // A cache object, with an extra tag on every meter.
    Cache<String, String> pages =
        WarpCacheMetrics.monitor(
            registry,
            WarpCache.builder().maxSize(1_000).ttl(Duration.ofMinutes(5)).build(),
            "pages",
            "cache.manager",
            "web");

    users.apply(42L); // miss: fetchUser runs
    users.apply(42L); // hit
    pages.get("/", path -> "<html>home</html>"); // miss

    double hits =
        registry
            .get("cache.gets")
            .tags("cache", "users", "result", "hit")
            .functionCounter()
            .count(); // 1.0
    double size = registry.get("cache.size").tags("cache", "pages").gauge().value(); // 1.0
    // README example: end

    assertThat(hits).isEqualTo(1.0);
    assertThat(size).isEqualTo(1.0);
    assertThat(
            registry
                .get("cache.gets")
                .tags("cache", "users", "result", "miss")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("cache.gets")
                .tags("cache", "pages", "cache.manager", "web", "result", "miss")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
  }
}
