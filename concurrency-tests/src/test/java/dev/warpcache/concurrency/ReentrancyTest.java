package dev.warpcache.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.CachedFunction;
import dev.warpcache.WarpCache;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * User code that calls back into the cache: recursive memoized functions, loaders that ask for
 * their own key, and keys whose {@code equals} re-enters the cache or throws (ported from the
 * original warp_cache's {@code test_reentrancy.py} and {@code test_raising_eq.py}). None of them
 * may deadlock (every such test runs under {@code assertTimeoutPreemptively}) or corrupt the cache.
 */
class ReentrancyTest {

  private static final Duration DEADLOCK_TIMEOUT = Duration.ofSeconds(30);

  // ---- recursion through the memoized reference ----

  @Test
  void recursiveMemoizedFibonacciCachesEveryLevel() {
    AtomicReference<CachedFunction<Integer, Long>> self = new AtomicReference<>();
    CachedFunction<Integer, Long> fib =
        WarpCache.builder()
            .maxSize(128)
            .memoize(
                (Integer n) ->
                    n < 2 ? (long) n : self.get().apply(n - 1) + self.get().apply(n - 2));
    self.set(fib);

    long result = assertTimeoutPreemptively(DEADLOCK_TIMEOUT, () -> fib.apply(90));

    assertThat(result).isEqualTo(2_880_067_194_370_816_120L);
    // fib(n) for n >= 2 calls fib(n-1) (a miss, first time) then fib(n-2) (a hit from n = 3 on).
    CacheInfo info = fib.cacheInfo();
    assertThat(info.misses()).as("one computation per level 0..90").isEqualTo(91);
    assertThat(info.hits()).isEqualTo(88);
    assertThat(info.currentSize()).isEqualTo(91);
    assertThat(fib.apply(50)).isEqualTo(12_586_269_025L);
    assertThat(fib.cacheInfo().hits()).isEqualTo(89);
  }

  @Test
  void chainOf5000RecursiveMemoizedCallsCompletes() throws InterruptedException {
    AtomicReference<CachedFunction<Integer, Integer>> self = new AtomicReference<>();
    CachedFunction<Integer, Integer> chain =
        WarpCache.builder()
            .maxSize(8_192)
            .memoize((Integer n) -> n == 0 ? 0 : self.get().apply(n - 1) + 1);
    self.set(chain);

    // Each level of the chain stacks a few frames (the memoized function, the store's miss path,
    // the user's function); on a default 1 MB stack about 1,600 levels fit (measured on JDK 17),
    // so 5,000 levels run on a thread with an 8 MB stack, the size -Xss8m would give every
    // thread. Nothing but the stack limits the depth: no lock is held across levels.
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread deep =
        new Thread(
            null,
            () -> {
              try {
                outcome.set(chain.apply(5_000));
              } catch (Throwable e) {
                outcome.set(e);
              }
            },
            "deep",
            8L << 20);
    deep.start();
    deep.join(DEADLOCK_TIMEOUT.toMillis());
    assertThat(deep.isAlive()).as("the chain finished").isFalse();

    assertThat(outcome.get()).isEqualTo(5_000);
    CacheInfo info = chain.cacheInfo();
    assertThat(info.misses()).isEqualTo(5_001);
    assertThat(info.hits()).isZero();
    assertThat(info.currentSize()).isEqualTo(5_001);
    assertThat(chain.apply(5_000)).isEqualTo(5_000);
    assertThat(chain.cacheInfo().hits()).isEqualTo(1);
  }

  @Test
  void loaderAskingForItsOwnKeyGetsIllegalStateException() {
    Cache<String, String> cache = WarpCache.builder().maxSize(8).build();
    assertTimeoutPreemptively(
        DEADLOCK_TIMEOUT,
        () ->
            assertThatThrownBy(() -> cache.get("k", k -> cache.get("k", k2 -> "inner")))
                .isInstanceOf(IllegalStateException.class));
    assertThat(cache.asMap().containsKey("k")).isFalse();
    assertThat(cache.get("k", k -> "v")).isEqualTo("v");
  }

  @Test
  void memoizedFunctionCallingItselfWithTheSameArgumentGetsIllegalStateException() {
    AtomicReference<CachedFunction<Integer, Integer>> self = new AtomicReference<>();
    CachedFunction<Integer, Integer> loop =
        WarpCache.builder().maxSize(8).memoize((Integer n) -> self.get().apply(n));
    self.set(loop);
    assertTimeoutPreemptively(
        DEADLOCK_TIMEOUT,
        () -> assertThatThrownBy(() -> loop.apply(1)).isInstanceOf(IllegalStateException.class));
    assertThat(loop.cacheInfo().currentSize()).isZero();
  }

  @Test
  void cycleOfLoadsOnOneThreadFailsInsteadOfDeadlocking() {
    // a's loader asks for b, whose loader asks for a again: the thread would wait for itself.
    Cache<String, String> cache = WarpCache.builder().maxSize(8).build();
    assertTimeoutPreemptively(
        DEADLOCK_TIMEOUT,
        () ->
            assertThatThrownBy(
                    () -> cache.get("a", a -> cache.get("b", b -> cache.get("a", x -> "a"))))
                .isInstanceOf(IllegalStateException.class));
    assertThat(cache.get("a", k -> "A")).isEqualTo("A");
    assertThat(cache.get("b", k -> "B")).isEqualTo("B");
  }

  // ---- keys whose equals re-enters the cache (test_reentrancy.py) ----

  /** All instances collide (one hash code), so lookups must call {@code equals}. */
  private static final class ReenteringKey {
    private final int id;
    private final Cache<Object, Object> cache;
    private final AtomicLong innerCalls;

    ReenteringKey(int id, Cache<Object, Object> cache, AtomicLong innerCalls) {
      this.id = id;
      this.cache = cache;
      this.innerCalls = innerCalls;
    }

    @Override
    public int hashCode() {
      return 42;
    }

    @Override
    public boolean equals(Object o) {
      // Re-enter the same cache, for keys that do not re-enter (no infinite recursion).
      innerCalls.addAndGet(2);
      cache.getIfPresent("probe-" + id);
      String inner = "inner-" + (id % 4);
      Object value = cache.get(inner, k -> "value:" + k);
      if (!("value:" + inner).equals(value)) {
        throw new AssertionError(inner + " returned " + value);
      }
      return o instanceof ReenteringKey && ((ReenteringKey) o).id == id;
    }

    @Override
    public String toString() {
      return "ReenteringKey(" + id + ")";
    }
  }

  @Test
  void keyWhoseEqualsReentersTheCacheNeitherDeadlocksNorCorrupts() {
    int maxSize = 8;
    Cache<Object, Object> cache = WarpCache.builder().maxSize(maxSize).build();
    AtomicLong innerCalls = new AtomicLong();
    AtomicLong outerCalls = new AtomicLong();

    assertTimeoutPreemptively(
        DEADLOCK_TIMEOUT.plusSeconds(10),
        () ->
            Threads.runAll(
                Thread::new,
                4,
                DEADLOCK_TIMEOUT,
                index -> {
                  SplittableRandom random = new SplittableRandom(index);
                  for (int i = 0; i < 300; i++) {
                    int id = random.nextInt(12);
                    Object value =
                        cache.get(new ReenteringKey(id, cache, innerCalls), k -> "outer:" + id);
                    outerCalls.incrementAndGet();
                    if (!("outer:" + id).equals(value)) {
                      throw new AssertionError("key " + id + " returned " + value);
                    }
                  }
                }));

    CacheInfo info = cache.info();
    assertThat(info.hits() + info.misses())
        .as("every lookup, inner ones included, counted once: %s", info)
        .isEqualTo(outerCalls.get() + innerCalls.get());
    assertThat(info.currentSize()).isLessThanOrEqualTo(maxSize);
    assertThat(cache.asMap()).hasSize((int) info.currentSize());
    for (Map.Entry<Object, Object> e : cache.asMap().entrySet()) {
      Object key = e.getKey();
      String expected =
          key instanceof ReenteringKey ? "outer:" + ((ReenteringKey) key).id : "value:" + key;
      assertThat(e.getValue()).as("value of %s", key).isEqualTo(expected);
    }
  }

  /** Re-enters a memoized function from {@code equals}, once, from either side of the compare. */
  private static final class TaggedKey {
    private final int tag;
    private final TaggedKey reenter;
    private final AtomicReference<CachedFunction<TaggedKey, Integer>> function;
    private volatile Integer result;

    TaggedKey(int tag, TaggedKey reenter, AtomicReference<CachedFunction<TaggedKey, Integer>> f) {
      this.tag = tag;
      this.reenter = reenter;
      this.function = f;
    }

    @Override
    public int hashCode() {
      return 0;
    }

    @Override
    public boolean equals(Object o) {
      TaggedKey other = o instanceof TaggedKey ? (TaggedKey) o : null;
      TaggedKey pending =
          reenter != null ? this : other != null && other.reenter != null ? other : null;
      if (pending != null && pending.result == null) {
        pending.result = function.get().apply(pending.reenter);
      }
      return this == o;
    }
  }

  @Test
  void reentrantCallInsideEqualsReturnsTheRightValue() {
    AtomicReference<CachedFunction<TaggedKey, Integer>> self = new AtomicReference<>();
    CachedFunction<TaggedKey, Integer> f =
        WarpCache.builder().maxSize(8).memoize((TaggedKey k) -> k.tag * 10);
    self.set(f);

    assertTimeoutPreemptively(
        DEADLOCK_TIMEOUT,
        () -> {
          f.apply(new TaggedKey(1, null, self)); // prime: the next key collides with this one
          TaggedKey probe = new TaggedKey(2, new TaggedKey(3, null, self), self);
          assertThat(f.apply(probe)).isEqualTo(20);
          assertThat(probe.result).isEqualTo(30);
        });
    assertThat(f.cacheInfo().currentSize()).isBetween(2L, 3L);
  }

  // ---- keys whose equals throws (test_raising_eq.py) ----

  /** Thrown by {@link RaisingKey#equals} while raising is on. */
  private static final class EqualsFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EqualsFailure() {
      super("boom from equals");
    }
  }

  /** All instances collide; {@code equals} throws while the shared switch is on. */
  private static final class RaisingKey {
    private final int id;
    private final AtomicBoolean raise;

    RaisingKey(int id, AtomicBoolean raise) {
      this.id = id;
      this.raise = raise;
    }

    @Override
    public int hashCode() {
      return 0;
    }

    @Override
    public boolean equals(Object o) {
      if (raise.get()) {
        throw new EqualsFailure();
      }
      return o instanceof RaisingKey && ((RaisingKey) o).id == id;
    }
  }

  /** The operations that must look the key up, and so call its {@code equals}. */
  enum KeyedOperation {
    GET,
    GET_IF_PRESENT,
    PUT,
    INVALIDATE,
    MEMOIZED_CALL
  }

  @ParameterizedTest
  @EnumSource(KeyedOperation.class)
  void keyWhoseEqualsThrowsPropagatesTheException(KeyedOperation operation) {
    AtomicBoolean raise = new AtomicBoolean();
    Cache<RaisingKey, String> cache = WarpCache.builder().maxSize(8).build();
    CachedFunction<RaisingKey, String> memoized =
        WarpCache.builder().maxSize(8).memoize((RaisingKey k) -> "f" + k.id);
    cache.put(new RaisingKey(1, raise), "one"); // empty table: nothing to compare with yet
    memoized.apply(new RaisingKey(1, raise));

    raise.set(true);
    RaisingKey colliding = new RaisingKey(2, raise);
    assertThatThrownBy(
            () -> {
              switch (operation) {
                case GET -> cache.get(colliding, k -> "two");
                case GET_IF_PRESENT -> cache.getIfPresent(colliding);
                case PUT -> cache.put(colliding, "two");
                case INVALIDATE -> cache.invalidate(colliding);
                case MEMOIZED_CALL -> memoized.apply(colliding);
              }
            })
        .isInstanceOf(EqualsFailure.class)
        .hasMessage("boom from equals");

    // Nothing was left locked or half-written: another thread uses both caches normally.
    raise.set(false);
    assertTimeoutPreemptively(
        DEADLOCK_TIMEOUT,
        () -> {
          Thread other =
              new Thread(
                  () -> {
                    assertThat(cache.get(new RaisingKey(1, raise), k -> "reloaded"))
                        .isEqualTo("one");
                    assertThat(cache.get(new RaisingKey(2, raise), k -> "two")).isEqualTo("two");
                    assertThat(memoized.apply(new RaisingKey(1, raise))).isEqualTo("f1");
                    assertThat(memoized.apply(new RaisingKey(2, raise))).isEqualTo("f2");
                  });
          AtomicReference<Throwable> failure = new AtomicReference<>();
          other.setUncaughtExceptionHandler((t, e) -> failure.set(e));
          other.start();
          other.join();
          assertThat(failure.get()).isNull();
        });
    assertThat(cache.info().currentSize()).isEqualTo(2);
    assertThat(cache.asMap()).hasSize(2);
    assertThat(memoized.cacheInfo().currentSize()).isEqualTo(2);
  }

  @Test
  void keysThatCollideButDifferAreCachedSeparately() {
    AtomicBoolean raise = new AtomicBoolean();
    AtomicLong runs = new AtomicLong();
    CachedFunction<RaisingKey, Integer> f =
        WarpCache.builder()
            .maxSize(8)
            .memoize(
                (RaisingKey k) -> {
                  runs.incrementAndGet();
                  return k.id;
                });
    RaisingKey a = new RaisingKey(1, raise);
    RaisingKey b = new RaisingKey(2, raise);
    assertThat(f.apply(a)).isEqualTo(1);
    assertThat(f.apply(b)).isEqualTo(2);
    assertThat(f.apply(new RaisingKey(1, raise))).isEqualTo(1);
    assertThat(f.apply(new RaisingKey(2, raise))).isEqualTo(2);
    assertThat(runs).hasValue(2);
  }
}
