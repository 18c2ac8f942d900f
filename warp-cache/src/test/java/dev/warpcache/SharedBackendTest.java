package dev.warpcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backend.SHARED through the public builder, within one process (see concurrency-tests too). */
class SharedBackendTest {

  @TempDir Path dir;

  private final String name = "t-" + UUID.randomUUID().toString().substring(0, 8);

  private WarpCache.Builder shared() {
    return WarpCache.builder().backend(Backend.SHARED).name(name).sharedDirectory(dir);
  }

  @Test
  void memoizedFunctionsShareEntriesByName() {
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<String, Integer> first =
        shared()
            .maxSize(64)
            .memoize(
                (String s) -> {
                  calls.incrementAndGet();
                  return s.length();
                });
    CachedFunction<String, Integer> second =
        WarpCache.builder()
            .backend(Backend.SHARED)
            .name(name)
            .sharedDirectory(dir)
            .maxSize(64)
            .memoize((String s) -> -1); // never runs: the entries are already there

    assertThat(first.apply("hello")).isEqualTo(5);
    assertThat(first.apply("hello")).isEqualTo(5);
    assertThat(second.apply("hello")).isEqualTo(5);
    assertThat(calls).hasValue(1);

    CacheInfo info = second.cacheInfo(); // the region's totals, over every user of the name
    assertThat(info.hits()).isEqualTo(2);
    assertThat(info.misses()).isEqualTo(1);
    assertThat(info.currentSize()).isEqualTo(1);
    assertThat(info.maxSize()).isEqualTo(64);

    first.cacheClear();
    assertThat(second.cacheInfo().currentSize()).isZero();
    assertThat(second.apply("hello")).isEqualTo(-1);
  }

  @Test
  void argumentListsNullsArraysAndEnumsAreKeys() {
    AtomicInteger calls = new AtomicInteger();
    CachedBiFunction<TimeUnit, int[], String> f =
        shared()
            .memoize(
                (TimeUnit unit, int[] xs) -> {
                  calls.incrementAndGet();
                  return xs == null ? null : unit + ":" + xs.length;
                });

    assertThat(f.apply(TimeUnit.SECONDS, new int[] {1, 2})).isEqualTo("SECONDS:2");
    assertThat(f.apply(TimeUnit.SECONDS, new int[] {1, 2})).isEqualTo("SECONDS:2");
    assertThat(f.apply(TimeUnit.SECONDS, null)).isNull();
    assertThat(f.apply(TimeUnit.SECONDS, null)).isNull();
    assertThat(f.apply(TimeUnit.DAYS, new int[] {1, 2})).isEqualTo("DAYS:2");

    assertThat(calls).hasValue(3);
    assertThat(f.cacheInfo().hits()).isEqualTo(2);
  }

  @Test
  void oversizeKeysAndValuesAreReturnedButNotCached() {
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<String, String> echo =
        shared()
            .maxKeySize(16)
            .maxValueSize(32)
            .memoize(
                (String s) -> {
                  calls.incrementAndGet();
                  return s.repeat(3);
                });

    String longKey = "k".repeat(40);
    assertThat(echo.apply(longKey)).isEqualTo(longKey.repeat(3));
    assertThat(echo.apply(longKey)).isEqualTo(longKey.repeat(3));
    assertThat(echo.apply("abcdefghijkl")).hasSize(36); // the value is over 32 bytes
    assertThat(echo.apply("abc")).isEqualTo("abcabcabc");
    assertThat(echo.apply("abc")).isEqualTo("abcabcabc");

    CacheInfo info = echo.cacheInfo();
    assertThat(calls).hasValue(4);
    assertThat(info.oversizeSkips()).isEqualTo(3);
    assertThat(info.currentSize()).isEqualTo(1);
    assertThat(info.hits() + info.misses()).isEqualTo(5);
  }

  @Test
  void ttlExpiresEntriesOnTheInjectedTicker() {
    AtomicLong now = new AtomicLong(System.nanoTime());
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<Integer, Integer> f =
        shared()
            .ttl(Duration.ofSeconds(10))
            .ticker(now::get)
            .memoize((Integer x) -> x + calls.incrementAndGet());

    assertThat(f.apply(1)).isEqualTo(2);
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(f.apply(1)).isEqualTo(2);
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(f.apply(1)).isEqualTo(3);
  }

