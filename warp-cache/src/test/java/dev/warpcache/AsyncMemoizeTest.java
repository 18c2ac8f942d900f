package dev.warpcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Memoizing CompletableFuture functions: hits, single flight, failures, isolation, TTL. */
class AsyncMemoizeTest {

  @Test
  void hitReturnsACompletedFutureWithoutCallingTheFunction() {
    AtomicInteger calls = new AtomicInteger();
    CachedAsyncFunction<Integer, Integer> twice =
        WarpCache.builder()
            .memoizeAsync(
                (Integer x) -> {
                  calls.incrementAndGet();
                  return CompletableFuture.completedFuture(2 * x);
                });

    assertThat(twice.apply(21).join()).isEqualTo(42);
    CompletableFuture<Integer> hit = twice.apply(21);

    assertThat(hit).isCompletedWithValue(42);
    assertThat(calls).hasValue(1);
    assertThat(twice.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(1, 1, 0, 128, 1));
  }

  @Test
  void concurrentMissesShareOneCallAndTheValueIsStoredOnCompletion() {
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> pending = new CompletableFuture<>();
    CachedAsyncFunction<String, String> fetch =
        WarpCache.builder()
            .memoizeAsync(
                (String k) -> {
                  calls.incrementAndGet();
                  return pending;
                });

    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      futures.add(fetch.apply("k"));
    }
    assertThat(futures).allSatisfy(f -> assertThat(f).isNotDone());
    assertThat(fetch.cacheInfo().currentSize()).isZero();

    pending.complete("v");

