package dev.warpcache.cli;

import dev.warpcache.CachedAsyncFunction;
import dev.warpcache.WarpCache;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Part 3 of the demo: an asynchronous function memoized with {@code memoizeAsync}. Several threads
 * miss on the same key at once; they all receive futures of one single call, and a later call is a
 * hit that returns an already completed future.
 */
final class AsyncCoalescingDemo {

  /** How many threads ask for the same key at the same moment. */
  static final int CALLERS = 8;

  private final PrintWriter out;
  private final Duration delay;
  private final AtomicInteger fetches = new AtomicInteger();

  AsyncCoalescingDemo(PrintWriter out, Duration delay) {
    this.out = out;
    this.delay = delay;
  }

  void run() {
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    try {
      CachedAsyncFunction<String, String> fetchUser =
          WarpCache.builder().maxSize(100).memoizeAsync((String id) -> fetch(id, pool));
      out.println("== 3. An async function: concurrent misses share one call ==");
      out.printf(
          Locale.ROOT,
          "fetchUser(id) returns a CompletableFuture that completes after %d ms. Memoized with%n"
              + "  WarpCache.builder().maxSize(100).memoizeAsync(this::fetchUser)%n%n",
          delay.toMillis());

      List<CompletableFuture<String>> futures = callAtOnce(fetchUser, pool);
      for (int i = 0; i < futures.size(); i++) {
        out.printf(Locale.ROOT, "caller %d got %s%n", i + 1, futures.get(i).join());
      }
      out.printf(
          Locale.ROOT,
          "%d callers, %d call of fetchUser: %s%n",
          CALLERS,
          fetches.get(),
          fetchUser.cacheInfo());

      CompletableFuture<String> hit = fetchUser.apply("user-42");
      out.printf(
          Locale.ROOT,
          "a later call is a hit: its future is already done (%s): %s%n",
          hit.isDone(),
          fetchUser.cacheInfo());
    } finally {
      pool.shutdownNow();
    }
  }

  private List<CompletableFuture<String>> callAtOnce(
      CachedAsyncFunction<String, String> fetchUser, ExecutorService pool) {
    CountDownLatch ready = new CountDownLatch(CALLERS);
    List<CompletableFuture<CompletableFuture<String>>> calls = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      calls.add(
          CompletableFuture.supplyAsync(
              () -> {
                ready.countDown();
                awaitQuietly(ready);
                return fetchUser.apply("user-42");
              },
              pool));
    }
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (CompletableFuture<CompletableFuture<String>> call : calls) {
      futures.add(call.join());
    }
    return futures;
  }

  private CompletableFuture<String> fetch(String id, ExecutorService pool) {
    fetches.incrementAndGet();
    return CompletableFuture.supplyAsync(
        () -> {
          sleepQuietly(delay);
          return "User(" + id + ")";
        },
        pool);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
