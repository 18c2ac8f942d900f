package dev.warpcache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.Backend;
import dev.warpcache.CacheInfo;
import dev.warpcache.redis.RedisServer;
import dev.warpcache.redis.RedisTier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.Cache;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.KeyGenerator;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code @Cacheable} over remote caches: near caches in front of a real Redis, which the test
 * starts on a free port of 127.0.0.1. Two application contexts in one JVM, each with its own {@link
 * RedisTier} and {@link WarpCacheManager}, stand in for two JVMs (on any hosts): what one computed,
 * the other finds in Redis, and the writes and evictions of one drop the other's near copies.
 */
class RemoteCacheContextTest {

  private static RedisServer redis;

  private final List<AnnotationConfigApplicationContext> contexts = new ArrayList<>();

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

  @AfterEach
  void close() {
    contexts.forEach(AnnotationConfigApplicationContext::close);
  }

  /**
   * Cached methods over the remote caches "users" and "scores", counting their runs. The test calls
   * it through Spring's proxy, so it sets no field: its public methods reach the target.
   */
  public static class UserDirectory {
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile CountDownLatch release = new CountDownLatch(0);

    private void count(String method, Object key) {
      calls.computeIfAbsent(method + ":" + key, k -> new AtomicInteger()).incrementAndGet();
    }

    public int calls(String method, Object key) {
      AtomicInteger count = calls.get(method + ":" + key);
      return count == null ? 0 : count.get();
    }

    /** Makes findSlowly wait for {@link #release()}. */
    public void hold() {
      release = new CountDownLatch(1);
    }

    public void release() {
      release.countDown();
    }

    @Cacheable("users")
    public String find(String id) {
      count("find", id);
      return "user-" + id;
    }

    @Cacheable(cacheNames = "users", sync = true)
    public String findSlowly(String id) throws InterruptedException {
      count("findSlowly", id);
      if (!release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
      return "slow-" + id;
    }

    @Cacheable("users")
    public String nobody(Integer id) {
      count("nobody", id);
      return null;
    }

    @CachePut(cacheNames = "users", key = "#a0")
    public String rename(String id, String name) {
      count("rename", id);
      return name;
    }

    @CacheEvict("users")
    public void forget(String id) {}

    @CacheEvict(cacheNames = "users", allEntries = true)
    public void forgetAll() {}

    @Cacheable("scores")
    public Long score(String game, int level) {
      count("score", game + "@" + level);
      return (long) game.length() * level;
    }
  }

  // README remote example: begin
  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class RemoteCachingConfig implements CachingConfigurer {
    @Bean
    RedisTier redisTier(@Value("${app.redis-uri}") String redisUri) {
      return RedisTier.connect(redisUri); // one per application, closed with the context
    }

    @Bean
    WarpCacheManager cacheManager(RedisTier redisTier) {
      return WarpCacheManager.builder()
          .remoteTier(redisTier)
          .cache("users", WarpCacheSpec.of(10_000).withTtl(Duration.ofMinutes(5)).withRemote())
          .cache("scores", WarpCacheSpec.of(1_000).withRemote())
          .cache("local", WarpCacheSpec.of(100)) // not remote: this JVM only
          .build();
    }

    @Override
    public KeyGenerator keyGenerator() {
      // Keys of methods with several parameters that a remote cache can encode.
      return new WarpKeyGenerator();
    }

    @Bean
    UserDirectory userDirectory() {
      return new UserDirectory();
    }
  }

  // README remote example: end

  /** One application: its own context, tier, manager and service. */
  record App(AnnotationConfigApplicationContext context, UserDirectory users) {
    WarpCacheManager manager() {
      return context.getBean(WarpCacheManager.class);
    }

    CacheInfo info(String name) {
      return manager().getCacheInfo(name).orElseThrow();
    }

    WarpSpringCache cache(String name) {
      return manager().getCache(name);
    }
  }

  private App start() {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    contexts.add(context);
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("test", Map.of("app.redis-uri", redis.uri())));
    context.register(RemoteCachingConfig.class);
    context.refresh();
    return new App(context, context.getBean(UserDirectory.class));
  }

