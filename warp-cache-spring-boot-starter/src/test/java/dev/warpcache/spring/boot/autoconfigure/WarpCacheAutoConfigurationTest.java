package dev.warpcache.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.Backend;
import dev.warpcache.CacheInfo;
import dev.warpcache.spring.WarpCacheManager;
import dev.warpcache.spring.WarpCacheSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.SimpleCacheResolver;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration, driven by Spring Boot's {@link ApplicationContextRunner}. */
class WarpCacheAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(WarpCacheAutoConfiguration.class, CacheAutoConfiguration.class))
          .withUserConfiguration(CachingConfig.class);

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingConfig {}

  @Configuration(proxyBeanMethods = false)
  static class OwnCacheManagerConfig {
    @Bean
    CacheManager myCacheManager() {
      return new ConcurrentMapCacheManager();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnCacheResolverConfig implements CachingConfigurer {
    @Bean
    @Override
    public CacheResolver cacheResolver() {
      return new SimpleCacheResolver(new ConcurrentMapCacheManager());
    }
  }

  /** A service cached by name, and a fake ticker for the TTL. */
  @Configuration(proxyBeanMethods = false)
  static class ServiceConfig {
    static final AtomicLong NOW = new AtomicLong();

    @Bean
    WarpCacheManagerBuilderCustomizer fakeTicker() {
      return builder -> builder.ticker(NOW::get);
    }

    @Bean
    CountingService countingService() {
      return new CountingService();
    }
  }

  static class CountingService {
    final AtomicInteger calls = new AtomicInteger();

    @Cacheable("users")
    public String user(String id) {
      calls.incrementAndGet();
      return "user " + id;
    }

    int calls() {
      return calls.get();
    }
  }

  /** The README's customizer example. */
  @Configuration(proxyBeanMethods = false)
  static class ReportsCustomizerConfig {
    @Bean
    WarpCacheManagerBuilderCustomizer reportsCache() {
      return builder -> builder.cache("reports", WarpCacheSpec.of(50).withTtl(Duration.ofHours(1)));
    }
  }

  @Test
  void aBuilderCustomizerDeclaresACacheThatPropertiesCannot() {
    runner
        .withUserConfiguration(ReportsCustomizerConfig.class)
        .run(
            context -> {
              WarpCacheManager manager = context.getBean(WarpCacheManager.class);
              assertThat(manager.getCacheNames()).contains("reports");
              assertThat(manager.getCacheInfo("reports").orElseThrow().maxSize()).isEqualTo(50);
            });
  }

  @Test
  void warpCacheBecomesTheCacheManager() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(CacheManager.class);
          assertThat(context).hasSingleBean(WarpCacheManager.class);
          assertThat(context).hasBean("cacheManager");
          WarpCacheManager manager = context.getBean(WarpCacheManager.class);
          assertThat(manager.isDynamic()).isTrue();
          assertThat(manager.isAllowNullValues()).isTrue();
          assertThat(manager.getDefaultSpec()).isEqualTo(WarpCacheSpec.defaults());
          assertThat(manager.getCacheNames()).isEmpty();
          assertThat(manager.getCache("anything")).isNotNull();
        });
  }

  @Test
  void nothingWithoutEnableCaching() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(WarpCacheAutoConfiguration.class, CacheAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(CacheManager.class));
  }

  @Test
  void propertiesConfigureEachCache() {
    runner
        .withPropertyValues(
            "warp.cache.specs.users.max-size=10000",
            "warp.cache.specs.users.ttl=5m",
            "warp.cache.specs.users.backend=memory",
            "warp.cache.specs.orders.max-size=50",
            "warp.cache.specs.[Big.Cache].backend=MEMORY",
            "warp.cache.default-spec.max-size=1000",
            "warp.cache.default-spec.ttl=30",
            "warp.cache.cache-names=plain",
            "warp.cache.allow-null-values=false",
            "warp.cache.dynamic=false")
        .run(
            context -> {
              WarpCacheManager manager = context.getBean(WarpCacheManager.class);
              assertThat(manager.getDefaultSpec())
                  .isEqualTo(WarpCacheSpec.of(1000).withTtl(Duration.ofSeconds(30)));
              assertThat(manager.getSpecs())
                  .containsEntry("users", WarpCacheSpec.of(10_000).withTtl(Duration.ofMinutes(5)))
                  // keys left out fall back to the default spec
                  .containsEntry("orders", WarpCacheSpec.of(50).withTtl(Duration.ofSeconds(30)))
                  .containsEntry("Big.Cache", manager.getDefaultSpec())
                  .containsEntry("plain", manager.getDefaultSpec());
              assertThat(manager.getCacheNames())
                  .containsExactlyInAnyOrder("users", "orders", "Big.Cache", "plain");
              assertThat(manager.getCacheInfo("users").map(CacheInfo::maxSize)).contains(10_000L);
              assertThat(manager.getCacheInfo("orders").map(CacheInfo::maxSize)).contains(50L);
              assertThat(manager.isAllowNullValues()).isFalse();
              assertThat(manager.isDynamic()).isFalse();
              assertThat(manager.getCache("other")).isNull();
            });
  }

  @Test
  void aTtlOfZeroMeansNoExpiry() {
    runner
        .withPropertyValues("warp.cache.default-spec.ttl=1h", "warp.cache.specs.forever.ttl=0")
        .run(
            context -> {
              WarpCacheManager manager = context.getBean(WarpCacheManager.class);
              assertThat(manager.getSpecs().get("forever").ttl()).isEmpty();
              assertThat(manager.getDefaultSpec().ttl()).contains(Duration.ofHours(1));
            });
  }

  @Test
  void cachedMethodsHonourTheConfiguredSizeAndTtl() {
    ServiceConfig.NOW.set(0);
    runner
        .withUserConfiguration(ServiceConfig.class)
        .withPropertyValues("warp.cache.specs.users.max-size=2", "warp.cache.specs.users.ttl=10s")
        .run(
            context -> {
              CountingService service = context.getBean(CountingService.class);
              WarpCacheManager manager = context.getBean(WarpCacheManager.class);
              service.user("a");
              service.user("a");
              assertThat(service.calls()).isEqualTo(1);
              ServiceConfig.NOW.addAndGet(Duration.ofSeconds(11).toNanos());
              service.user("a");
              assertThat(service.calls()).isEqualTo(2);
              service.user("b");
              service.user("c");
              CacheInfo info = manager.getCacheInfo("users").orElseThrow();
              assertThat(info.maxSize()).isEqualTo(2);
              assertThat(info.currentSize()).isEqualTo(2);
              assertThat(info.evictions()).isEqualTo(2); // "a" expired once, then one for room
            });
  }

  @Test
  void backsOffWhenTheApplicationHasACacheManager() {
    runner
        .withUserConfiguration(OwnCacheManagerConfig.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(CacheManager.class);
              assertThat(context).doesNotHaveBean(WarpCacheManager.class);
              assertThat(context.getBean(CacheManager.class))
                  .isInstanceOf(ConcurrentMapCacheManager.class);
            });
  }

  @Test
  void backsOffWhenTheApplicationHasACacheResolver() {
    runner
        .withUserConfiguration(OwnCacheResolverConfig.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(WarpCacheManager.class);
            });
  }

  @Test
  void backsOffWhenSpringCacheTypeIsSet() {
    runner
        .withPropertyValues("spring.cache.type=simple")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(WarpCacheManager.class);
              assertThat(context.getBean(CacheManager.class))
                  .isInstanceOf(ConcurrentMapCacheManager.class);
            });
    runner
        .withPropertyValues("spring.cache.type=none")
        .run(
            context ->
                assertThat(context.getBean(CacheManager.class))
                    .isInstanceOf(NoOpCacheManager.class));
  }

  @Test
  void backsOffWhenDisabled() {
    runner
        .withPropertyValues("warp.cache.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(WarpCacheManager.class);
              assertThat(context).hasSingleBean(CacheManager.class);
            });
  }

  @Test
  void anUnknownBackendFailsAtStartupNamingTheBackendsThatExist() {
    runner
        .withPropertyValues("warp.cache.specs.users.backend=nope")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                  .hasMessageContaining("warp.cache.specs.users.backend")
                  .hasMessageContaining("'nope'")
                  .hasMessageContaining("warp-cache has no backend 'nope'")
                  .hasMessageContaining(
                      "available in this version of warp-cache are: memory, shared, redis.");
            });
    runner
        .withPropertyValues("warp.cache.default-spec.backend=disk")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("warp.cache.default-spec.backend")
                    .hasMessageContaining("no backend 'disk'"));
    runner
        .withPropertyValues("warp.cache.specs.[My.Cache].backend=shm")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("warp.cache.specs[My.Cache].backend"));
  }

  @Test
  void sharedCachesAreConfiguredByProperties(@TempDir Path dir) {
    runner
        .withPropertyValues(
            "warp.cache.shared-directory=" + dir,
            "warp.cache.default-spec.backend=shared",
            "warp.cache.default-spec.max-value-size=2048",
            "warp.cache.specs.quotes.max-size=500",
            "warp.cache.specs.quotes.max-key-size=64",
            "warp.cache.specs.quotes.serialization-allow-list=com.example.model.*,com.example.Money",
            "warp.cache.specs.local.backend=memory",
            "warp.cache.specs.local.max-size=10")
        .run(
            context -> {
              WarpCacheManager manager = context.getBean(WarpCacheManager.class);
              assertThat(manager.getSharedDirectory()).contains(dir);
              assertThat(manager.getDefaultSpec())
                  .isEqualTo(
                      WarpCacheSpec.defaults().withBackend(Backend.SHARED).withMaxValueSize(2048));
              assertThat(manager.getSpecs())
                  .containsEntry(
                      "quotes",
                      WarpCacheSpec.of(500)
                          .withBackend(Backend.SHARED)
                          .withMaxKeySize(64)
                          .withMaxValueSize(2048)
                          .withSerializationAllowing("com.example.model.*", "com.example.Money"))
                  // a memory cache takes nothing of the shared keys of the default spec
                  .containsEntry("local", WarpCacheSpec.of(10));
              assertThat(manager.getCache("quotes").backend()).isEqualTo(Backend.SHARED);
              assertThat(manager.getCache("local").backend()).isEqualTo(Backend.MEMORY);
              assertThat(manager.getCache("dynamic-one").backend()).isEqualTo(Backend.SHARED);
            });
  }

  @Test
  void twoApplicationsShareASharedCache(@TempDir Path dir) {
    ServiceConfig.NOW.set(0);
    ApplicationContextRunner shared =
        runner
            .withUserConfiguration(ServiceConfig.class)
            .withPropertyValues(
                "warp.cache.shared-directory=" + dir, "warp.cache.specs.users.backend=shared");
    shared.run(
        first ->
            shared.run(
                second -> {
                  CountingService one = first.getBean(CountingService.class);
                  CountingService two = second.getBean(CountingService.class);
                  assertThat(one.user("42")).isEqualTo("user 42");
                  assertThat(two.user("42")).isEqualTo("user 42");
                  assertThat(one.calls()).isEqualTo(1);
                  assertThat(two.calls()).isZero();
                  assertThat(
                          second
                              .getBean(WarpCacheManager.class)
                              .getCacheInfo("users")
                              .orElseThrow()
                              .hits())
                      .isEqualTo(1);
                }));
  }

  @Test
  void badSharedSettingsFailAtStartupNamingTheProperty(@TempDir Path dir) {
    runner
        .withPropertyValues("warp.cache.specs.users.max-key-size=64")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("warp.cache.specs.users.max-key-size")
                    .hasMessageContaining("backend=shared and backend=redis only"));
    runner
        .withPropertyValues(
            "warp.cache.default-spec.backend=shared",
            "warp.cache.default-spec.serialization-allow-list=**")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("warp.cache.default-spec.serialization-allow-list"));
    runner
        .withPropertyValues(
            "warp.cache.specs.users.backend=shared", "warp.cache.specs.users.max-value-size=0")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("warp.cache.specs.users.max-value-size")
                    .hasMessageContaining("positive"));
    // The Spring cache name is the region's name: one that is not a valid region name fails.
    runner
        .withPropertyValues(
            "warp.cache.shared-directory=" + dir,
            "warp.cache.default-spec.backend=shared",
            "warp.cache.cache-names=.hidden")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasRootCauseInstanceOf(IllegalArgumentException.class)
                    .hasStackTraceContaining(
                        "The Spring cache '.hidden' cannot use Backend.SHARED"));
  }

  @Test
  void badSizesAndTtlsFailAtStartupNamingTheProperty() {
    runner
        .withPropertyValues("warp.cache.specs.users.max-size=0")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("warp.cache.specs.users.max-size")
                    .hasMessageContaining("between 1 and"));
    runner
        .withPropertyValues("warp.cache.default-spec.ttl=-5s")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("warp.cache.default-spec.ttl")
                    .hasMessageContaining("must be positive"));
  }

  @Test
  void customizersHaveTheLastWord() {
    AtomicInteger managerCustomizations = new AtomicInteger();
    runner
        .withPropertyValues("warp.cache.specs.reports.max-size=10")
        .withBean(
            "reportsCustomizer",
            WarpCacheManagerBuilderCustomizer.class,
            () -> builder -> builder.cache("reports", WarpCacheSpec.of(99)))
        .withBean(
            "managerCustomizer",
            CacheManagerCustomizer.class,
            () ->
                (CacheManagerCustomizer<WarpCacheManager>)
                    manager -> managerCustomizations.incrementAndGet())
        .run(
            context -> {
              WarpCacheManager manager = context.getBean(WarpCacheManager.class);
              assertThat(manager.getSpecs().get("reports")).isEqualTo(WarpCacheSpec.of(99));
              assertThat(managerCustomizations).hasValue(1);
            });
  }

  @Test
  void theAutoConfigurationIsRegisteredForSpringBoot() {
    List<String> candidates =
        ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates();
    assertThat(candidates).contains(WarpCacheAutoConfiguration.class.getName());
  }
}
