package dev.warpcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * TTL is expire-after-write, read from an injected {@link Ticker}: these tests move a fake clock
 * and never sleep. An entry written at {@code w} is expired at {@code now} exactly when {@code now
 * - w >= ttl}.
 */
class TtlTest {

  private static final long TTL = Duration.ofSeconds(10).toNanos();
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private final AtomicLong now = new AtomicLong();
  private final Ticker ticker = now::get;

  private Cache<String, String> cache(int maxSize) {
    return WarpCache.builder().maxSize(maxSize).ttl(Duration.ofNanos(TTL)).ticker(ticker).build();
  }

  private static String load(Cache<String, String> cache, String key) {
    return cache.get(key, k -> "v:" + k);
  }

  @Test
  void entryIsLiveBeforeItsTtlAndReloadedAfterIt() {
    Cache<String, String> cache = cache(8);
    AtomicInteger loads = new AtomicInteger();
    cache.get("k", k -> "v" + loads.incrementAndGet());

    now.set(5 * SECOND);
    assertThat(cache.get("k", k -> "v" + loads.incrementAndGet())).isEqualTo("v1");
    now.set(11 * SECOND);
    assertThat(cache.get("k", k -> "v" + loads.incrementAndGet())).isEqualTo("v2");
    assertThat(loads).hasValue(2);

    CacheInfo info = cache.info();
    assertThat(info.hits()).isEqualTo(1);
    assertThat(info.misses()).isEqualTo(2);
    assertThat(info.currentSize()).isEqualTo(1);
  }