  /** Polls until the condition holds, failing after a deadline. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void aSecondContextFindsWhatTheFirstComputedInRedis() {
    App first = start();
    assertThat(first.users().find("42")).isEqualTo("user-42");
    assertThat(first.users().calls("find", "42")).isEqualTo(1);

    // Started after the write, so no invalidation of it is on its way to the second context (one
    // would make it drop its first near copy: a miss later, never a stale value).
    App second = start();
    assertThat(second.users().find("42")).isEqualTo("user-42");
    assertThat(second.users().calls("find", "42")).isZero();
    assertThat(second.info("users").remoteHits()).isEqualTo(1);
    // Now a near hit: no Redis round trip.
    assertThat(second.users().find("42")).isEqualTo("user-42");
    assertThat(second.info("users").hits()).isEqualTo(2);
    assertThat(second.info("users").remoteHits()).isEqualTo(1);
    assertThat(second.info("users").remoteErrors()).isZero();

    WarpSpringCache users = second.cache("users");
    assertThat(users.isRemote()).isTrue();
    assertThat(users.backend()).isEqualTo(Backend.MEMORY);
    assertThat(second.cache("local").isRemote()).isFalse();
    assertThat(second.manager().getRemoteTier())
        .containsSame(second.context().getBean(RedisTier.class));
  }

  @Test
  void cachePutInOneContextReplacesTheOthersNearCopy() throws Exception {
    App first = start();
    first.users().find("42");
    App second = start();
    assertThat(second.users().find("42")).isEqualTo("user-42");

    assertThat(first.users().rename("42", "Ada")).isEqualTo("Ada");
    assertThat(first.users().find("42")).isEqualTo("Ada");

    // The put dropped the second context's near copy; its next lookup reads Redis.
    await("the second context sees the new value", () -> "Ada".equals(second.users().find("42")));
    assertThat(second.users().calls("find", "42")).isZero();
    assertThat(first.users().calls("find", "42")).isEqualTo(1);
  }

  @Test
  void cacheEvictInOneContextDropsTheOthersNearCopy() throws Exception {
    App first = start();
    first.users().find("42");
    App second = start();
    second.users().find("42");
    assertThat(second.info("users").currentSize()).isEqualTo(1);

    first.users().forget("42");

    await("the second context drops its copy", () -> second.info("users").currentSize() == 0);
    // Redis has no value either: the second context runs the method.
    assertThat(second.users().find("42")).isEqualTo("user-42");
    assertThat(second.users().calls("find", "42")).isEqualTo(1);
    // ...and writes it to Redis, where the first one finds it.
    assertThat(first.users().find("42")).isEqualTo("user-42");
    assertThat(first.users().calls("find", "42")).isEqualTo(1);
  }

  @Test
  void cacheEvictAllEntriesClearsRedisAndEveryNearCache() throws Exception {
    App first = start();
    first.users().find("1");
    first.users().find("2");
    App second = start();
    second.users().find("1");
    second.users().find("2");
    second.users().score("chess", 3);
    assertThat(second.info("users").currentSize()).isEqualTo(2);

    first.users().forgetAll();

    assertThat(first.info("users").currentSize()).isZero();
    await("the second context clears", () -> second.info("users").currentSize() == 0);
    assertThat(second.users().find("1")).isEqualTo("user-1");
    assertThat(second.users().calls("find", "1")).isEqualTo(1);
    assertThat(first.users().find("2")).isEqualTo("user-2");
    assertThat(first.users().calls("find", "2")).isEqualTo(2);
    // Another cache of the same tier keeps its entries.
    assertThat(first.users().score("chess", 3)).isEqualTo(15L);
    assertThat(first.users().calls("score", "chess@3")).isZero();
  }

  @Test
  void syncCacheableRunsTheMethodOnceForConcurrentMisses() throws Exception {
    App app = start();
    app.users().hold();
    int threads = 6;
    AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(threads);
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int index = i;
      Thread caller =
          new Thread(
              () -> {
                try {
                  results.set(index, app.users().findSlowly("7"));
                } catch (Throwable failure) {
                  results.set(index, failure);
                }
              });
      callers.add(caller);
      caller.start();
    }
    await(
        "the method runs and every caller waits",
        () -> app.users().calls("findSlowly", "7") == 1 && blocked(callers) == threads);
    app.users().release();
    for (Thread caller : callers) {
      caller.join(TimeUnit.SECONDS.toMillis(30));
    }
    for (int i = 0; i < threads; i++) {
      assertThat(results.get(i)).isEqualTo("slow-7");
    }
    assertThat(app.users().calls("findSlowly", "7")).isEqualTo(1);
    CacheInfo info = app.info("users");
    assertThat(info.hits() + info.misses()).isEqualTo(threads);
    assertThat(info.loadSuccesses()).isEqualTo(1);

    // The result went to Redis: another application does not run the method.
    App other = start();
    assertThat(other.users().findSlowly("7")).isEqualTo("slow-7");
    assertThat(other.users().calls("findSlowly", "7")).isZero();
    assertThat(other.info("users").remoteHits()).isEqualTo(1);
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
  void nullValuesAndKeysOfSeveralParametersCrossRedis() {
    App first = start();
    assertThat(first.users().nobody(7)).isNull();
    assertThat(first.users().nobody(7)).isNull();
    assertThat(first.users().score("go", 4)).isEqualTo(8L);
    App second = start();
    assertThat(second.users().nobody(7)).isNull();
    assertThat(first.users().calls("nobody", 7)).isEqualTo(1);
    assertThat(second.users().calls("nobody", 7)).isZero();
    Cache.ValueWrapper cached = second.cache("users").get(7);
    assertThat(cached).isNotNull();
    assertThat(cached.get()).isNull();

    assertThat(second.users().score("go", 4)).isEqualTo(8L);
    assertThat(second.users().score("go", 5)).isEqualTo(10L);
    assertThat(second.users().calls("score", "go@4")).isZero();
    assertThat(second.users().calls("score", "go@5")).isEqualTo(1);

    // Spring's own SimpleKey of several parameters hides them: refused, saying what to do.
    assertThatThrownBy(() -> first.cache("scores").put(new SimpleKey("go", 4), 8L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'scores'")
        .hasMessageContaining("remote tier")
        .hasMessageContaining("WarpKeyGenerator");
  }

  @Test
  void putIfAbsentEvictIfPresentAndInvalidateWorkWithoutAMapView() throws Exception {
    App first = start();
    App second = start();
    WarpSpringCache one = first.cache("users");
    WarpSpringCache two = second.cache("users");

    assertThat(one.putIfAbsent("k", "v1")).isNull();
    assertThat(one.putIfAbsent("k", "v2").get()).isEqualTo("v1");
    // The second context finds the first's value in Redis, once its write (not awaited by the
    // loader that stored it) has landed.
    await("the value reaches Redis", () -> two.get("k") != null);
    assertThat(two.putIfAbsent("k", "v3").get()).isEqualTo("v1");

    assertThat(two.evictIfPresent("k")).isTrue();
    assertThat(two.evictIfPresent("k")).isFalse();
    await("the first context drops its copy", () -> one.get("k") == null);

    one.put("x", "1");
    assertThat(one.invalidate()).isTrue();
    assertThat(one.invalidate()).isFalse();
    assertThat(two.get("x")).isNull();
  }

  @Test
  void misconfiguredRemoteCachesFailNamingTheCache() {
    WarpCacheSpec remote = WarpCacheSpec.of(10).withRemote();
    assertThatThrownBy(() -> WarpCacheManager.builder().cache("users", remote).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'users'")
        .hasMessageContaining("no remote tier")
        .hasMessageContaining("remoteTier(...)");
    assertThatThrownBy(
            () ->
                WarpCacheManager.builder()
                    .defaultSpec(remote)
                    .dynamic(false)
                    .cacheNames("names")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'names'");
    assertThatThrownBy(() -> WarpCacheManager.builder().defaultSpec(remote).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("default spec")
        .hasMessageContaining("no remote tier");

    try (RedisTier tier = RedisTier.connect(redis.uri())) {
      assertThatThrownBy(
              () ->
                  WarpCacheManager.builder()
                      .remoteTier(tier)
                      .cache("prices", remote.withBackend(Backend.SHARED))
                      .build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'prices'")
          .hasMessageContaining("cannot be combined");
      assertThatThrownBy(
              () -> WarpCacheManager.builder().remoteTier(tier).cache("my users", remote).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'my users' cannot be remote");
      // A dynamic manager with a remote default spec makes remote caches on first use.
      WarpCacheManager dynamic =
          WarpCacheManager.builder().remoteTier(tier).defaultSpec(remote).build();
      assertThat(dynamic.getCache("anything").isRemote()).isTrue();
    }
  }
}
