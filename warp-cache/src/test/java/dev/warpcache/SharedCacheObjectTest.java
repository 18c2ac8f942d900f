package dev.warpcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code build()} with Backend.SHARED: the Cache object and its map view over one region. */
class SharedCacheObjectTest {

  @TempDir Path dir;

  private final String name = "c-" + UUID.randomUUID().toString().substring(0, 8);

  private <K, V> Cache<K, V> open(long maxSize) {
    return WarpCache.builder()
        .backend(Backend.SHARED)
        .name(name)
        .sharedDirectory(dir)
        .maxSize(maxSize)
        .maxKeySize(64)
        .maxValueSize(64)
        .build();
  }

  @Test
  void twoCacheObjectsOnOneNameSeeEachOthersWrites() {
    Cache<String, Integer> first = open(16);
    Cache<String, Integer> second = open(16);

    first.put("a", 1);
    assertThat(second.getIfPresent("a")).isEqualTo(1);
    assertThat(second.asMap()).containsExactly(Map.entry("a", 1));

    second.invalidate("a");
    assertThat(first.getIfPresent("a")).isNull();

    AtomicInteger loads = new AtomicInteger();
    assertThat(first.get("b", k -> loads.incrementAndGet() * 10)).isEqualTo(10);
    assertThat(second.get("b", k -> loads.incrementAndGet() * 10)).isEqualTo(10);
    assertThat(loads).hasValue(1);
    assertThat(second.getAsync("b", k -> null).join()).isEqualTo(10);

    CacheInfo info = second.info(); // region totals: a hit, a miss, b miss, b hit, b hit
    assertThat(info.hits()).isEqualTo(3);
    assertThat(info.misses()).isEqualTo(2);

    first.clear();
    assertThat(second.asMap()).isEmpty();
    assertThat(second.info().hits()).isZero();
  }

  @Test
  void theMapViewIsAtomicPerKeyAndComparesEncodedValues() {
    ConcurrentMap<TimeUnit, String> map = this.<TimeUnit, String>open(16).asMap();

    assertThat(map.put(TimeUnit.SECONDS, "s")).isNull();
    assertThat(map.put(TimeUnit.SECONDS, "sec")).isEqualTo("s");
    assertThat(map.putIfAbsent(TimeUnit.SECONDS, "x")).isEqualTo("sec");
    assertThat(map.replace(TimeUnit.SECONDS, "nope", "x")).isFalse();
    assertThat(map.replace(TimeUnit.SECONDS, "sec", "second")).isTrue();
    assertThat(map.merge(TimeUnit.SECONDS, "s", String::concat)).isEqualTo("seconds");
    assertThat(map.compute(TimeUnit.DAYS, (k, v) -> v == null ? "d" : v + "!")).isEqualTo("d");
    assertThat(map.computeIfPresent(TimeUnit.DAYS, (k, v) -> null)).isNull();
    assertThat(map.containsKey(TimeUnit.DAYS)).isFalse();
    assertThat(map.computeIfAbsent(TimeUnit.HOURS, k -> k.name())).isEqualTo("HOURS");
    assertThat(map.remove(TimeUnit.HOURS, "hours")).isFalse();
    assertThat(map.remove(TimeUnit.HOURS, "HOURS")).isTrue();

    map.put(null, null); // null keys and values are encoded like any other
    assertThat(map).containsEntry(null, null).hasSize(2);
    assertThat(map.putIfAbsent(null, "n")).isNull(); // a key mapped to null counts as absent
    assertThat(map.get(null)).isEqualTo("n");

    map.entrySet().removeIf(e -> e.getKey() == null);
    map.entrySet().iterator().next().setValue("written through");
    assertThat(map).containsExactly(Map.entry(TimeUnit.SECONDS, "written through"));
  }

  @Test
  void anOversizeValueRemovesTheOlderOneAndCountsASkip() {
    Cache<String, String> cache = open(16);
    cache.put("k", "small");
    cache.put("k", "x".repeat(100)); // over maxValueSize 64

    assertThat(cache.getIfPresent("k")).isNull();
    assertThat(cache.asMap().put("y".repeat(100), "v")).isNull(); // key over maxKeySize 64
    assertThat(cache.asMap()).isEmpty();
    assertThat(cache.info().oversizeSkips()).isEqualTo(2);
  }

  @Test
  void evictionAndTtlFollowTheRegion() {
    AtomicLong now = new AtomicLong();
    Cache<Integer, Integer> cache =
        WarpCache.builder()
            .backend(Backend.SHARED)
            .name(name)
            .sharedDirectory(dir)
            .maxSize(4)
            .ttl(Duration.ofSeconds(10))
            .ticker(now::get)
            .build();
    for (int i = 0; i < 10; i++) {
      cache.put(i, i);
    }
    assertThat(cache.asMap()).hasSize(4).containsKeys(6, 7, 8, 9);
    assertThat(cache.info().evictions()).isEqualTo(6);

    now.addAndGet(TimeUnit.SECONDS.toNanos(10));
    assertThat(cache.getIfPresent(9)).isNull();
    assertThat(cache.asMap()).isEmpty(); // expired entries are not seen
  }
}
