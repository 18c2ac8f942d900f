package dev.warpcache.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.CachedFunction;
import dev.warpcache.WarpCache;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many threads (more than the cores) hammer one small cache, bounded in time and in operations.
 * Afterwards, and while they run, the invariants must hold:
 *
 * <ul>
 *   <li>{@code currentSize <= maxSize}, sampled while running and at the end;
 *   <li>every value returned is the right one for its key (values are a fixed function of keys);
 *   <li>after the threads are joined, {@code hits + misses} is exactly the number of lookups and
 *       {@code misses} exactly the number of times the function or loader ran (plus the {@code
 *       getIfPresent} calls that found nothing);
 *   <li>with only memoized calls, {@code currentSize == misses - evictions} (every loaded value is
 *       stored, and only evictions remove it).
 * </ul>
 *
 * Each test runs on platform threads and, on JDK 21 and later, on virtual threads.
 */
class StressTest {

  private static final int MAX_SIZE = 64;

  /** The value of a key: a fixed function, so that any returned value can be checked. */
  static long valueOf(int key) {
    return key * 0x9E3779B97F4A7C15L ^ 0x5DEECE66DL;
  }

  /** Mostly hot keys (hits), some from a wider range (misses and evictions). */
  private static int nextKey(SplittableRandom random) {
    return random.nextInt(10) < 7 ? random.nextInt(48) : random.nextInt(1_024);
  }

  private static int threadsOf(Threads.Kind kind) {
    return kind == Threads.Kind.VIRTUAL ? Budget.VIRTUAL_THREADS : Budget.PLATFORM_THREADS;
  }

  @ParameterizedTest
  @EnumSource(Threads.Kind.class)
  void memoizedFunctionKeepsExactCountsAndBoundsUnderContention(Threads.Kind kind)
      throws InterruptedException {
    kind.assumeAvailable();
    AtomicLong runs = new AtomicLong();
    CachedFunction<Integer, Long> f =
        WarpCache.builder()
            .maxSize(MAX_SIZE)
            .memoize(
                (Integer k) -> {
                  runs.incrementAndGet();
                  return valueOf(k);
                });
    LongAdder calls = new LongAdder();

    try (SizeSampler sampler = SizeSampler.start(f::cacheInfo)) {
      long deadline = System.nanoTime() + Budget.STRESS_DURATION.toNanos();
      Threads.runAll(
          kind.factory(),
          threadsOf(kind),
          Duration.ofSeconds(60),
          index -> {
            SplittableRandom random = new SplittableRandom(index);
            long n = 0;
            while (n < Budget.STRESS_OPERATIONS_PER_THREAD
                && (n % 256 != 0 || System.nanoTime() - deadline < 0)) {
              int key = nextKey(random);
              Long value = f.apply(key);
              n++;
              if (value == null || value != valueOf(key)) {
                throw new AssertionError("f(" + key + ") returned " + value);
              }
            }
            calls.add(n);
          });
      sampler.assertNoViolation();
    }

    CacheInfo info = f.cacheInfo();
    assertThat(info.hits() + info.misses()).as("hits + misses, %s", info).isEqualTo(calls.sum());
    assertThat(info.misses()).as("misses vs function runs, %s", info).isEqualTo(runs.get());
    assertThat(info.currentSize()).isLessThanOrEqualTo(MAX_SIZE);
    assertThat(info.currentSize())
        .as("entries = loads - evictions, %s", info)
        .isEqualTo(info.misses() - info.evictions());
    assertThat(info.evictions()).as("the run evicted").isPositive();
    assertThat(info.hits()).as("the run hit").isPositive();
  }

  @ParameterizedTest
  @EnumSource(Threads.Kind.class)
  void cacheOperationsKeepExactCountsAndBoundsUnderContention(Threads.Kind kind)
      throws InterruptedException {
    kind.assumeAvailable();
    Cache<Integer, Long> cache = WarpCache.builder().maxSize(MAX_SIZE).build();
    AtomicLong loaderRuns = new AtomicLong();
    LongAdder lookups = new LongAdder();
    LongAdder absent = new LongAdder();

    try (SizeSampler sampler = SizeSampler.start(cache::info, () -> cache.asMap().size())) {
      long deadline = System.nanoTime() + Budget.STRESS_DURATION.toNanos();
      Threads.runAll(
          kind.factory(),
          threadsOf(kind),
          Duration.ofSeconds(60),
          index -> {
            SplittableRandom random = new SplittableRandom(100 + index);
            long n = 0;
            long myLookups = 0;
            long myAbsent = 0;
            while (n < Budget.STRESS_OPERATIONS_PER_THREAD
                && (n % 256 != 0 || System.nanoTime() - deadline < 0)) {
              int key = nextKey(random);
              int op = random.nextInt(100);
              n++;
              if (op < 50) {
                myLookups++;
                Long value =
                    cache.get(
                        key,
                        k -> {
                          loaderRuns.incrementAndGet();
                          return valueOf(k);
                        });
                check(key, value, false);
              } else if (op < 75) {
                myLookups++;
                Long value = cache.getIfPresent(key);
                if (value == null) {
                  myAbsent++;
                }
                check(key, value, true);
              } else if (op < 90) {
                cache.put(key, valueOf(key));
              } else {
                cache.invalidate(key);
              }
            }
            lookups.add(myLookups);
            absent.add(myAbsent);
          });
      sampler.assertNoViolation();
    }

    CacheInfo info = cache.info();
    assertThat(info.hits() + info.misses()).as("hits + misses, %s", info).isEqualTo(lookups.sum());
    assertThat(info.misses())
        .as("misses = loader runs + getIfPresent misses, %s", info)
        .isEqualTo(loaderRuns.get() + absent.sum());
    assertThat(info.currentSize()).isLessThanOrEqualTo(MAX_SIZE);
    assertThat(cache.asMap()).hasSize((int) info.currentSize());
    for (Map.Entry<Integer, Long> e : cache.asMap().entrySet()) {
      assertThat(e.getValue()).as("value of %d", e.getKey()).isEqualTo(valueOf(e.getKey()));
      assertThat(cache.getIfPresent(e.getKey())).isEqualTo(valueOf(e.getKey()));
    }
  }