  @Test
  void entryExpiresExactlyWhenItsAgeReachesTheTtl() {
    Cache<String, String> cache = cache(8);
    now.set(1_000);
    cache.put("k", "v");

    now.set(1_000 + TTL - 1);
    assertThat(cache.asMap().containsKey("k")).isTrue();
    assertThat(cache.getIfPresent("k")).isEqualTo("v");

    now.set(1_000 + TTL);
    assertThat(cache.asMap().containsKey("k"))
        .as("expired entries are absent from the view")
        .isFalse();
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void expiryUsesTickerDifferencesSoReadingsMayWrapAround() {
    // Only differences between readings matter (System.nanoTime may be near overflow).
    Cache<String, String> cache = cache(8);
    long origin = Long.MAX_VALUE - 5 * SECOND;
    now.set(origin);
    cache.put("k", "v");

    now.set(origin + 9 * SECOND); // wraps to a negative reading
    assertThat(now.get()).isNegative();
    assertThat(cache.getIfPresent("k")).isEqualTo("v");

    now.set(origin + TTL);
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void getIfPresentOnAnExpiredEntryReturnsNullAndCountsAMiss() {
    Cache<String, String> cache = cache(8);
    cache.put("k", "v");
    now.set(TTL);
    assertThat(cache.getIfPresent("k")).isNull();

    CacheInfo info = cache.info();
    assertThat(info.hits()).isZero();
    assertThat(info.misses()).isEqualTo(1);
  }

  @Test
  void ttlCountsFromWhenTheLoadCompleted() {
    Cache<String, String> cache = cache(8);
    cache.get(
        "k",
        k -> {
          now.addAndGet(5 * SECOND); // the load takes 5 s: written at t = 5 s
          return "v1";
        });

    now.set(14 * SECOND); // 14 s after the load started, 9 s after it completed
    assertThat(cache.get("k", k -> "v2")).isEqualTo("v1");

    now.set(15 * SECOND); // 10 s after the load completed
    assertThat(cache.get("k", k -> "v2")).isEqualTo("v2");
  }

  @Test
  void putRestartsTheTtl() {
    Cache<String, String> cache = cache(8);
    cache.put("k", "v1");
    now.set(8 * SECOND);
    cache.put("k", "v2");

    now.set(15 * SECOND); // 15 s after the first write, 7 s after the second
    assertThat(cache.getIfPresent("k")).isEqualTo("v2");
    now.set(18 * SECOND);
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void hitDoesNotExtendTheTtl() {
    Cache<String, String> cache = cache(8);
    load(cache, "k");
    now.set(9 * SECOND);
    assertThat(cache.getIfPresent("k")).isEqualTo("v:k");
    now.set(TTL);
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void reloadAfterExpiryStoresAFreshEntryWithItsOwnTtl() {
    Cache<String, String> cache = cache(8);
    AtomicInteger loads = new AtomicInteger();
    cache.get("k", k -> "v" + loads.incrementAndGet()); // written at 0

    now.set(TTL); // expired; reloaded and written at 10 s
    assertThat(cache.get("k", k -> "v" + loads.incrementAndGet())).isEqualTo("v2");
    now.set(TTL + TTL - 1);
    assertThat(cache.get("k", k -> "v" + loads.incrementAndGet())).isEqualTo("v2");
    now.set(TTL + TTL);
    assertThat(cache.get("k", k -> "v" + loads.incrementAndGet())).isEqualTo("v3");
    assertThat(cache.info().currentSize()).isEqualTo(1);
  }

  @Test
  void expiredEntryIsEvictedBeforeLiveOnesWhenTheCacheIsFull() {
    Cache<String, String> cache = cache(3);
    load(cache, "a"); // written at 0
    load(cache, "a"); // a is visited
    now.set(5 * SECOND);
    load(cache, "b");
    load(cache, "c"); // [c b a*]

    now.set(TTL); // a has expired, b and c have 5 s left
    load(cache, "d");
    // SIEVE alone would clear a's bit and evict b; the expired a must go first.
    assertThat(new HashSet<>(cache.asMap().keySet())).containsExactlyInAnyOrder("b", "c", "d");
    assertThat(cache.info().currentSize()).isEqualTo(3);
    assertThat(cache.info().evictions()).isEqualTo(1);
  }

  @Test
  void expiredEntryIsEvictedFirstEvenWhenTheHandIsElsewhere() {
    Cache<String, String> cache = cache(4);
    load(cache, "a");
    load(cache, "b"); // both written at 0
    load(cache, "a"); // a*
    now.set(5 * SECOND);
    load(cache, "c");
    load(cache, "d"); // [d c b a*]
    now.set(6 * SECOND);
    load(cache, "e"); // clears a, evicts b; the hand stops at c: [e d c a]
    assertThat(new HashSet<>(cache.asMap().keySet())).containsExactlyInAnyOrder("a", "c", "d", "e");

    now.set(TTL); // a has expired; the hand would evict c (unvisited) next
    load(cache, "f");
    assertThat(new HashSet<>(cache.asMap().keySet())).containsExactlyInAnyOrder("c", "d", "e", "f");
    assertThat(cache.info().currentSize()).isEqualTo(4);
    assertThat(cache.info().evictions()).isEqualTo(2);
  }

  @Test
  void memoizedFunctionRecomputesAfterExpiry() {
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<Integer, Integer> twice =
        WarpCache.builder()
            .maxSize(16)
            .ttl(Duration.ofSeconds(10))
            .ticker(ticker)
            .memoize(
                (Integer x) -> {
                  calls.incrementAndGet();
                  return 2 * x;
                });
    assertThat(twice.apply(5)).isEqualTo(10);
    now.set(5 * SECOND);
    assertThat(twice.apply(5)).isEqualTo(10);
    assertThat(calls).hasValue(1);
    now.set(11 * SECOND);
    assertThat(twice.apply(5)).isEqualTo(10);
    assertThat(calls).hasValue(2);

    CacheInfo info = twice.cacheInfo();
    assertThat(info.hits()).isEqualTo(1);
    assertThat(info.misses()).isEqualTo(2);
  }

  @Test
  void withoutTtlEntriesNeverExpire() {
    Cache<String, String> cache = WarpCache.builder().maxSize(8).ticker(ticker).build();
    load(cache, "k");
    now.set(Long.MAX_VALUE / 2);
    assertThat(cache.getIfPresent("k")).isEqualTo("v:k");
  }
}
