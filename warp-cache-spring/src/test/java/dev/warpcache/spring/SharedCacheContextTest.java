package dev.warpcache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.Backend;
import dev.warpcache.CacheInfo;
import dev.warpcache.Codec;
import dev.warpcache.CodecException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.KeyGenerator;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code @Cacheable} over {@link Backend#SHARED} caches. Two application contexts in one JVM, each
 * with a manager of its own over the same temporary shared directory, stand in for two JVMs on one
 * host: what one context computed, the other finds. Every test has a directory of its own, so the
 * regions of one test are never seen by another.
 */
class SharedCacheContextTest {

  @TempDir Path dir;

  private final List<AnnotationConfigApplicationContext> contexts = new ArrayList<>();

  @AfterEach
  void close() {
    contexts.forEach(AnnotationConfigApplicationContext::close);
  }

  /** A value type outside warp-cache's built-in encoding: it needs a codec. */
  record Quote(String symbol, long cents) implements Serializable {}

  /** What the test observes of one context's service, and controls. */
  static final class Probe {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    volatile CountDownLatch release = new CountDownLatch(0);

    int calls(String method, Object key) {
      AtomicInteger count = calls.get(method + ":" + key);
      return count == null ? 0 : count.get();
    }
  }

  /** Cached methods over the shared caches "shared-prices" and "shared-quotes". */
  public static class PriceService {
    private final Probe probe;

    PriceService(Probe probe) {
      this.probe = probe;
    }

    private void count(String method, Object key) {
      probe.calls.computeIfAbsent(method + ":" + key, k -> new AtomicInteger()).incrementAndGet();
    }

    @Cacheable("shared-prices")
    public Long price(String symbol) {
      count("price", symbol);
      return (long) symbol.length() * 100;
    }

    @Cacheable("shared-prices")
    public Long nothing(Integer id) {
      count("nothing", id);
      return null;
    }

    @Cacheable("shared-prices")
    public String allSymbols() {
      count("allSymbols", "");
      return "A,B,C";
    }

    @Cacheable("shared-prices")
    public Long total(String symbol, int quantity) {
      count("total", symbol + "x" + quantity);
      return (long) symbol.length() * 100 * quantity;
    }

    @Cacheable(cacheNames = "shared-prices", sync = true)
    public Long priceSlowly(String symbol) throws InterruptedException {
      count("priceSlowly", symbol);
      if (!probe.release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
      return 7L;
    }

    @Cacheable("shared-quotes")
    public Quote quote(String symbol) {
      count("quote", symbol);
      return new Quote(symbol, 12_345);
    }

    @CacheEvict(cacheNames = "shared-prices", allEntries = true)
    public void evictAllPrices() {}
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class DefaultKeysConfig {
    @Bean
    PriceService priceService(Probe probe) {
      return new PriceService(probe);
    }
  }

  // README shared example: begin
  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class SharedCachingConfig implements CachingConfigurer {
    @Override
    public KeyGenerator keyGenerator() {
      // Keys of methods with several parameters that a shared cache can encode.
      return new WarpKeyGenerator();
    }

    @Bean
    PriceService priceService(Probe probe) {
      return new PriceService(probe);
    }
  }

  // README shared example: end

  /** One application: its own probe, manager and service. */
  record App(AnnotationConfigApplicationContext context, Probe probe, PriceService prices) {
    WarpCacheManager manager() {
      return context.getBean(WarpCacheManager.class);
    }

    CacheInfo info(String name) {
      return manager().getCacheInfo(name).orElseThrow();
    }
  }

  private WarpCacheManager sharedManager(Path sharedDirectory) {
    // README shared manager: begin
    return WarpCacheManager.builder()
        .defaultSpec(WarpCacheSpec.of(10_000).withBackend(Backend.SHARED))
        .cache(
            "shared-quotes",
            WarpCacheSpec.of(1_000)
                .withBackend(Backend.SHARED)
                .withTtl(Duration.ofMinutes(5))
                .withMaxValueSize(16_384)
                .withSerializationAllowing("dev.warpcache.spring.*"))
        .sharedDirectory(sharedDirectory) // optional: the same in every JVM that shares
        .build();
    // README shared manager: end
  }

  private App start(WarpCacheManager manager, Class<?> config) {
    Probe probe = new Probe();
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    contexts.add(context);
    context.registerBean(Probe.class, () -> probe);
    context.registerBean("cacheManager", WarpCacheManager.class, () -> manager);
    context.register(config);
    context.refresh();
    return new App(context, probe, context.getBean(PriceService.class));
  }

  private App start() {
    return start(sharedManager(dir), SharedCachingConfig.class);
  }

  @Test
  void aSecondContextHitsWhatTheFirstComputed() {
    App first = start();
    App second = start();

    assertThat(first.prices().price("ACME")).isEqualTo(400L);
    assertThat(first.probe().calls("price", "ACME")).isEqualTo(1);

    assertThat(second.prices().price("ACME")).isEqualTo(400L);
    assertThat(second.probe().calls("price", "ACME")).isZero();
    assertThat(second.info("shared-prices").hits()).isPositive();
    assertThat(second.manager().getCache("shared-prices").backend()).isEqualTo(Backend.SHARED);

    // A value the other context computed is a hit here too.
    assertThat(second.prices().price("XYZW")).isEqualTo(400L);
    assertThat(first.prices().price("XYZW")).isEqualTo(400L);
    assertThat(first.probe().calls("price", "XYZW")).isZero();
  }

  @Test
  void nullValuesAreSharedAsWithTheMemoryBackend() {
    App first = start();
    App second = start();
    assertThat(first.prices().nothing(7)).isNull();
    assertThat(first.prices().nothing(7)).isNull();
    assertThat(second.prices().nothing(7)).isNull();
    assertThat(first.probe().calls("nothing", 7)).isEqualTo(1);
    assertThat(second.probe().calls("nothing", 7)).isZero();
    assertThat(second.manager().getCache("shared-prices").get(7)).isNotNull();
    assertThat(second.manager().getCache("shared-prices").get(7).get()).isNull();
  }

  @Test
  void cacheEvictAllEntriesClearsForBothContexts() {
    App first = start();
    App second = start();
    first.prices().price("A");
    first.prices().price("BB");
    assertThat(second.prices().price("A")).isEqualTo(100L);
    assertThat(second.probe().calls("price", "A")).isZero();

    second.prices().evictAllPrices();

    assertThat(first.prices().price("A")).isEqualTo(100L);
    assertThat(first.prices().price("BB")).isEqualTo(200L);
    assertThat(first.probe().calls("price", "A")).isEqualTo(2);
    assertThat(first.probe().calls("price", "BB")).isEqualTo(2);
  }

  @Test
  void syncCacheableRunsTheMethodOnceForConcurrentMisses() throws Exception {
    App app = start();
    app.probe().release = new CountDownLatch(1);
    int threads = 6;
    AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(threads);
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int index = i;
      Thread caller =
          new Thread(
              () -> {
                try {
                  results.set(index, app.prices().priceSlowly("SYNC"));
                } catch (Throwable failure) {
                  results.set(index, failure);
                }
              });
      callers.add(caller);
      caller.start();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!(app.probe().calls("priceSlowly", "SYNC") == 1 && blocked(callers) == threads)) {
      assertThat(System.nanoTime()).as("callers never all blocked").isLessThan(deadline);
      Thread.sleep(5);
    }
    app.probe().release.countDown();
    for (Thread caller : callers) {
      caller.join(TimeUnit.SECONDS.toMillis(30));
    }
    for (int i = 0; i < threads; i++) {
      assertThat(results.get(i)).isEqualTo(7L);
    }
    assertThat(app.probe().calls("priceSlowly", "SYNC")).isEqualTo(1);
    // The method ran once; every caller's lookup is counted (how the shared backend splits the
    // waiting callers between hits and misses is warp-cache's business, not Spring's).
    CacheInfo info = app.info("shared-prices");
    assertThat(info.hits() + info.misses()).isEqualTo(threads);
    assertThat(info.loadSuccesses()).isEqualTo(1);
  }

  private static int blocked(List<Thread> callers) {
    int blocked = 0;
    for (Thread caller : callers) {
      Thread.State state = caller.getState();
      if (state == Thread.State.WAITING
          || state == Thread.State.TIMED_WAITING
          || state == Thread.State.BLOCKED) {
        blocked++;
      }
    }
    return blocked;
  }

  @Test
  void methodsOfSeveralParametersNeedWarpKeyGenerator() {
    App defaults = start(sharedManager(dir), DefaultKeysConfig.class);
    // A method without parameters has the key SimpleKey.EMPTY: the empty argument list.
    assertThat(defaults.prices().allSymbols()).isEqualTo("A,B,C");
    assertThat(defaults.prices().allSymbols()).isEqualTo("A,B,C");
    assertThat(defaults.probe().calls("allSymbols", "")).isEqualTo(1);
    // Spring's SimpleKey of two parameters hides them: refused, saying what to do instead.
    assertThatThrownBy(() -> defaults.prices().total("ACME", 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'shared-prices'")
        .hasMessageContaining("SimpleKey")
        .hasMessageContaining("WarpKeyGenerator")
        .hasMessageContaining("key = ");

    App first = start();
    App second = start();
    assertThat(first.prices().total("ACME", 3)).isEqualTo(1_200L);
    assertThat(second.prices().total("ACME", 3)).isEqualTo(1_200L);
    assertThat(second.prices().total("ACME", 4)).isEqualTo(1_600L);
    assertThat(second.probe().calls("total", "ACMEx3")).isZero();
    assertThat(second.probe().calls("total", "ACMEx4")).isEqualTo(1);
    // The method without parameters shares its entry with the context of the default keys.
    assertThat(second.prices().allSymbols()).isEqualTo("A,B,C");
    assertThat(second.probe().calls("allSymbols", "")).isZero();
  }

  @Test
  void valuesOfOtherTypesNeedACodec() {
    App first = start();
    App second = start();
    assertThat(first.prices().quote("ACME")).isEqualTo(new Quote("ACME", 12_345));
    assertThat(second.prices().quote("ACME")).isEqualTo(new Quote("ACME", 12_345));
    assertThat(second.probe().calls("quote", "ACME")).isZero();

    // Without an allow-list or codec, a record cannot be stored in a shared cache.
    WarpCacheManager bare =
        WarpCacheManager.builder()
            .defaultSpec(WarpCacheSpec.of(100).withBackend(Backend.SHARED))
            .sharedDirectory(dir.resolve("bare"))
            .build();
    App third = start(bare, SharedCachingConfig.class);
    assertThatThrownBy(() -> third.prices().quote("ACME"))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("Quote");

    // A manager-wide fallback codec does as well as the spec's allow-list.
    // Every process must open a region with the same size, TTL and limits.
    WarpCacheManager withFallback =
        WarpCacheManager.builder()
            .cache(
                "shared-quotes",
                WarpCacheSpec.of(1_000)
                    .withBackend(Backend.SHARED)
                    .withTtl(Duration.ofMinutes(5))
                    .withMaxValueSize(16_384))
            .fallbackCodec(Codec.serializationAllowing("dev.warpcache.spring.*"))
            .sharedDirectory(dir)
            .build();
    App fourth = start(withFallback, SharedCachingConfig.class);
    assertThat(fourth.prices().quote("ACME")).isEqualTo(new Quote("ACME", 12_345));
    assertThat(fourth.probe().calls("quote", "ACME")).isZero();
  }

  @Test
  void aManagerWideCodecIsUsedForItsType() {
    Codec<Quote> quotes =
        Codec.of(
            (quote, out) -> {
              out.writeString(quote.symbol());
              out.writeLong(quote.cents());
            },
            in -> new Quote(in.readString(), in.readLong()));
    WarpCacheManager manager =
        WarpCacheManager.builder()
            .defaultSpec(WarpCacheSpec.of(100).withBackend(Backend.SHARED))
            .codec(Quote.class, quotes)
            .sharedDirectory(dir)
            .build();
    App app = start(manager, SharedCachingConfig.class);
    assertThat(app.prices().quote("ACME")).isEqualTo(new Quote("ACME", 12_345));
    assertThat(app.prices().quote("ACME")).isEqualTo(new Quote("ACME", 12_345));
    assertThat(app.probe().calls("quote", "ACME")).isEqualTo(1);
  }

  @Test
  void aCacheNameThatIsNoRegionNameIsRefusedNamingTheCache() {
    WarpCacheSpec shared = WarpCacheSpec.of(10).withBackend(Backend.SHARED);
    assertThatThrownBy(
            () ->
                WarpCacheManager.builder().cache("my prices", shared).sharedDirectory(dir).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'my prices'")
        .hasMessageContaining("letters, digits");
    WarpCacheManager dynamic =
        WarpCacheManager.builder().defaultSpec(shared).sharedDirectory(dir).build();
    assertThatThrownBy(() -> dynamic.getCache(".hidden"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'.hidden'");
    assertThat(dynamic.getCacheNames()).isEmpty();
    assertThat(dynamic.getCache("fine.name-1_x")).isNotNull();
    // The memory backend takes any name.
    assertThat(WarpCacheManager.builder().build().getCache("my prices")).isNotNull();
  }

  @Test
  void sharedSettingsOnAMemorySpecAreRefusedNamingTheCache() {
    WarpCacheSpec memory = WarpCacheSpec.of(10).withMaxKeySize(64);
    assertThatThrownBy(() -> WarpCacheManager.builder().cache("keys", memory).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'keys'")
        .hasMessageContaining("Backend.SHARED and remote specs only");
  }

  @Test
  void oversizeValuesAreReturnedButNotCached() {
    WarpCacheManager manager =
        WarpCacheManager.builder()
            .defaultSpec(
                WarpCacheSpec.of(100)
                    .withBackend(Backend.SHARED)
                    .withMaxKeySize(8)
                    .withMaxValueSize(64))
            .sharedDirectory(dir)
            .build();
    App app = start(manager, SharedCachingConfig.class);
    assertThat(app.prices().price("A-VERY-LONG-SYMBOL")).isEqualTo(1_800L);
    assertThat(app.prices().price("A-VERY-LONG-SYMBOL")).isEqualTo(1_800L);
    assertThat(app.probe().calls("price", "A-VERY-LONG-SYMBOL")).isEqualTo(2);
    assertThat(app.info("shared-prices").oversizeSkips()).isPositive();
  }
}
