package dev.warpcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The memoized function forms: keys, hits and misses, nulls, exceptions, clearing. */
class MemoizeTest {

  @Test
  void oneArgumentFunctionComputesOncePerKey() {
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<Integer, Integer> square =
        WarpCache.builder()
            .memoize(
                (Integer x) -> {
                  calls.incrementAndGet();
                  return x * x;
                });

    assertThat(square.apply(3)).isEqualTo(9);
    assertThat(square.apply(3)).isEqualTo(9);
    assertThat(square.apply(4)).isEqualTo(16);

    assertThat(calls).hasValue(2);
    assertThat(square.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(1, 2, 0, 128, 2));
  }

  @Test
  void cacheInfoPrintsLikeTheOriginal() {
    CachedFunction<Integer, Integer> identity = WarpCache.builder().maxSize(100).memoize(x -> x);
    identity.apply(1);
    identity.apply(1);

    assertThat(identity.cacheInfo())
        .hasToString("CacheInfo(hits=1, misses=1, max_size=100, current_size=1, evictions=0)");
    assertThat(identity.cacheInfo().hitRatio()).isEqualTo(0.5);
  }

  @Test
  void cacheClearDropsEntriesAndResetsCounters() {
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<String, Integer> length =
        WarpCache.builder()
            .memoize(
                (String s) -> {
                  calls.incrementAndGet();
                  return s.length();
                });
    length.apply("a");
    length.apply("a");

    length.cacheClear();

    assertThat(length.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 0, 0, 128, 0));
    length.apply("a");
    assertThat(calls).hasValue(2);
    assertThat(length.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 1, 0, 128, 1));
  }

  @Test
  void nullArgumentAndNullResultAreCached() {
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<String, String> f =
        WarpCache.builder()
            .memoize(
                (String s) -> {
                  calls.incrementAndGet();
                  return null;
                });

    assertThat(f.apply(null)).isNull();
    assertThat(f.apply(null)).isNull();
    assertThat(f.apply("x")).isNull();
    assertThat(f.apply("x")).isNull();

    assertThat(calls).hasValue(2);
    assertThat(f.cacheInfo().hits()).isEqualTo(2);
  }

  @Test
  void exceptionCachesNothingAndReachesTheCallerUnchanged() {
    AtomicInteger calls = new AtomicInteger();
    UncheckedIOException failure = new UncheckedIOException(new IOException("down"));
    CachedFunction<Integer, Integer> flaky =
        WarpCache.builder()
            .memoize(
                (Integer x) -> {
                  if (calls.incrementAndGet() == 1) {
                    throw failure;
                  }
                  return x;
                });

    assertThatThrownBy(() -> flaky.apply(1)).isSameAs(failure);
    assertThat(flaky.cacheInfo().currentSize()).isZero();
    assertThat(flaky.apply(1)).isEqualTo(1);
    assertThat(calls).hasValue(2);
    assertThat(flaky.cacheInfo().misses()).isEqualTo(2);
  }

  @Test
  void arrayArgumentsAreKeyedByContentAndCopied() {
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<int[], Integer> sum =
        WarpCache.builder()
            .memoize(
                (int[] xs) -> {
                  calls.incrementAndGet();
                  int total = 0;
                  for (int x : xs) {
                    total += x;
                  }
                  return total;
                });
    int[] input = {1, 2, 3};

    assertThat(sum.apply(input)).isEqualTo(6);
    assertThat(sum.apply(new int[] {1, 2, 3})).isEqualTo(6);
    input[0] = 10; // mutating the caller's array must not change the stored key
    assertThat(sum.apply(input)).isEqualTo(15);
    assertThat(sum.apply(new int[] {1, 2, 3})).isEqualTo(6);

    assertThat(calls).hasValue(2);
  }

  @Test
  void twoArgumentsFormOneKey() {
    List<String> calls = new ArrayList<>();
    CachedBiFunction<String, Integer, String> repeat =
        WarpCache.builder()
            .memoize(
                (String s, Integer n) -> {
                  calls.add(s + n);
                  return s == null ? null : s.repeat(n);
                });

    assertThat(repeat.apply("ab", 2)).isEqualTo("abab");
    assertThat(repeat.apply("ab", 2)).isEqualTo("abab");
    assertThat(repeat.apply("ab", 3)).isEqualTo("ababab");
    assertThat(repeat.apply(null, 0)).isNull();
    assertThat(repeat.apply(null, 0)).isNull();

    assertThat(calls).containsExactly("ab2", "ab3", "null0");
    assertThat(repeat.cacheInfo().hits()).isEqualTo(2);
  }

  @Test
  void twoArgumentKeysKeepOrderAndCompareArraysByContent() {
    AtomicInteger calls = new AtomicInteger();
    CachedBiFunction<Object, Object, Integer> f =
        WarpCache.builder()
            .memoize(
                (Object a, Object b) -> {
                  calls.incrementAndGet();
                  return 1;
                });
    f.apply("a", "b");
    f.apply("b", "a"); // another key: the order matters
    long[] xs = {1, 2};
    f.apply(xs, null);
    xs[0] = 9; // the stored key holds a copy
    f.apply(new long[] {1, 2}, null); // a hit: equal by content
    f.apply(xs, null); // {9, 2}: another key

    assertThat(calls).hasValue(4);
    assertThat(f.cacheInfo().hits()).isEqualTo(1);
  }

  @Test
  void threeArgumentsAndVarargsFormOneKey() {
    AtomicInteger calls = new AtomicInteger();
    CachedTriFunction<Integer, Integer, Integer, Integer> add3 =
        WarpCache.builder()
            .memoize(
                (Integer a, Integer b, Integer c) -> {
                  calls.incrementAndGet();
                  return a + b + c;
                });
    CachedVarargsFunction<String> join =
        WarpCache.builder()
            .memoizeVarargs(
                args -> {
                  calls.incrementAndGet();
                  return String.valueOf(args.length);
                });

    assertThat(add3.apply(1, 2, 3)).isEqualTo(6);
    assertThat(add3.apply(1, 2, 3)).isEqualTo(6);
    assertThat(add3.apply(3, 2, 1)).isEqualTo(6);
    assertThat(join.apply(1, "a", new int[] {1}, null)).isEqualTo("4");
    assertThat(join.apply(1, "a", new int[] {1}, null)).isEqualTo("4");
    assertThatThrownBy(() -> join.apply((Object[]) null)).isInstanceOf(NullPointerException.class);

    assertThat(calls).hasValue(3);
    assertThat(add3.cacheInfo().hits()).isEqualTo(1);
    assertThat(join.cacheInfo().hits()).isEqualTo(1);
  }

  @Test
  void supplierRunsOnceUntilClearedOrExpired() {
    AtomicInteger calls = new AtomicInteger();
    AtomicLong now = new AtomicLong();
    CachedSupplier<Integer> config =
        WarpCache.builder()
            .ttl(Duration.ofSeconds(5))
            .ticker(now::get)
            .memoize(() -> calls.incrementAndGet());

    assertThat(config.get()).isEqualTo(1);
    assertThat(config.get()).isEqualTo(1);
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(config.get()).isEqualTo(2);
    config.cacheClear();
    assertThat(config.get()).isEqualTo(3);
  }

  @Test
  void evictsAtCapacity() {
    CachedFunction<Integer, Integer> f = WarpCache.builder().maxSize(3).memoize(x -> x);
    for (int i = 0; i < 10; i++) {
      f.apply(i);
    }
    assertThat(f.cacheInfo().currentSize()).isEqualTo(3);
    assertThat(f.cacheInfo().evictions()).isEqualTo(7);
  }

  @Test
  void loadStatisticsCountSuccessesFailuresAndTime() {
    long oneMilli = 1_000_000;
    CachedFunction<Integer, Integer> f =
        WarpCache.builder()
            .memoize(
                (Integer x) -> {
                  long end = System.nanoTime() + oneMilli; // busy for at least 1 ms
                  while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                  }
                  if (x < 0) {
                    throw new IllegalArgumentException("negative");
                  }
                  return x;
                });

    f.apply(1);
    f.apply(1);
    f.apply(2);
    assertThatThrownBy(() -> f.apply(-1)).isInstanceOf(IllegalArgumentException.class);

    CacheInfo info = f.cacheInfo();
    assertThat(info.loadSuccesses()).isEqualTo(2);
    assertThat(info.loadFailures()).isEqualTo(1);
    assertThat(info.misses()).isEqualTo(info.loadSuccesses() + info.loadFailures());
    assertThat(info.totalLoadTimeNanos()).isGreaterThanOrEqualTo(3 * oneMilli);
    assertThat(info.averageLoadPenaltyNanos()).isGreaterThanOrEqualTo(oneMilli);
    f.cacheClear();
    assertThat(f.cacheInfo()).isEqualTo(new CacheInfo(0, 0, 0, 128, 0));
  }

  @Test
  void builderRejectsBadArgumentsAtOnce() {
    assertThatThrownBy(() -> WarpCache.builder().maxSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSize must be positive, but was 0");
    assertThatThrownBy(() -> WarpCache.builder().maxSize(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-5");
    assertThatThrownBy(() -> WarpCache.builder().maxSize(WarpCache.MAX_SUPPORTED_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most");
    assertThatThrownBy(() -> WarpCache.builder().maxSize(10).maxSize(20))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxSize was already set to 10");
    assertThatThrownBy(() -> WarpCache.builder().ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl must be positive");
    assertThatThrownBy(() -> WarpCache.builder().ttl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WarpCache.builder().ttl(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> WarpCache.builder().ticker(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> WarpCache.builder().memoize((java.util.function.Function<?, ?>) null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void veryLongTtlNeverOverflows() {
    AtomicLong now = new AtomicLong(Long.MAX_VALUE - 10);
    CachedFunction<Integer, Integer> f =
        WarpCache.builder()
            .ttl(Duration.ofSeconds(Long.MAX_VALUE))
            .ticker(now::get)
            .memoize(x -> x);
    f.apply(1);
    now.addAndGet(1_000_000); // the ticker wraps around; the entry must still be live
    f.apply(1);
    assertThat(f.cacheInfo().hits()).isEqualTo(1);
  }
}
