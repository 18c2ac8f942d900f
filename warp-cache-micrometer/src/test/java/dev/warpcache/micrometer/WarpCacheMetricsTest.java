package dev.warpcache.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.Backend;
import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.Cached;
import dev.warpcache.CachedAsyncFunction;
import dev.warpcache.CachedFunction;
import dev.warpcache.Memoized;
import dev.warpcache.WarpCache;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The meters follow real cache activity, read from a {@link SimpleMeterRegistry}. */
class WarpCacheMetricsTest {

  private final MeterRegistry registry = new SimpleMeterRegistry();

  private double hits(String name) {
    return registry
        .get("cache.gets")
        .tags("cache", name, "result", "hit")
        .functionCounter()
        .count();
  }

  private double misses(String name) {
    return registry
        .get("cache.gets")
        .tags("cache", name, "result", "miss")
        .functionCounter()
        .count();
  }

  private double evictions(String name) {
    return registry.get("cache.evictions").tags("cache", name).functionCounter().count();
  }

  private double size(String name) {
    return registry.get("cache.size").tags("cache", name).gauge().value();
  }

  private double maxSize(String name) {
    return registry.get("cache.max.size").tags("cache", name).gauge().value();
  }

  /** The meters {@link #metersMatchMicrometersCacheBinders} expects for one cache. */
  private List<String> meterIds(String name) {
    return registry.getMeters().stream()
        .map(Meter::getId)
        .filter(id -> name.equals(id.getTag("cache")))
        .map(
            id ->
                id.getName()
                    + id.getTags().stream()
                        .map(t -> t.getKey() + "=" + t.getValue())
                        .sorted()
                        .collect(Collectors.joining(",", "{", "}"))
                    + ":"
                    + id.getType())
        .sorted()
        .toList();
  }

  @Test
  void metersMatchMicrometersCacheBinders() {
    Cache<String, String> cache = WarpCache.builder().maxSize(10).build();
    WarpCacheMetrics.monitor(registry, cache, "rows", "cache.manager", "main");

    // The names, tags and types of CacheMeterBinder and of the load meters that
    // CaffeineCacheMetrics also publishes, plus cache.max.size and warp-cache's own counters
    // (oversize skips, remote hits and errors). No cache.puts: warp-cache does not
    // count puts.
    assertThat(meterIds("rows"))
        .containsExactly(
            "cache.evictions{cache.manager=main,cache=rows}:COUNTER",
            "cache.gets{cache.manager=main,cache=rows,result=hit}:COUNTER",
            "cache.gets{cache.manager=main,cache=rows,result=miss}:COUNTER",
            "cache.load.duration{cache.manager=main,cache=rows}:GAUGE",
            "cache.load{cache.manager=main,cache=rows,result=failure}:COUNTER",
            "cache.load{cache.manager=main,cache=rows,result=success}:COUNTER",
            "cache.max.size{cache.manager=main,cache=rows}:GAUGE",
            "cache.oversize.skips{cache.manager=main,cache=rows}:COUNTER",
            "cache.remote.errors{cache.manager=main,cache=rows}:COUNTER",
            "cache.remote.hits{cache.manager=main,cache=rows}:COUNTER",
            "cache.size{cache.manager=main,cache=rows}:GAUGE");
    assertThat(registry.find("cache.puts").meters()).isEmpty();
  }

