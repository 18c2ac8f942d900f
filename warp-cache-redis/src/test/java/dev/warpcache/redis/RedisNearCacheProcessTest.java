package dev.warpcache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.CachedFunction;
import dev.warpcache.WarpCache;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The near cache over a real Redis with two JVMs: this one and a child. What one computes, the
 * other reads from Redis and then from its near cache; a write or clear in one drops the other's
 * near copies; Redis going away and coming back never fails a call.
 */
class RedisNearCacheProcessTest {

  private RedisServer server;
  private RedisTier tier;
  private final String name = "near-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void start() {
    server = RedisServer.start();
    tier = RedisTier.connect(server.uri(), Duration.ofMillis(500));
  }

  @AfterEach
  void stop() {
    tier.close();
    server.close();
  }

  private String child(String... operations) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(NearCacheChild.class.getName());
    command.add(server.uri());
    command.add(name);
    command.addAll(List.of(operations));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as(output).isZero();
      return output;
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void whatOneJvmComputesAnotherReadsFromRedisThenNear() throws Exception {
    assertThat(child("memo:20")).contains("runs=20");

    AtomicInteger runs = new AtomicInteger();
    CachedFunction<String, Integer> length =
        WarpCache.builder()
            .name(name)
            .maxSize(1_000)
            .remote(tier)
            .memoize(
                (String s) -> {
                  runs.incrementAndGet();
                  return -1;
                });
    for (int round = 0; round < 2; round++) {
      for (int k = 0; k < 20; k++) {
        assertThat(length.apply("key-" + k)).isEqualTo(("key-" + k).length());
      }
    }
    assertThat(runs).hasValue(0);
    CacheInfo info = length.cacheInfo();
    assertThat(info.remoteHits()).isEqualTo(20); // first round: from Redis
    assertThat(info.nearHits()).isEqualTo(20); // second round: from this JVM
    assertThat(info.misses()).isZero();
    assertThat(info.remoteErrors()).isZero();
  }

  @Test
  void aWriteOrClearInOneJvmDropsTheOthersNearCopy() throws Exception {
    Cache<String, String> cache = NearCacheChild.cache(name, tier);
    cache.put("k", "old");
    assertThat(cache.getIfPresent("k")).isEqualTo("old");

    child("put:k:new");
    // The invalidation arrived while the child ran (one Redis round trip after its write): the
    // near copy is gone, and the next read fetches the new value.
    assertThat(awaitValue(cache, "k", "new")).isTrue();
    assertThat(cache.info().remoteHits()).isGreaterThanOrEqualTo(1);

    child("clear");
    assertThat(awaitValue(cache, "k", null)).isTrue();
  }

  @Test
  void theTtlBoundsTheValueInRedisAndTheNearCopy() throws Exception {
    Cache<String, String> cache =
        WarpCache.builder()
            .name(name)
            .maxSize(100)
            .ttl(Duration.ofMillis(1_500))
            .remote(tier)
            .build();
    cache.put("k", "v");
    long written = System.nanoTime();
    RedisClient raw = RedisClient.create(server.uri());
    try (StatefulRedisConnection<byte[], byte[]> connection =
        raw.connect(ByteArrayCodec.INSTANCE)) {
      RedisCommands<byte[], byte[]> redis = connection.sync();
      byte[] key = redis.keys("warp:v1:" + name + ":*").get(0);
      assertThat(redis.pttl(key)).isBetween(1L, 1_500L); // Redis expires it by itself

      while (System.nanoTime() - written < TimeUnit.MILLISECONDS.toNanos(1_600)) {
        Thread.sleep(20);
      }
      assertThat(cache.getIfPresent("k")).isNull(); // the near copy expired too
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (redis.exists(key) != 0 && System.nanoTime() < deadline) {
        Thread.sleep(20); // Redis expires lazily or within its active-expiry cycle
      }
      assertThat(redis.exists(key)).isZero();
    } finally {
      raw.shutdown();
    }
  }

  @Test
  void corruptBytesUnderThePrefixAreAMissAndAnErrorNeverAnException() {
    Cache<String, String> writer = NearCacheChild.cache(name, tier);
    writer.put("k", "v");
    RedisClient raw = RedisClient.create(server.uri());
    try (StatefulRedisConnection<byte[], byte[]> connection =
        raw.connect(ByteArrayCodec.INSTANCE)) {
      RedisCommands<byte[], byte[]> redis = connection.sync();
      List<byte[]> keys = redis.keys("warp:v1:" + name + ":*");
      assertThat(keys).hasSize(1);
      redis.set(keys.get(0), new byte[] {(byte) 0xFF, 0x13, 0x37}); // no codec wrote this
    } finally {
      raw.shutdown();
    }

    try (RedisTier otherJvm = RedisTier.connect(server.uri(), Duration.ofMillis(500))) {
      Cache<String, String> reader = NearCacheChild.cache(name, otherJvm);
      assertThat(reader.getIfPresent("k")).isNull();
      assertThat(reader.get("k", key -> "computed here")).isEqualTo("computed here");
      CacheInfo info = reader.info();
      assertThat(info.remoteErrors()).isEqualTo(2);
      assertThat(info.remoteHits()).isZero();
    }
  }

  @Test
  void callsKeepAnsweringWhileRedisIsDownAndAfterItComesBack() {
    AtomicInteger runs = new AtomicInteger();
    CachedFunction<Integer, Integer> square =
        WarpCache.builder()
            .name(name)
            .maxSize(1_000)
            .remote(tier)
            .memoize(
                (Integer x) -> {
                  runs.incrementAndGet();
                  return x * x;
                });
    assertThat(square.apply(3)).isEqualTo(9);

    server.stop();
    long start = System.nanoTime();
    assertThat(square.apply(3)).isEqualTo(9); // near hit: no network at all
    assertThat(square.apply(4)).isEqualTo(16); // near miss: Redis fails, computed here
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    assertThat(square.cacheInfo().remoteErrors()).isGreaterThanOrEqualTo(1);

    server.restart();
    // The tier reconnects by itself; then a new result is written to Redis again, where a cache
    // on another connection (one argument is stored as itself, as a Cache's key is) finds it.
    try (RedisTier other = RedisTier.connect(server.uri(), Duration.ofMillis(500))) {
      Cache<Integer, Integer> elsewhere =
          WarpCache.builder().name(name).maxSize(1_000).remote(other).build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      Integer found = null;
      for (int x = 5; found == null && System.nanoTime() < deadline; x++) {
        assertThat(square.apply(x)).isEqualTo(x * x);
        for (int poll = 0; poll < 20 && found == null; poll++) {
          found = elsewhere.getIfPresent(x);
          sleep(10);
        }
      }
      assertThat(found).as("a result written after the restart").isNotNull();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Polls until the cache answers {@code expected} for {@code key}, for at most 5 seconds. */
  static boolean awaitValue(Cache<String, String> cache, String key, String expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      String value = cache.getIfPresent(key);
      if (expected == null ? value == null : expected.equals(value)) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }
}