    assertThat(futures).allSatisfy(f -> assertThat(f).isCompletedWithValue("v"));
    assertThat(calls).hasValue(1);
    assertThat(fetch.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(4, 1, 0, 128, 1));
  }

  @Test
  void aFailedFutureCachesNothingReachesEveryJoinerAndTheNextCallRetries() {
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> first = new CompletableFuture<>();
    CachedAsyncFunction<String, String> fetch =
        WarpCache.builder()
            .memoizeAsync(
                (String k) ->
                    calls.incrementAndGet() == 1 ? first : CompletableFuture.completedFuture("ok"));

    CompletableFuture<String> a = fetch.apply("k");
    CompletableFuture<String> b = fetch.apply("k");
    IllegalStateException boom = new IllegalStateException("boom");
    first.completeExceptionally(boom);

    assertThatThrownBy(a::join).isInstanceOf(CompletionException.class).hasCause(boom);
    assertThat(fetch.cacheInfo().loadFailures()).isEqualTo(1);
    assertThatThrownBy(b::get).isInstanceOf(ExecutionException.class).hasCause(boom);
    assertThat(fetch.cacheInfo().currentSize()).isZero();
    assertThat(fetch.apply("k").join()).isEqualTo("ok");
    assertThat(calls).hasValue(2);
    assertThat(fetch.cacheInfo().loadSuccesses()).isEqualTo(1);
  }

  @Test
  void aCancelledComputationCachesNothing() {
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> first = new CompletableFuture<>();
    CachedAsyncFunction<String, String> fetch =
        WarpCache.builder()
            .memoizeAsync(
                (String k) ->
                    calls.incrementAndGet() == 1 ? first : CompletableFuture.completedFuture("ok"));

    CompletableFuture<String> a = fetch.apply("k");
    first.cancel(true);

    assertThat(a).isCompletedExceptionally();
    assertThat(fetch.apply("k").join()).isEqualTo("ok");
    assertThat(calls).hasValue(2);
  }

  @Test
  void oneCallerCancellingItsFutureDoesNotCancelTheSharedComputation() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    CachedAsyncFunction<String, String> fetch =
        WarpCache.builder().memoizeAsync((String k) -> pending);

    CompletableFuture<String> quitter = fetch.apply("k");
    CompletableFuture<String> patient = fetch.apply("k");
    assertThat(quitter.cancel(true)).isTrue();

    assertThat(pending).isNotCancelled();
    pending.complete("v");
    assertThat(patient).isCompletedWithValue("v");
    assertThat(fetch.apply("k")).isCompletedWithValue("v");
  }

  @Test
  void whatACallerDoesToItsFutureChangesNothingForOthers() {
    CachedAsyncFunction<String, String> fetch =
        WarpCache.builder().memoizeAsync((String k) -> CompletableFuture.completedFuture("real"));
    fetch.apply("k").join();

    CompletableFuture<String> hit = fetch.apply("k");
    hit.obtrudeValue("fake");
    fetch.apply("k").complete("also fake");
    fetch.apply("k").cancel(true);
    fetch.apply("k").obtrudeException(new IllegalStateException());

    assertThat(fetch.apply("k")).isCompletedWithValue("real");
    assertThat(hit.join()).isEqualTo("fake");
  }

  @Test
  void aMissCallersFutureIsItsOwnToo() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    CachedAsyncFunction<String, String> fetch =
        WarpCache.builder().memoizeAsync((String k) -> pending);

    CompletableFuture<String> first = fetch.apply("k");
    first.complete("early, by the caller");
    CompletableFuture<String> second = fetch.apply("k");

    assertThat(second).isNotDone();
    pending.complete("v");
    assertThat(second).isCompletedWithValue("v");
    assertThat(fetch.apply("k")).isCompletedWithValue("v");
  }

  @Test
  void ttlCountsFromCompletion() {
    AtomicLong now = new AtomicLong();
    CompletableFuture<String> pending = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    CachedAsyncFunction<String, String> fetch =
        WarpCache.builder()
            .ttl(Duration.ofSeconds(10))
            .ticker(now::get)
            .memoizeAsync(
                (String k) ->
                    calls.incrementAndGet() == 1
                        ? pending
                        : CompletableFuture.completedFuture("fresh"));

    fetch.apply("k");
    now.set(Duration.ofSeconds(8).toNanos());
    pending.complete("v"); // stored at t=8s, expires at t=18s

    now.set(Duration.ofSeconds(17).toNanos());
    assertThat(fetch.apply("k")).isCompletedWithValue("v");
    now.set(Duration.ofSeconds(18).toNanos());
    assertThat(fetch.apply("k").join()).isEqualTo("fresh");
    assertThat(calls).hasValue(2);
  }

  @Test
  void recursiveAsyncFunctionCompletesAndCachesEveryLevel() {
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<CachedAsyncFunction<Integer, Long>> fib = new AtomicReference<>();
    fib.set(
        WarpCache.builder()
            .maxSize(200)
            .memoizeAsync(
                (Integer n) -> {
                  calls.incrementAndGet();
                  if (n < 2) {
                    return CompletableFuture.completedFuture((long) n);
                  }
                  return fib.get().apply(n - 1).thenCombine(fib.get().apply(n - 2), Long::sum);
                }));

    assertThat(fib.get().apply(90).join()).isEqualTo(2880067194370816120L);
    assertThat(calls).hasValue(91);
    assertThat(fib.get().cacheInfo().currentSize()).isEqualTo(91);
  }

  @Test
  void recursionThroughFuturesCompletedLaterAlsoWorks() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      AtomicReference<CachedAsyncFunction<Integer, Long>> fib = new AtomicReference<>();
      fib.set(
          WarpCache.builder()
              .maxSize(200)
              .memoizeAsync(
                  (Integer n) ->
                      n < 2
                          ? CompletableFuture.supplyAsync(() -> (long) n, pool)
                          : fib.get().apply(n - 1).thenCombine(fib.get().apply(n - 2), Long::sum)));

      assertThat(fib.get().apply(60).get(10, TimeUnit.SECONDS)).isEqualTo(1548008755920L);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void noDeadlockWhenTheCallingThreadCompletesTheLoadersFuture() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    Cache<String, String> cache = WarpCache.builder().build();

    CompletableFuture<String> result = cache.getAsync("k", k -> pending);
    // The dependent stage re-enters the cache from the completing thread, which is this one.
    CompletableFuture<String> chained =
        result.thenApply(v -> v + cache.get("other", k -> "!") + cache.getIfPresent("k"));
    pending.complete("v");

    assertThat(chained).isCompletedWithValue("v!v");
  }

  @Test
  void dependentStagesRunWithoutAnyLockOfTheCache() throws Exception {
    Cache<String, String> cache = WarpCache.builder().build();
    CompletableFuture<String> pending = new CompletableFuture<>();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<String> chained =
          cache
              .getAsync("k", k -> pending)
              .thenApply(
                  v -> {
                    // Another thread writes to the cache while this stage runs: if the thread
                    // completing the future held the cache's lock here, the write would block.
                    Future<?> write = other.submit(() -> cache.put("x", "y"));
                    try {
                      write.get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                      throw new IllegalStateException(
                          "a write blocked during a dependent stage", e);
                    }
                    return v;
                  });
      pending.complete("v");
      assertThat(chained.get(20, TimeUnit.SECONDS)).isEqualTo("v");
      assertThat(cache.getIfPresent("x")).isEqualTo("y");
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void aFunctionReturningNullGetsAClearNullPointerException() {
    CachedAsyncFunction<String, String> broken =
        WarpCache.builder().memoizeAsync((String k) -> null);

    assertThatThrownBy(() -> broken.apply("k"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("returned null instead of a CompletionStage");
    assertThat(broken.cacheInfo().currentSize()).isZero();
  }

  @Test
  void anExceptionThrownInsteadOfAFutureReachesTheCallerUnchanged() {
    IllegalArgumentException bad = new IllegalArgumentException("bad key");
    AtomicInteger calls = new AtomicInteger();
    CachedAsyncFunction<String, String> fetch =
        WarpCache.builder()
            .memoizeAsync(
                (String k) -> {
                  if (calls.incrementAndGet() == 1) {
                    throw bad;
                  }
                  return CompletableFuture.completedFuture("ok");
                });

    assertThatThrownBy(() -> fetch.apply("k")).isSameAs(bad);
    assertThat(fetch.apply("k").join()).isEqualTo("ok");
  }

  @Test
  void twoArgumentFormAndCacheGetAsyncShareTheSemantics() {
    AtomicInteger calls = new AtomicInteger();
    CachedAsyncBiFunction<String, Integer, String> repeat =
        WarpCache.builder()
            .memoizeAsync(
                (String s, Integer n) -> {
                  calls.incrementAndGet();
                  return CompletableFuture.completedFuture(s.repeat(n));
                });
    Cache<String, Integer> cache = WarpCache.builder().build();

    assertThat(repeat.apply("ab", 2).join()).isEqualTo("abab");
    assertThat(repeat.apply("ab", 2)).isCompletedWithValue("abab");
    assertThat(calls).hasValue(1);

    assertThat(cache.getAsync("k", k -> CompletableFuture.completedFuture(1)).join()).isEqualTo(1);
    assertThat(cache.get("k", k -> 2)).isEqualTo(1);
    assertThat(cache.getAsync("k", k -> CompletableFuture.completedFuture(3)))
        .isCompletedWithValue(1);
    assertThat(cache.info().hits() + cache.info().misses()).isEqualTo(3);
  }

  @Test
  void aSyncGetWaitsForAnAsyncComputationOfTheSameKey() throws Exception {
    Cache<String, String> cache = WarpCache.builder().build();
    CompletableFuture<String> pending = new CompletableFuture<>();
    cache.getAsync("k", k -> pending);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      Future<String> sync =
          pool.submit(
              () -> {
                started.countDown();
                return cache.get("k", k -> "sync loader must not run");
              });
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      pending.complete("async");
      assertThat(sync.get(10, TimeUnit.SECONDS)).isEqualTo("async");
    } finally {
      pool.shutdownNow();
    }
  }
}
