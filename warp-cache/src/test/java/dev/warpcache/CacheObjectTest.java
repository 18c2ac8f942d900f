package dev.warpcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The cache object: get with a loader, single flight, the plain operations and the map view. */
class CacheObjectTest {

  @Test
  void getRunsTheLoaderOnlyOnAMiss() {
    Cache<String, Integer> cache = WarpCache.builder().maxSize(10).build();
    AtomicInteger loads = new AtomicInteger();

    assertThat(cache.get("a", k -> loads.incrementAndGet())).isEqualTo(1);
    assertThat(cache.get("a", k -> loads.incrementAndGet())).isEqualTo(1);

    assertThat(loads).hasValue(1);
    assertThat(cache.info())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(1, 1, 0, 10, 1));
  }

  @Test
  void concurrentMissesForOneKeyRunTheLoaderOnce() throws Exception {
    Cache<String, String> cache = WarpCache.builder().build();
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch loaderStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Future<?>[] results = new Future<?>[threads];
      for (int i = 0; i < threads; i++) {
        results[i] =
            pool.submit(
                () ->
                    cache.get(
                        "k",
                        k -> {
                          loads.incrementAndGet();
                          loaderStarted.countDown();
                          await(release);
                          return "v";
                        }));
      }
      assertThat(loaderStarted.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(50); // let the other callers reach the in-flight entry; correctness holds anyway
      release.countDown();
      for (Future<?> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("v");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).hasValue(1);
    CacheInfo info = cache.info();
    assertThat(info.misses()).isEqualTo(1);
    assertThat(info.hits() + info.misses()).isEqualTo(threads);
  }

  @Test
  void aFailedLoadLetsTheNextCallerTryAgain() {
    Cache<String, String> cache = WarpCache.builder().build();
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(
            () ->
                cache.get(
                    "k",
                    k -> {
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(cache.get("k", k -> "second")).isEqualTo("second");
    assertThat(cache.info().misses()).isEqualTo(2);
  }

  @Test
  void aWaiterRetriesWhenTheLoaderItWaitedForFails() throws Exception {
    Cache<String, String> cache = WarpCache.builder().build();
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first =
          pool.submit(
              () ->
                  cache.get(
                      "k",
                      k -> {
                        loads.incrementAndGet();
                        firstStarted.countDown();
                        await(releaseFirst);
                        throw new IllegalStateException("first fails");
                      }));
      assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
      Future<String> second =
          pool.submit(
              () ->
                  cache.get(
                      "k",
                      k -> {
                        loads.incrementAndGet();
                        return "from second";
                      }));
      Thread.sleep(50); // most likely the second caller now waits on the first load
      releaseFirst.countDown();
      assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class);
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("from second");
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).hasValue(2);
    assertThat(cache.getIfPresent("k")).isEqualTo("from second");
  }

  @Test
  void aLoaderAskingForItsOwnKeyFailsClearly() {
    Cache<String, String> cache = WarpCache.builder().build();
    assertThatThrownBy(() -> cache.get("k", k -> cache.get("k", k2 -> "inner")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recursive load");
    assertThat(cache.get("k", k -> "fine")).isEqualTo("fine");
  }

  @Test
  void putGetIfPresentInvalidateAndClear() {
    Cache<String, String> cache = WarpCache.builder().maxSize(10).build();

    assertThat(cache.getIfPresent("a")).isNull();
    cache.put("a", "1");
    cache.put(null, "null key");
    cache.put("n", null);
    assertThat(cache.getIfPresent("a")).isEqualTo("1");
    assertThat(cache.getIfPresent(null)).isEqualTo("null key");
    assertThat(cache.asMap()).containsEntry("n", null);
    cache.put("a", "2");
    assertThat(cache.getIfPresent("a")).isEqualTo("2");
    assertThat(cache.info().currentSize()).isEqualTo(3);

    cache.invalidate("a");
    assertThat(cache.getIfPresent("a")).isNull();
    assertThat(cache.info().currentSize()).isEqualTo(2);

    cache.clear();
    assertThat(cache.asMap()).isEmpty();
    assertThat(cache.info())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 0, 0, 10, 0));
  }

  @Test
  void invalidateDuringALoadKeepsItsResultOut() throws Exception {
    Cache<String, String> cache = WarpCache.builder().build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> load =
          pool.submit(
              () ->
                  cache.get(
                      "k",
                      k -> {
                        started.countDown();
                        await(release);
                        return "stale";
                      }));
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      cache.invalidate("k");
      release.countDown();
      assertThat(load.get(10, TimeUnit.SECONDS)).isEqualTo("stale");
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.asMap()).doesNotContainKey("k");
  }

  @Test
  void mapViewReadsWithoutCountingAndWritesThrough() {
    Cache<Integer, String> cache = WarpCache.builder().maxSize(100).build();
    ConcurrentMap<Integer, String> map = cache.asMap();
    for (int i = 0; i < 5; i++) {
      cache.put(i, "v" + i);
    }

    assertThat(map).hasSize(5).containsEntry(3, "v3").doesNotContainKey(7);
    assertThat(map.get(7)).isNull();
    assertThat(map.getOrDefault(7, "d")).isEqualTo("d");
    assertThat(cache.info().hits() + cache.info().misses()).isZero();

    assertThat(map.putIfAbsent(3, "x")).isEqualTo("v3");
    assertThat(map.putIfAbsent(7, "v7")).isNull();
    assertThat(map.replace(7, "w7")).isEqualTo("v7");
    assertThat(map.replace(8, "w8")).isNull();
    assertThat(map.replace(7, "nope", "z")).isFalse();
    assertThat(map.replace(7, "w7", "z7")).isTrue();
    assertThat(map.remove(7, "nope")).isFalse();
    assertThat(map.remove(7, "z7")).isTrue();
    assertThat(map.remove(4)).isEqualTo("v4");
    assertThat(map.put(0, "zero")).isEqualTo("v0");

    Map<Integer, String> copy =
        map.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(copy).containsOnlyKeys(0, 1, 2, 3).containsEntry(0, "zero");

    map.entrySet().removeIf(e -> e.getKey() == 1);
    map.entrySet().iterator().next().setValue("set");
    assertThat(map).hasSize(3).containsValue("set");
    assertThat(cache.getIfPresent(1)).isNull();
  }

  @Test
  void loadersRunWithoutAnyLockOfTheCache() throws Exception {
    Cache<String, String> cache = WarpCache.builder().build();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      String value =
          cache.get(
              "k",
              k -> {
                // Another thread writes while this loader runs: a lock held here would block it.
                Future<?> write = other.submit(() -> cache.put("x", "y"));
                try {
                  write.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                  throw new IllegalStateException("a write blocked during a load", e);
                }
                return "v";
              });
      assertThat(value).isEqualTo("v");
      assertThat(cache.getIfPresent("x")).isEqualTo("y");
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void aNullLoaderIsRejected() {
    Cache<String, String> cache = WarpCache.builder().build();
    assertThatThrownBy(() -> cache.get("k", null)).isInstanceOf(NullPointerException.class);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