  private static void check(int key, Long value, boolean mayBeAbsent) {
    if (value == null ? !mayBeAbsent : value != valueOf(key)) {
      throw new AssertionError("key " + key + " returned " + value);
    }
  }

  @ParameterizedTest
  @EnumSource(Threads.Kind.class)
  void countsStayExactWhenEveryCallIsOnAFreshShortLivedThread(Threads.Kind kind)
      throws InterruptedException {
    kind.assumeAvailable();
    // Per-thread counting state must be folded back when a thread ends: 100k virtual threads
    // (2k platform threads), each making a few calls and dying.
    int threads = kind == Threads.Kind.VIRTUAL ? 100_000 : 2_000;
    int callsPerThread = 5;
    AtomicLong runs = new AtomicLong();
    CachedFunction<Integer, Long> f =
        WarpCache.builder()
            .maxSize(128)
            .memoize(
                (Integer k) -> {
                  runs.incrementAndGet();
                  return valueOf(k);
                });

    Threads.runAll(
        kind.factory(),
        threads,
        Duration.ofSeconds(60),
        index -> {
          for (int i = 0; i < callsPerThread; i++) {
            int key = (index * 7 + i * 31) % 256;
            if (f.apply(key) != valueOf(key)) {
              throw new AssertionError("wrong value for " + key);
            }
          }
        });

    CacheInfo info = f.cacheInfo();
    assertThat(info.hits() + info.misses())
        .as("hits + misses, %s", info)
        .isEqualTo((long) threads * callsPerThread);
    assertThat(info.misses()).as("misses vs function runs, %s", info).isEqualTo(runs.get());
    assertThat(info.currentSize()).isLessThanOrEqualTo(128);
  }

  @Test
  void clearResetsTheCountsOfThreadsThatAreStillRunning() throws InterruptedException {
    // Four threads call, all stop at a barrier whose action clears the cache, then call again:
    // the counts after the clear must cover exactly the calls made after it.
    AtomicLong runs = new AtomicLong();
    CachedFunction<Integer, Long> f =
        WarpCache.builder()
            .maxSize(16)
            .memoize(
                (Integer k) -> {
                  runs.incrementAndGet();
                  return valueOf(k);
                });
    CyclicBarrier clearing =
        new CyclicBarrier(
            4,
            () -> {
              f.cacheClear();
              runs.set(0);
            });
    ThreadFactory platform = Thread::new;
    Threads.runAll(
        platform,
        4,
        Duration.ofSeconds(30),
        index -> {
          for (int i = 0; i < 10_000; i++) {
            f.apply(i % 32);
          }
          clearing.await();
          for (int i = 0; i < 1_000; i++) {
            f.apply(i % 8);
          }
        });
    CacheInfo info = f.cacheInfo();
    assertThat(info.hits() + info.misses()).as("%s", info).isEqualTo(4_000);
    assertThat(info.misses()).as("%s", info).isEqualTo(runs.get());
    assertThat(info.currentSize()).isEqualTo(8);
  }

  /** Samples the size of a cache on its own thread while a stress test runs. */
  private static final class SizeSampler implements AutoCloseable {
    private final Thread thread;
    private final AtomicReference<String> violation = new AtomicReference<>();
    private final AtomicLong samples = new AtomicLong();
    private volatile boolean running = true;

    private SizeSampler(Supplier<CacheInfo> info, Supplier<Integer> mapSize) {
      thread =
          new Thread(
              () -> {
                while (running) {
                  CacheInfo snapshot = info.get();
                  if (snapshot.currentSize() > snapshot.maxSize()) {
                    violation.compareAndSet(null, "sampled " + snapshot);
                  }
                  int size = mapSize.get();
                  if (size > snapshot.maxSize()) {
                    violation.compareAndSet(null, "sampled asMap().size() = " + size);
                  }
                  samples.incrementAndGet();
                  Thread.yield();
                }
              },
              "size-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    static SizeSampler start(Supplier<CacheInfo> info) {
      return new SizeSampler(info, () -> 0);
    }

    static SizeSampler start(Supplier<CacheInfo> info, Supplier<Integer> mapSize) {
      return new SizeSampler(info, mapSize);
    }

    void assertNoViolation() {
      assertThat(violation.get()).as("size bound while running").isNull();
    }

    @Override
    public void close() {
      running = false;
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assertNoViolation();
      assertThat(samples.get()).as("sizes sampled").isPositive();
    }
  }
}