  @Test
  void otherTypesNeedACodec() {
    record Point(int x, int y) {}
    CachedFunction<Point, Integer> noCodec = shared().memoize((Point p) -> p.x() + p.y());
    assertThatThrownBy(() -> noCodec.apply(new Point(1, 2)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(Point.class.getName());

    AtomicInteger calls = new AtomicInteger();
    CachedFunction<Point, Integer> withCodec =
        WarpCache.builder()
            .backend(Backend.SHARED)
            .name(name + "-codec")
            .sharedDirectory(dir)
            .codec(
                Point.class,
                Codec.of(
                    (Point p, ByteSink out) -> {
                      out.writeInt(p.x());
                      out.writeInt(p.y());
                    },
                    in -> new Point(in.readInt(), in.readInt())))
            .memoize(
                (Point p) -> {
                  calls.incrementAndGet();
                  return p.x() + p.y();
                });
    assertThat(withCodec.apply(new Point(1, 2))).isEqualTo(3);
    assertThat(withCodec.apply(new Point(1, 2))).isEqualTo(3);
    assertThat(calls).hasValue(1);
  }

  @Test
  void asyncFunctionsShareOneComputationAndStoreOnCompletion() {
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> pending = new CompletableFuture<>();
    CachedAsyncFunction<String, String> fetch =
        shared()
            .memoizeAsync(
                (String k) -> {
                  calls.incrementAndGet();
                  return calls.get() == 1 ? pending : CompletableFuture.completedFuture("again");
                });

    CompletableFuture<String> a = fetch.apply("k");
    CompletableFuture<String> b = fetch.apply("k"); // joins the computation in flight
    a.cancel(true); // a caller's own copy: the shared computation goes on
    pending.complete("v");

    assertThat(b).isCompletedWithValue("v");
    assertThat(fetch.apply("k")).isCompletedWithValue("v"); // stored in the region
    assertThat(calls).hasValue(1);
    assertThat(fetch.cacheInfo().loadSuccesses()).isEqualTo(1);
  }

  @Test
  void aFailedAsyncComputationStoresNothing() {
    AtomicInteger calls = new AtomicInteger();
    CachedAsyncBiFunction<String, Integer, String> fetch =
        shared()
            .memoizeAsync(
                (String k, Integer n) ->
                    calls.incrementAndGet() == 1
                        ? CompletableFuture.<String>failedFuture(new IllegalStateException("down"))
                        : CompletableFuture.completedFuture(k + n));

    assertThat(fetch.apply("k", 1)).isCompletedExceptionally();
    assertThat(fetch.apply("k", 1).join()).isEqualTo("k1");
    assertThat(fetch.apply("k", 1)).isCompletedWithValue("k1");
    assertThat(calls).hasValue(2);
    assertThat(fetch.cacheInfo().loadFailures()).isEqualTo(1);
    CachedAsyncFunction<String, String> broken = shared().memoizeAsync((String k) -> null);
    assertThatThrownBy(() -> broken.apply("x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("returned null instead of a CompletionStage");
    // Nothing was left in flight: the next call runs the function again instead of joining.
    assertThatThrownBy(() -> broken.apply("x")).isInstanceOf(NullPointerException.class);
  }

  @Test
  void callersThatWaitForAnotherThreadsLoadCountAsHits() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<String, Integer> slow =
        shared()
            .memoize(
                (String s) -> {
                  calls.incrementAndGet();
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  return s.length();
                });
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(pool.submit(() -> slow.apply("four")));
      }
      while (calls.get() == 0) {
        Thread.onSpinWait();
      }
      Thread.sleep(100); // let the other three reach the computation in flight
      release.countDown();
      for (Future<Integer> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(4);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(calls).hasValue(1);
    CacheInfo info = slow.cacheInfo();
    assertThat(info.hits() + info.misses()).isEqualTo(4);
    assertThat(info.misses()).isEqualTo(1); // the one call that ran the function
  }

  @Test
  void theBuilderSaysWhatIsMissingOrMisplaced() {
    assertThatThrownBy(() -> WarpCache.builder().backend(Backend.SHARED).memoize((String s) -> s))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs name(");
    assertThatThrownBy(() -> WarpCache.builder().maxKeySize(10).memoize((String s) -> s))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Backend.SHARED only");
    assertThatThrownBy(() -> WarpCache.builder().name("bad name"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WarpCache.builder().maxValueSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                shared()
                    .maxSize(1 << 20)
                    .maxValueSize(1 << 20)
                    .memoize((String s) -> s.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("over the limit");
  }
}
