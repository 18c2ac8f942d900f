package dev.warpcache.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.RemoteTier;
import dev.warpcache.redis.RedisServer;
import dev.warpcache.redis.RedisTier;
import dev.warpcache.spring.WarpCacheManager;
import dev.warpcache.spring.WarpCacheSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code backend=redis}: the auto-configuration's {@link RedisTier} against a real Redis, which the
 * test starts on a free port of 127.0.0.1, driven by Spring Boot's {@link
 * ApplicationContextRunner}. Two contexts stand in for two applications (on any hosts) that share a
 * cache through Redis.
 */
class RedisAutoConfigurationTest {

  private static RedisServer redis;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(WarpCacheAutoConfiguration.class, CacheAutoConfiguration.class))
          .withUserConfiguration(CachingConfig.class);

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void emptyRedis() throws java.io.IOException {
    redis.flushAll();
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingConfig {}

  @Configuration(proxyBeanMethods = false)
  static class ServiceConfig {
    @Bean
    CountingService countingService() {
      return new CountingService();
    }
  }

  static class CountingService {
    private final AtomicInteger calls = new AtomicInteger();

    @Cacheable("users")
    public String user(String id) {
      calls.incrementAndGet();
      return "user " + id;
    }

    public int calls() {
      return calls.get();
    }
  }

  // README own tier: begin
  @Configuration(proxyBeanMethods = false)
  static class OwnTierConfig {
    @Bean
    RemoteTier remoteTier(@Value("${app.redis-uri}") String redisUri) {
      // Used instead of the one of warp.cache.redis.uri; closed with the context.
      return RedisTier.connect(redisUri, Duration.ofMillis(200));
    }
  }

  // README own tier: end

  /** With the URI of the test's Redis and a cache "users" in it. */
  private ApplicationContextRunner withRedis() {
    return runner.withPropertyValues(
        "warp.cache.redis.uri=" + redis.uri(), "warp.cache.specs.users.backend=redis");
  }

  @Test
  void aRedisTierIsConnectedFromTheUriAndHandedToTheManager() {
    AtomicReference<RedisTier> connected = new AtomicReference<>();
    withRedis()
        .withPropertyValues(
            "warp.cache.redis.timeout=250ms",
            "warp.cache.specs.users.max-value-size=2048",
            "warp.cache.specs.local.max-size=10")
        .withBean(
            "reportsCustomizer",
            WarpCacheManagerBuilderCustomizer.class,
            () -> builder -> builder.cache("reports", WarpCacheSpec.of(5).withRemote()))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(RemoteTier.class);
              assertThat(context).hasBean("warpCacheRedisTier");
              RedisTier tier = context.getBean(RedisTier.class);
              connected.set(tier);
              assertThat(tier.timeout()).isEqualTo(Duration.ofMillis(250));
              WarpCacheManager manager = context.getBean(WarpCacheManager.class);
              assertThat(manager.getRemoteTier()).containsSame(tier);
              assertThat(manager.getSpecs())
                  .containsEntry(
                      "users", WarpCacheSpec.defaults().withRemote().withMaxValueSize(2048))
                  .containsEntry("local", WarpCacheSpec.of(10));
              assertThat(manager.getCache("users").isRemote()).isTrue();
              assertThat(manager.getCache("local").isRemote()).isFalse();
              assertThat(manager.getCache("reports").isRemote()).isTrue();
            });
    // Closed with the context: its commands fail.
    assertThat(connected.get().get("users", new byte[] {1})).failsWithin(Duration.ofSeconds(5));
  }

  @Test
  void twoApplicationsShareARedisCache() {
    ApplicationContextRunner app =
        withRedis()
            .withUserConfiguration(ServiceConfig.class)
            .withPropertyValues("warp.cache.default-spec.backend=redis");
    app.run(
        first -> {
          CountingService one = first.getBean(CountingService.class);
          assertThat(one.user("42")).isEqualTo("user 42");
          app.run(
              second -> {
                CountingService two = second.getBean(CountingService.class);
                assertThat(two.user("42")).isEqualTo("user 42");
                assertThat(one.calls()).isEqualTo(1);
                assertThat(two.calls()).isZero();
                WarpCacheManager manager = second.getBean(WarpCacheManager.class);
                assertThat(manager.getCacheInfo("users").orElseThrow().remoteHits()).isEqualTo(1);
                // A cache created on first use from the default spec is in Redis too.
                assertThat(manager.getCache("created-later").isRemote()).isTrue();
              });
        });
  }

  @Test
  void theApplicationsOwnRemoteTierIsUsedInstead() {
    runner
        .withUserConfiguration(OwnTierConfig.class)
        .withPropertyValues("app.redis-uri=" + redis.uri(), "warp.cache.specs.users.backend=redis")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(RemoteTier.class);
              assertThat(context).doesNotHaveBean("warpCacheRedisTier");
              RemoteTier own = context.getBean("remoteTier", RemoteTier.class);
              WarpCacheManager manager = context.getBean(WarpCacheManager.class);
              assertThat(manager.getRemoteTier()).containsSame(own);
              assertThat(manager.getCache("users").isRemote()).isTrue();
            });
    // The auto-configuration backs off even when the URI is set.
    withRedis()
        .withUserConfiguration(OwnTierConfig.class)
        .withPropertyValues("app.redis-uri=" + redis.uri())
        .run(
            context -> {
              assertThat(context).hasSingleBean(RemoteTier.class);
              assertThat(context).doesNotHaveBean("warpCacheRedisTier");
              assertThat(context.getBean(RemoteTier.class).timeout())
                  .isEqualTo(Duration.ofMillis(200));
            });
  }

  @Test
  void noRedisTierWithoutTheUriOrWithoutWarpCacheRedis() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(RemoteTier.class);
          assertThat(context.getBean(WarpCacheManager.class).getRemoteTier()).isEmpty();
        });
    ApplicationContextRunner withoutRedisModule =
        runner
            .withClassLoader(new FilteredClassLoader(RedisTier.class))
            .withPropertyValues("warp.cache.redis.uri=" + redis.uri());
    withoutRedisModule.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(RemoteTier.class);
        });
    withoutRedisModule
        .withPropertyValues("warp.cache.specs.users.backend=redis")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("warp.cache.specs.users.backend")
                    .hasMessageContaining("dev.warpcache:warp-cache-redis on the class path"));
  }

  @Test
  void backendRedisWithoutATierFailsAtStartupNamingTheProperty() {
    runner
        .withPropertyValues("warp.cache.specs.users.backend=redis")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("warp.cache.specs.users.backend")
                    .hasMessageContaining("'redis'")
                    .hasMessageContaining("backend=redis needs a remote tier")
                    .hasMessageContaining("warp.cache.redis.uri")
                    .hasMessageContaining("dev.warpcache.RemoteTier"));
    runner
        .withPropertyValues("warp.cache.default-spec.backend=REDIS")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("warp.cache.default-spec.backend"));
  }

  @Test
  void badRedisSettingsFailAtStartupNamingTheProperty() throws IOException {
    withRedis()
        .withPropertyValues("warp.cache.redis.timeout=0")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("warp.cache.redis.timeout")
                    .hasMessageContaining("positive"));
    runner
        .withPropertyValues("warp.cache.redis.uri=http://:secret@127.0.0.1:1")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("warp.cache.redis.uri")
                    .hasMessageNotContaining("secret"));
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    runner
        .withPropertyValues("warp.cache.redis.uri=redis://:secret@127.0.0.1:" + closedPort)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("could not connect to the Redis server")
                    .hasStackTraceContaining("warp.cache.redis.uri")
                    .hasStackTraceContaining("******@127.0.0.1")
                    .satisfies(failure -> assertThat(messages(failure)).doesNotContain("secret")));
  }

  /** The messages of a failure and its causes. */
  private static String messages(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      text.append(t.getMessage()).append('\n');
    }
    return text.toString();
  }
}