  @Test
  void loadMetersFollowLoadSuccessesFailuresAndTime() {
    Cache<String, String> cache = WarpCache.builder().maxSize(10).build();
    WarpCacheMetrics.monitor(registry, cache, "loads");

    cache.get("a", k -> "A");
    cache.get("b", k -> "B");
    try {
      cache.get(
          "c",
          k -> {
            throw new IllegalStateException("down");
          });
    } catch (IllegalStateException expected) {
      // the failure is counted
    }

    double successes =
        registry
            .get("cache.load")
            .tags("cache", "loads", "result", "success")
            .functionCounter()
            .count();
    double failures =
        registry
            .get("cache.load")
            .tags("cache", "loads", "result", "failure")
            .functionCounter()
            .count();
    double nanos =
        registry
            .get("cache.load.duration")
            .tags("cache", "loads")
            .timeGauge()
            .value(TimeUnit.NANOSECONDS);
    assertThat(successes).isEqualTo(2.0);
    assertThat(failures).isEqualTo(1.0);
    // The time gauge stores seconds and converts back: allow the floating-point rounding.
    assertThat(nanos)
        .isPositive()
        .isCloseTo(
            (double) cache.info().totalLoadTimeNanos(), org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void countersFollowACacheObject() {
    Cache<String, String> cache = WarpCache.builder().maxSize(2).build();
    new WarpCacheMetrics(cache, "rows", Tags.empty()).bindTo(registry);
    assertThat(hits("rows")).isZero();
    assertThat(misses("rows")).isZero();
    assertThat(size("rows")).isZero();
    assertThat(maxSize("rows")).isEqualTo(2);

    cache.get("a", k -> "A"); // miss: the loader runs
    cache.get("a", k -> "A"); // hit
    cache.getIfPresent("a"); // hit
    cache.getIfPresent("nope"); // miss: found nothing
    cache.asMap().get("a"); // reads through the view do not count
    assertThat(hits("rows")).isEqualTo(2);
    assertThat(misses("rows")).isEqualTo(2);
    assertThat(size("rows")).isEqualTo(1);
    assertThat(evictions("rows")).isZero();

    cache.put("b", "B");
    cache.put("c", "C"); // the cache holds 2: one entry is evicted
    assertThat(size("rows")).isEqualTo(2);
    assertThat(evictions("rows")).isEqualTo(1);

    cache.invalidate("c"); // an explicit removal is not an eviction
    assertThat(size("rows")).isEqualTo(1);
    assertThat(evictions("rows")).isEqualTo(1);

    assertThat(hits("rows")).isEqualTo(cache.info().hits());
    assertThat(misses("rows")).isEqualTo(cache.info().misses());
  }

  @Test
  void aFailedLoaderCountsAsAMiss() {
    CachedFunction<Integer, Integer> half =
        WarpCacheMetrics.monitor(
            registry,
            WarpCache.builder()
                .memoize(
                    (Integer n) -> {
                      if (n % 2 != 0) {
                        throw new IllegalArgumentException("odd: " + n);
                      }
                      return n / 2;
                    }),
            "half");

    assertThat(half.apply(4)).isEqualTo(2);
    assertThat(half.apply(4)).isEqualTo(2);
    assertThatThrownBy(() -> half.apply(3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> half.apply(3)).isInstanceOf(IllegalArgumentException.class);

    // Misses are the runs of the function: 1 success and 2 failures (a failure caches nothing).
    assertThat(misses("half")).isEqualTo(3);
    assertThat(hits("half")).isEqualTo(1);
    assertThat(size("half")).isEqualTo(1);
  }

  @Test
  void evictionsCountExpiredEntries() {
    AtomicLong now = new AtomicLong();
    CachedFunction<String, String> upper =
        WarpCache.builder()
            .maxSize(100)
            .ttl(Duration.ofSeconds(10))
            .ticker(now::get)
            .memoize((String s) -> s.toUpperCase(java.util.Locale.ROOT));
    WarpCacheMetrics.monitor(registry, upper, "upper", List.of(Tag.of("tier", "memory")));

    upper.apply("a");
    upper.apply("b");
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThat(size("upper")).isEqualTo(2); // expired but not yet evicted still count
    upper.apply("a"); // expired: evicted and loaded again
    assertThat(evictions("upper")).isEqualTo(1);
    assertThat(misses("upper")).isEqualTo(3);
    assertThat(hits("upper")).isZero();
    assertThat(registry.get("cache.size").tags("cache", "upper", "tier", "memory").gauge().value())
        .isEqualTo(2);
  }

  @Test
  void clearResetsTheCounters() {
    Cache<String, String> cache =
        WarpCacheMetrics.monitor(registry, WarpCache.builder().build(), "c");
    cache.get("a", k -> "A");
    cache.get("a", k -> "A");
    assertThat(hits("c")).isEqualTo(1);

    cache.clear();
    assertThat(hits("c")).isZero();
    assertThat(misses("c")).isZero();
    assertThat(size("c")).isZero();
  }

  @Test
  @Timeout(60)
  void concurrentMissesOfOneKeyRunTheFunctionOnce() throws Exception {
    int threads = 8;
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    CachedFunction<String, String> slow =
        WarpCache.builder()
            .memoize(
                (String s) -> {
                  runs.incrementAndGet();
                  started.countDown();
                  awaitQuietly(release);
                  return s + "!";
                });
    WarpCacheMetrics.monitor(registry, slow, "slow");

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> calls =
          java.util.stream.IntStream.range(0, threads)
              .mapToObj(i -> pool.submit(() -> slow.apply("k")))
              .toList();
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      release.countDown();
      for (Future<String> call : calls) {
        assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("k!");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(runs).hasValue(1);
    assertThat(misses("slow")).isEqualTo(1);
    assertThat(hits("slow")).isEqualTo(threads - 1);
  }

  @Test
  void asyncFunctionsAndDecoratedMethods() {
    CachedAsyncFunction<Integer, Integer> square =
        WarpCache.builder().memoizeAsync((Integer n) -> CompletableFuture.completedFuture(n * n));
    WarpCacheMetrics.monitor(registry, square, "square");
    assertThat(square.apply(3).join()).isEqualTo(9);
    assertThat(square.apply(3).join()).isEqualTo(9);
    assertThat(hits("square")).isEqualTo(1);
    assertThat(misses("square")).isEqualTo(1);

    Repo repo = WarpCache.decorate(Repo.class, id -> "user" + id);
    Memoized find = WarpCache.cacheOf(repo, "find", long.class);
    WarpCacheMetrics.monitor(registry, find, "repo.find");
    repo.find(1);
    repo.find(1);
    repo.find(2);
    assertThat(hits("repo.find")).isEqualTo(1);
    assertThat(misses("repo.find")).isEqualTo(2);
    assertThat(maxSize("repo.find")).isEqualTo(16);
  }

  @Test
  void metersAgreeWithCacheInfo() {
    Cache<Integer, Integer> cache = WarpCache.builder().maxSize(50).build();
    WarpCacheMetrics.monitor(registry, cache, "agree");
    for (int i = 0; i < 1_000; i++) {
      int key = (i * 7919) % 120;
      cache.get(key, k -> k + 1);
    }
    CacheInfo info = cache.info();
    assertThat(hits("agree")).isEqualTo(info.hits());
    assertThat(misses("agree")).isEqualTo(info.misses());
    assertThat(evictions("agree")).isEqualTo(info.evictions());
    assertThat(size("agree")).isEqualTo(info.currentSize());
    assertThat(hits("agree") + misses("agree")).isEqualTo(1_000);
    assertThat(evictions("agree")).isPositive();
  }

  private double counter(String meter, String name) {
    return registry.get(meter).tags("cache", name).functionCounter().count();
  }

  @Test
  void oversizeSkipsOfASharedCacheAreCounted(@TempDir Path dir) {
    String name = "metrics-oversize-" + UUID.randomUUID();
    Cache<String, String> cache =
        WarpCache.builder()
            .backend(Backend.SHARED)
            .name(name)
            .sharedDirectory(dir)
            .maxSize(16)
            .maxValueSize(64)
            .build();
    WarpCacheMetrics.monitor(registry, cache, "shared");
    assertThat(counter("cache.oversize.skips", "shared")).isZero();

    cache.put("small", "fits");
    cache.put("big", "x".repeat(1_000)); // over maxValueSize: not stored, one skip
    cache.get("bigger", k -> "y".repeat(2_000)); // returned, not stored: another skip

    assertThat(cache.getIfPresent("small")).isEqualTo("fits");
    assertThat(cache.getIfPresent("big")).isNull();
    assertThat(counter("cache.oversize.skips", "shared"))
        .isEqualTo(2.0)
        .isEqualTo(cache.info().oversizeSkips());
    // No remote tier: the remote meters exist and stay at zero.
    assertThat(counter("cache.remote.hits", "shared")).isZero();
    assertThat(counter("cache.remote.errors", "shared")).isZero();
    assertThat(hits("shared")).isEqualTo(cache.info().hits());
  }

  @Test
  void argumentsAreChecked() {
    Cache<String, String> cache = WarpCache.builder().build();
    assertThatThrownBy(() -> new WarpCacheMetrics(cache, null, Tags.empty()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new WarpCacheMetrics((Cache<?, ?>) null, "x", Tags.empty()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> WarpCacheMetrics.monitor(registry, cache, "x", "odd"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A decorated interface: {@code find} is memoized in a cache of its own. */
  interface Repo {
    @Cached(maxSize = 16)
    String find(long id);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
