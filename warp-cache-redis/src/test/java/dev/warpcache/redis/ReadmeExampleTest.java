package dev.warpcache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.CacheInfo;
import dev.warpcache.CachedFunction;
import dev.warpcache.WarpCache;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's Redis example, run against a real Redis that the test starts and stops. */
class ReadmeExampleTest {

  /** The README's repository: counts its lookups. */
  static final class UserRepo {
    final AtomicInteger lookups = new AtomicInteger();

    String find(Long id) {
      lookups.incrementAndGet();
      return "user-" + id;
    }
  }

  private RedisServer server;
  private final java.util.List<RedisTier> tiers = new java.util.ArrayList<>();

  @BeforeEach
  void startRedis() {
    server = RedisServer.start();
  }

  @AfterEach
  void stopRedis() {
    tiers.forEach(RedisTier::close);
    server.close();
  }

  @Test
  void theReadmeExampleRuns() {
    String redisUri = server.uri();
    UserRepo repo = new UserRepo();

    RedisTier tier = RedisTier.connect(redisUri); // one per JVM, for all its caches
    CachedFunction<Long, String> findUser =
        WarpCache.builder()
            .name("users")
            .maxSize(10_000)
            .ttl(Duration.ofMinutes(5))
            .remote(tier)
            .memoize(repo::find);
    findUser.apply(42L); // near miss, Redis miss: computed once, written to Redis
    findUser.apply(42L); // near hit: no network
    // In another JVM, the first call is a Redis hit, the next ones near hits.

    tiers.add(tier); // closed after the test
    assertThat(findUser.apply(42L)).isEqualTo("user-42");
    CacheInfo info = findUser.cacheInfo();
    assertThat(info.misses()).isEqualTo(1);
    assertThat(info.nearHits()).isEqualTo(2);
    assertThat(repo.lookups).hasValue(1);

    UserRepo otherRepo = new UserRepo();
    try (RedisTier otherJvm = RedisTier.connect(redisUri)) {
      CachedFunction<Long, String> elsewhere =
          WarpCache.builder()
              .name("users")
              .maxSize(10_000)
              .ttl(Duration.ofMinutes(5))
              .remote(otherJvm)
              .memoize(otherRepo::find);
      assertThat(elsewhere.apply(42L)).isEqualTo("user-42");
      assertThat(elsewhere.apply(42L)).isEqualTo("user-42");
      assertThat(elsewhere.cacheInfo().remoteHits()).isEqualTo(1);
      assertThat(elsewhere.cacheInfo().nearHits()).isEqualTo(1);
      assertThat(otherRepo.lookups).hasValue(0);
    }
  }
}
