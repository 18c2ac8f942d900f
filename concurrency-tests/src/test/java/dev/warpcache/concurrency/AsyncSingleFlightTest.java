package dev.warpcache.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.CacheInfo;
import dev.warpcache.CachedAsyncFunction;
import dev.warpcache.WarpCache;
import dev.warpcache.internal.local.LocalStore;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Asynchronous single flight under contention, on platform and on virtual threads: concurrent
 * misses share one computation, completed values are right for their keys, failures store nothing,
 * and nothing stays in flight once every future has completed.
 */
class AsyncSingleFlightTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @ParameterizedTest
  @EnumSource(Threads.Kind.class)
  void concurrentMissesOnOneKeyCallTheFunctionOnce(Threads.Kind kind) throws Exception {
    kind.assumeAvailable();
    int callers = kind == Threads.Kind.VIRTUAL ? 10_000 : 16;
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> pending = new CompletableFuture<>();
    CachedAsyncFunction<String, String> fetch =
        WarpCache.builder()
            .memoizeAsync(
                (String k) -> {
                  calls.incrementAndGet();
                  return pending;
                });
    List<CompletableFuture<String>> futures = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch allReady = new CountDownLatch(callers);

    Threads.runAll(
        kind.factory(),
        callers,
        TIMEOUT,
        i -> {
          allReady.countDown();
          allReady.await(); // every caller misses while the one computation is in flight
          futures.add(fetch.apply("k"));
        });
    pending.complete("v");

    assertThat(futures).hasSize(callers).allSatisfy(f -> assertThat(f).isCompletedWithValue("v"));
    assertThat(calls).hasValue(1);
    assertThat(fetch.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(callers - 1, 1, 0, 128, 1));
  }

  @ParameterizedTest
  @EnumSource(Threads.Kind.class)
  void stressKeepsValuesRightAndLeavesNothingInFlight(Threads.Kind kind) throws Exception {
    kind.assumeAvailable();
    int threads = kind == Threads.Kind.VIRTUAL ? 2_000 : 8;
    int callsPerThread = kind == Threads.Kind.VIRTUAL ? 100 : 25_000;
    int keys = 64;
    ScheduledExecutorService completer = Executors.newScheduledThreadPool(2);
    AtomicLong functionCalls = new AtomicLong();
    AtomicLong failuresSeen = new AtomicLong();
    try {
      CachedAsyncFunction<Integer, Long> square =
          WarpCache.builder()
              .maxSize(32)
              .memoizeAsync(
                  (Integer k) -> {
                    functionCalls.incrementAndGet();
                    CompletableFuture<Long> f = new CompletableFuture<>();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    boolean fail = random.nextInt(10) == 0;
                    Runnable finish =
                        () -> {
                          if (fail) {
                            f.completeExceptionally(new IllegalStateException("injected " + k));
                          } else {
                            f.complete((long) k * k);
                          }
                        };
                    if (random.nextBoolean()) {
                      finish.run(); // completed by the calling thread, inside the cache call
                    } else {
                      completer.schedule(finish, random.nextInt(200), TimeUnit.MICROSECONDS);
                    }
                    return f;
                  });
      List<CompletableFuture<?>> all = Collections.synchronizedList(new ArrayList<>());

      Threads.runAll(
          kind.factory(),
          threads,
          TIMEOUT,
          i -> {
            List<CompletableFuture<?>> mine = new ArrayList<>(callsPerThread);
            for (int c = 0; c < callsPerThread; c++) {
              int key = ThreadLocalRandom.current().nextInt(keys);
              mine.add(
                  square
                      .apply(key)
                      .handle(
                          (value, failure) -> {
                            if (failure == null) {
                              assertThat(value).isEqualTo((long) key * key);
                            } else {
                              assertThat(failure).isInstanceOf(CompletionException.class);
                              assertThat(failure.getCause())
                                  .hasMessage("injected " + key)
                                  .isInstanceOf(IllegalStateException.class);
                              failuresSeen.incrementAndGet();
                            }
                            return null;
                          }));
            }
            all.addAll(mine);
          });
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      long totalCalls = (long) threads * callsPerThread;
      CacheInfo info = square.cacheInfo();
      assertThat(info.hits() + info.misses()).isEqualTo(totalCalls);
      assertThat(info.misses()).isEqualTo(functionCalls.get());
      assertThat(info.currentSize()).isLessThanOrEqualTo(32);
      assertThat(storeOf(square).inFlight()).isZero();
      assertThat(failuresSeen.get()).isPositive();
    } finally {
      completer.shutdownNow();
    }
  }

  /** The store behind a memoized function, to check that nothing is left in flight. */
  private static LocalStore storeOf(Object memoized) throws ReflectiveOperationException {
    for (Class<?> c = memoized.getClass(); c != null; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (field.getType() == LocalStore.class) {
          field.setAccessible(true);
          return (LocalStore) field.get(memoized);
        }
      }
    }
    throw new AssertionError("no LocalStore in " + memoized.getClass());
  }
}
