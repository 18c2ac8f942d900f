package dev.warpcache.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.CachedFunction;
import dev.warpcache.WarpCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Loads in flight: concurrent misses of one key run the loader once and share its result (the
 * waiters count as hits); a loader that throws caches nothing and a waiting caller tries again
 * itself; {@code invalidate} or {@code clear} during a load discards its result.
 *
 * <p>To be sure that the other callers really are waiting for the load (and not just late), the
 * loader holds until every caller has arrived (each counts itself just before its call, with
 * nothing that could block in between) and every other caller is blocked or waiting, as {@link
 * Thread#getState()} shows. Every wait of the test parks instead of spinning, so that virtual
 * threads never starve each other of carriers.
 */
class SingleFlightTest {

  private static final Duration PATIENCE = Duration.ofSeconds(5);

  @ParameterizedTest
  @EnumSource(Threads.Kind.class)
  void concurrentMissesOfOneKeyRunTheLoaderOnce(Threads.Kind kind) throws InterruptedException {
    kind.assumeAvailable();
    int callers = 8;
    int rounds = 10;
    Cache<Integer, Object> cache = WarpCache.builder().maxSize(64).build();
    for (int round = 0; round < rounds; round++) {
      int key = round;
      AtomicInteger loads = new AtomicInteger();
      AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(callers);
      List<Thread> threads = new ArrayList<>();
      AtomicInteger arrived = new AtomicInteger();
      AtomicReference<Boolean> othersWereWaiting = new AtomicReference<>();
      Threads.runAll(
          r -> {
            Thread t = kind.factory().newThread(r);
            threads.add(t);
            return t;
          },
          callers,
          Duration.ofSeconds(60),
          index -> {
            arrived.incrementAndGet();
            results.set(
                index,
                cache.get(
                    key,
                    k -> {
                      loads.incrementAndGet();
                      othersWereWaiting.set(othersAreWaiting(threads, arrived, callers));
                      return new Object();
                    }));
          });
      assertThat(loads).as("round %d: loader runs", round).hasValue(1);
      assertThat(othersWereWaiting.get()).as("round %d: the others waited", round).isTrue();
      for (int i = 1; i < callers; i++) {
        assertThat(results.get(i)).as("round %d, caller %d", round, i).isSameAs(results.get(0));
      }
    }
    CacheInfo info = cache.info();
    assertThat(info.misses()).isEqualTo(rounds);
    assertThat(info.hits()).isEqualTo((long) rounds * (callers - 1));
  }

  @ParameterizedTest
  @EnumSource(Threads.Kind.class)
  void concurrentCallsOfAMemoizedFunctionComputeOnce(Threads.Kind kind)
      throws InterruptedException {
    kind.assumeAvailable();
    int callers = 8;
    AtomicInteger runs = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    AtomicInteger arrived = new AtomicInteger();
    CachedFunction<String, String> slow =
        WarpCache.builder()
            .maxSize(4)
            .memoize(
                (String s) -> {
                  runs.incrementAndGet();
                  othersAreWaiting(threads, arrived, callers);
                  return s.toUpperCase(Locale.ROOT);
                });
    Threads.runAll(
        r -> {
          Thread t = kind.factory().newThread(r);
          threads.add(t);
          return t;
        },
        callers,
        Duration.ofSeconds(60),
        index -> {
          arrived.incrementAndGet();
          assertThat(slow.apply("key")).isEqualTo("KEY");
        });
    assertThat(runs).hasValue(1);
    assertThat(slow.cacheInfo().hits()).isEqualTo(callers - 1);
    assertThat(slow.cacheInfo().misses()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Threads.Kind.class)
  void loaderThatThrowsCachesNothingAndTheNextCallerRetries(Threads.Kind kind)
      throws InterruptedException {
    kind.assumeAvailable();
    Cache<String, String> cache = WarpCache.builder().maxSize(8).build();
    IllegalStateException boom = new IllegalStateException("boom");
    Threads.runAll(
        kind.factory(),
        1,
        Duration.ofSeconds(30),
        index -> {
          assertThatThrownBy(
                  () ->
                      cache.get(
                          "k",
                          k -> {
                            throw boom;
                          }))
              .isSameAs(boom);
          assertThat(cache.asMap().containsKey("k")).isFalse();
          assertThat(cache.get("k", k -> "v")).isEqualTo("v");
        });
    CacheInfo info = cache.info();
    assertThat(info.misses()).as("a call whose loader threw counts as a miss").isEqualTo(2);
    assertThat(info.hits()).isZero();
    assertThat(info.currentSize()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Threads.Kind.class)
  void waitingCallerRetriesItselfWhenTheLoaderThrows(Threads.Kind kind) throws Exception {
    kind.assumeAvailable();
    Cache<String, String> cache = WarpCache.builder().maxSize(8).build();
    IllegalStateException boom = new IllegalStateException("boom");
    CountDownLatch loading = new CountDownLatch(1);
    AtomicReference<Thread> waiter = new AtomicReference<>();
    AtomicReference<Throwable> firstOutcome = new AtomicReference<>();
    AtomicReference<Object> secondOutcome = new AtomicReference<>();
    AtomicInteger secondLoads = new AtomicInteger();

    Thread first =
        kind.factory()
            .newThread(
                () -> {
                  try {
                    cache.get(
                        "k",
                        k -> {
                          loading.countDown();
                          await(waiter);
                          Threads.awaitAllBlocked(List.of(waiter.get()), PATIENCE);
                          throw boom;
                        });
                  } catch (Throwable e) {
                    firstOutcome.set(e);
                  }
                });
    Thread second =
        kind.factory()
            .newThread(
                () -> {
                  try {
                    secondOutcome.set(
                        cache.get(
                            "k",
                            k -> {
                              secondLoads.incrementAndGet();
                              return "second";
                            }));
                  } catch (Throwable e) {
                    secondOutcome.set(e);
                  }
                });
    first.start();
    assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
    waiter.set(second);
    second.start();
    first.join(30_000);
    second.join(30_000);
    assertThat(first.isAlive() || second.isAlive()).as("both calls returned").isFalse();

    assertThat(firstOutcome.get()).isSameAs(boom);
    assertThat(secondOutcome.get()).isEqualTo("second");
    assertThat(secondLoads).hasValue(1);
    assertThat(cache.getIfPresent("k")).isEqualTo("second");
    CacheInfo info = cache.info();
    assertThat(info.misses()).as("two loader runs, %s", info).isEqualTo(2);
    assertThat(info.hits()).as("the getIfPresent, %s", info).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(DiscardingWrite.class)
  void writeDuringALoadDiscardsItsResult(DiscardingWrite write) throws Exception {
    Cache<String, String> cache = WarpCache.builder().maxSize(8).build();
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread loader =
        new Thread(
            () -> {
              try {
                outcome.set(
                    cache.get(
                        "k",
                        k -> {
                          loading.countDown();
                          awaitLatch(release);
                          return "loaded";
                        }));
              } catch (Throwable e) {
                outcome.set(e);
              }
            });
    loader.start();
    assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
    write.apply(cache);
    release.countDown();
    loader.join(30_000);
    assertThat(loader.isAlive()).isFalse();

    assertThat(outcome.get()).as("the caller still gets its value").isEqualTo("loaded");
    assertThat(cache.asMap().containsKey("k")).as("but it is not stored").isFalse();
    assertThat(cache.get("k", k -> "reloaded")).isEqualTo("reloaded");
  }

  /** The writes that make a load in flight store nothing. */
  enum DiscardingWrite {
    INVALIDATE {
      @Override
      void apply(Cache<String, String> cache) {
        cache.invalidate("k");
      }
    },
    CLEAR {
      @Override
      void apply(Cache<String, String> cache) {
        cache.clear();
      }
    };

    abstract void apply(Cache<String, String> cache);
  }

  /**
   * Called by the loader: waits until all {@code callers} have arrived and every thread but the
   * current one is blocked or waiting; returns whether that happened within the patience.
   */
  private static boolean othersAreWaiting(
      List<Thread> threads, AtomicInteger arrived, int callers) {
    List<Thread> others = new ArrayList<>(threads);
    others.remove(Thread.currentThread());
    return Threads.awaitCondition(() -> arrived.get() == callers, PATIENCE)
        && Threads.awaitAllBlocked(others, PATIENCE);
  }

  private static void await(AtomicReference<Thread> ref) {
    Threads.awaitCondition(() -> ref.get() != null, PATIENCE);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
