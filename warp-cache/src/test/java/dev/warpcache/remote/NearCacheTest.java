package dev.warpcache.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.Backend;
import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.CachedAsyncBiFunction;
import dev.warpcache.CachedAsyncFunction;
import dev.warpcache.CachedBiFunction;
import dev.warpcache.CachedFunction;
import dev.warpcache.CachedSupplier;
import dev.warpcache.CachedTriFunction;
import dev.warpcache.CachedVarargsFunction;
import dev.warpcache.Codec;
import dev.warpcache.CodecException;
import dev.warpcache.Ticker;
import dev.warpcache.WarpCache;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The near cache in front of a remote tier, through the public builder. Two "JVMs" are two caches
 * of the same name on two clients of one {@link InMemoryTier.Backing}.
 */
class NearCacheTest {
  private static final String NAME = "users";
  private static final Duration TIMEOUT = Duration.ofMillis(200);

  private final InMemoryTier.Backing backing = new InMemoryTier.Backing();
  private final InMemoryTier.Client tierA = backing.client(TIMEOUT);
  private final InMemoryTier.Client tierB = backing.client(TIMEOUT);

  private static WarpCache.Builder on(InMemoryTier.Client tier) {
    return WarpCache.builder().name(NAME).remote(tier);
  }

  private static <K> Cache<K, String> cache(InMemoryTier.Client tier) {
    return on(tier).build();
  }

  private int stored() {
    return backing.of(NAME).size();
  }

  @Test
  void aComputesBHitsRemotelyThenNear() {
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<Integer, String> a =
        on(tierA).memoize((Integer i) -> "v" + i + "#" + calls.incrementAndGet());
    CachedFunction<Integer, String> b =
        on(tierB).memoize((Integer i) -> "v" + i + "#" + calls.incrementAndGet());

    assertThat(a.apply(1)).isEqualTo("v1#1");
    assertThat(b.apply(1)).isEqualTo("v1#1"); // remote hit
    assertThat(b.apply(1)).isEqualTo("v1#1"); // near hit
    assertThat(a.apply(1)).isEqualTo("v1#1"); // near hit
    assertThat(calls).hasValue(1);
    assertThat(tierB.gets).hasValue(1);

    CacheInfo infoA = a.cacheInfo();
    assertThat(infoA.hits()).isEqualTo(1);
    assertThat(infoA.misses()).isEqualTo(1);
    assertThat(infoA.remoteHits()).isZero();
    assertThat(infoA.loadSuccesses()).isEqualTo(1);
    CacheInfo infoB = b.cacheInfo();
    assertThat(infoB.hits()).isEqualTo(2);
    assertThat(infoB.misses()).isZero();
    assertThat(infoB.remoteHits()).isEqualTo(1);
    assertThat(infoB.nearHits()).isEqualTo(1);
    assertThat(infoB.loadSuccesses()).isZero();
    assertThat(infoB.currentSize()).isEqualTo(1);
    assertThat(infoB.remoteErrors()).isZero();
    assertThat(b.toString()).startsWith("RemoteFunction").contains("hits=2");
  }

  @Test
  void putWritesThroughAndDropsTheOtherNearCopy() {
    Cache<String, String> a = cache(tierA);
    Cache<String, String> b = cache(tierB);
    a.put("k", "v1");
    assertThat(b.get("k", k -> "computed")).isEqualTo("v1");
    assertThat(b.info().currentSize()).isEqualTo(1);

    a.put("k", "v2");
    assertThat(b.info().currentSize()).isZero();
    assertThat(b.getIfPresent("k")).isEqualTo("v2"); // from the tier, kept near
    assertThat(b.getIfPresent("k")).isEqualTo("v2");
    assertThat(tierB.gets).hasValue(2);
    assertThat(b.info().hits()).isEqualTo(3);
    assertThat(b.info().remoteHits()).isEqualTo(2);
    assertThat(b.toString()).startsWith("Cache");
  }

  @Test
  void invalidateRemovesTheKeyEverywhere() {
    Cache<String, String> a = cache(tierA);
    Cache<String, String> b = cache(tierB);
    a.put("k", "v");
    assertThat(b.getIfPresent("k")).isEqualTo("v");

    b.invalidate("k");
    assertThat(stored()).isZero();
    assertThat(a.info().currentSize()).isZero();
    assertThat(b.info().currentSize()).isZero();
    assertThat(a.getIfPresent("k")).isNull();
    assertThat(a.info().misses()).isEqualTo(1);
  }

  @Test
  void clearEmptiesBothJvmsAndTheTier() {
    CachedFunction<String, Integer> a = on(tierA).memoize(String::length);
    CachedFunction<String, Integer> b = on(tierB).memoize(String::length);
    a.apply("x");
    a.apply("yy");
    b.apply("x");
    b.apply("x");
    assertThat(b.cacheInfo().currentSize()).isEqualTo(1);

    a.cacheClear();
    assertThat(stored()).isZero();
    assertThat(a.cacheInfo()).isEqualTo(new CacheInfo(0, 0, 0, 128, 0, 0, 0, 0, 0, 0, 0));
    CacheInfo infoB = b.cacheInfo();
    assertThat(infoB.currentSize()).isZero();
    assertThat(infoB.hits()).isEqualTo(2); // another JVM's clear drops entries, not statistics
    assertThat(infoB.remoteHits()).isEqualTo(1);
  }

  @Test
  void reconnectionClearsTheNearEntriesOnly() {
    Cache<String, String> b = cache(tierB);
    b.get("k", k -> "v");
    b.get("k", k -> "other");
    tierB.deliverAll(NAME); // what a tier does after it reconnected
    assertThat(b.info().currentSize()).isZero();
    assertThat(b.info().hits()).isEqualTo(1);
    assertThat(b.get("k", k -> "other")).isEqualTo("v"); // still in the tier
    assertThat(b.info().remoteHits()).isEqualTo(1);
  }

  @Test
  void ttlBoundsTheNearCopyAndIsGivenToTheTier() {
    AtomicLong now = new AtomicLong();
    Ticker ticker = now::get;
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<String, Integer> a =
        on(tierA)
            .ttl(Duration.ofSeconds(10))
            .ticker(ticker)
            .memoize((String s) -> calls.incrementAndGet());
    assertThat(a.apply("k")).isEqualTo(1);
    assertThat(tierA.lastTtl).isEqualTo(Duration.ofSeconds(10));

    now.set(Duration.ofSeconds(9).toNanos());
    assertThat(a.apply("k")).isEqualTo(1);
    assertThat(tierA.gets).hasValue(1);

    now.set(Duration.ofSeconds(10).toNanos()); // expired here; this double keeps it remotely
    assertThat(a.apply("k")).isEqualTo(1);
    assertThat(tierA.gets).hasValue(2);
    assertThat(a.cacheInfo().remoteHits()).isEqualTo(1);
    assertThat(a.cacheInfo().evictions()).isEqualTo(1);
    assertThat(calls).hasValue(1);
  }

  @Test
  void aCopyFilledFromTheTierExpiresWithTheTiersValueNotAWholeTtlLater() throws Exception {
    AtomicLong now = new AtomicLong();
    Ticker clock = now::get;
    InMemoryTier.Backing timed = new InMemoryTier.Backing(clock); // the tier expires values too
    InMemoryTier.Client tierOfB = timed.client(TIMEOUT);
    AtomicInteger calls = new AtomicInteger();
    Function<String, Integer> function = s -> calls.incrementAndGet();
    Duration ttl = Duration.ofSeconds(10);
    CachedFunction<String, Integer> a =
        on(timed.client(TIMEOUT)).ttl(ttl).ticker(clock).memoize(function);
    CachedFunction<String, Integer> b = on(tierOfB).ttl(ttl).ticker(clock).memoize(function);
    CachedAsyncFunction<String, Integer> asyncB =
        WarpCache.builder()
            .name("async")
            .remote(tierOfB)
            .ttl(ttl)
            .ticker(clock)
            .memoizeAsync((String s) -> CompletableFuture.completedFuture(calls.incrementAndGet()));
    Cache<String, String> cacheA =
        WarpCache.builder()
            .name("map")
            .remote(timed.client(TIMEOUT))
            .ttl(ttl)
            .ticker(clock)
            .build();
    Cache<String, String> cacheB =
        WarpCache.builder().name("map").remote(tierOfB).ttl(ttl).ticker(clock).build();

    assertThat(a.apply("k")).isEqualTo(1); // computed at 0 s: the tier keeps it until 10 s
    assertThat(asyncB.apply("k").get()).isEqualTo(2); // computed by B at 0 s, to the tier
    cacheA.put("k", "v");
    now.set(Duration.ofSeconds(8).toNanos());
    assertThat(b.apply("k")).isEqualTo(1); // B fills from the tier, 2 s before it expires there
    assertThat(b.cacheInfo().remoteHits()).isEqualTo(1);
    assertThat(cacheB.getIfPresent("k")).isEqualTo("v");

    now.set(Duration.ofMillis(9_999).toNanos());
    int getsBefore = tierOfB.gets.get();
    assertThat(b.apply("k")).isEqualTo(1); // near hits, the tier is not asked
    assertThat(cacheB.getIfPresent("k")).isEqualTo("v");
    assertThat(tierOfB.gets).hasValue(getsBefore);

    now.set(Duration.ofSeconds(10).toNanos()); // the tier's values expire: B's copies with them
    assertThat(b.apply("k")).isEqualTo(3);
    assertThat(cacheB.getIfPresent("k")).isNull();
    assertThat(asyncB.apply("k").get()).isEqualTo(4);
  }

  @Test
  void aFailingTierIsCountedAndTheFunctionRuns() {
    tierA.mode = InMemoryTier.Mode.FAIL;
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<String, Integer> a = on(tierA).memoize((String s) -> calls.incrementAndGet());
    assertThat(a.apply("k")).isEqualTo(1);
    assertThat(a.apply("k")).isEqualTo(1); // near hit
    CacheInfo info = a.cacheInfo();
    assertThat(info.remoteErrors()).isEqualTo(2); // the get and the put
    assertThat(info.misses()).isEqualTo(1);
    assertThat(info.hits()).isEqualTo(1);

    Cache<String, String> cache = cache(tierA);
    cache.put("k", "v");
    cache.invalidate("k");
    cache.clear();
    assertThat(cache.info().remoteErrors()).isEqualTo(1); // clear() resets, then fails once
  }

  @Test
  void aHangingTierCostsOneTimeoutAtMost() {
    InMemoryTier.Client slow = backing.client(Duration.ofMillis(50));
    slow.mode = InMemoryTier.Mode.HANG;
    CachedFunction<String, Integer> a = on(slow).memoize(String::length);
    long start = System.nanoTime();
    assertThat(a.apply("abc")).isEqualTo(3);
    long elapsed = System.nanoTime() - start;
    assertThat(elapsed).isLessThan(TimeUnit.SECONDS.toNanos(2));
    assertThat(elapsed).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(a.cacheInfo().remoteErrors()).isEqualTo(1); // the put is not awaited
    assertThat(a.cacheInfo().misses()).isEqualTo(1);

    Cache<String, String> cache = on(slow).build();
    start = System.nanoTime();
    cache.put("k", "v"); // waits for the tier, but not for longer than its timeout
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
    assertThat(cache.info().remoteErrors()).isEqualTo(1);
    assertThat(cache.getIfPresent("k")).isEqualTo("v");
  }

  @Test
  void corruptBytesAreAMissAndAnErrorNeverAnException() {
    CachedFunction<String, Integer> a = on(tierA).memoize(String::length);
    a.apply("abc");
    tierB.mode = InMemoryTier.Mode.CORRUPT;
    CachedFunction<String, Integer> b = on(tierB).memoize(String::length);
    assertThat(b.apply("abc")).isEqualTo(3);
    CacheInfo info = b.cacheInfo();
    assertThat(info.remoteErrors()).isEqualTo(1);
    assertThat(info.remoteHits()).isZero();
    assertThat(info.misses()).isEqualTo(1);

    Cache<String, String> cache = cache(tierB);
    assertThat(cache.getIfPresent("x")).isNull();
    assertThat(cache.info().remoteErrors()).isEqualTo(1);
  }

  @Test
  void undecodableInvalidationClearsTheNearCache() {
    CachedFunction<String, Integer> b = on(tierB).memoize(String::length);
    b.apply("a");
    b.apply("bb");
    assertThat(b.cacheInfo().currentSize()).isEqualTo(2);
    tierB.deliver(NAME, new byte[] {0x7F});
    assertThat(b.cacheInfo().currentSize()).isZero();
    assertThat(b.cacheInfo().misses()).isEqualTo(2);
  }

  @Test
  void oversizeKeysAndValuesStayNear() {
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<String, String> a =
        on(tierA)
            .maxKeySize(16)
            .maxValueSize(16)
            .memoize(
                (String s) -> {
                  calls.incrementAndGet();
                  return s.repeat(4);
                });
    assertThat(a.apply("abcdef")).isEqualTo("abcdef".repeat(4)); // value over 16 bytes
    assertThat(a.apply("abcdef")).isEqualTo("abcdef".repeat(4));
    String longKey = "k".repeat(40);
    assertThat(a.apply(longKey)).hasSize(160); // key over 16 bytes: the tier is not asked
    assertThat(a.apply(longKey)).hasSize(160);
    assertThat(a.apply("ab")).isEqualTo("abababab"); // fits
    assertThat(calls).hasValue(3);
    assertThat(stored()).isEqualTo(1);
    assertThat(tierA.gets).hasValue(2);
    CacheInfo info = a.cacheInfo();
    assertThat(info.oversizeSkips()).isEqualTo(2);
    assertThat(info.currentSize()).isEqualTo(3);

    Cache<String, String> cache = on(tierB).maxValueSize(8).build();
    cache.put("ab", "too long for the tier"); // the older value must not outlive it there
    assertThat(stored()).isZero();
    assertThat(cache.getIfPresent("ab")).isEqualTo("too long for the tier");
    assertThat(cache.info().oversizeSkips()).isEqualTo(1);

    Cache<String, String> smallKeys = on(tierB, "small").maxKeySize(4).build();
    assertThat(smallKeys.getIfPresent("a long key")).isNull(); // a lookup skips no write
    smallKeys.invalidate("a long key");
    assertThat(smallKeys.info().oversizeSkips()).isZero();
    assertThat(smallKeys.info().misses()).isEqualTo(1);
  }

  @Test
  void anInvalidationDuringTheTierGetWinsOverTheFill() {
    Cache<String, String> a = cache(tierA);
    Cache<String, String> b = cache(tierB);
    a.put("k", "v1");
    // B's get reads v1; before B stores it, A writes v2 and its invalidation reaches B.
    tierB.duringNextGet = () -> a.put("k", "v2");
    assertThat(b.get("k", k -> "computed")).isEqualTo("v1"); // what the tier said at the time
    assertThat(b.info().currentSize()).isZero(); // but v1 was not kept
    assertThat(b.get("k", k -> "computed")).isEqualTo("v2");
    assertThat(b.get("k", k -> "computed")).isEqualTo("v2");
    assertThat(b.info().remoteHits()).isEqualTo(2);

    // The same race for getIfPresent, which fills outside the single flight.
    tierB.duringNextGet = () -> a.put("k", "v3");
    b.invalidate("k");
    a.put("k", "v2b");
    tierB.duringNextGet = () -> a.put("k", "v3");
    assertThat(b.getIfPresent("k")).isEqualTo("v2b");
    assertThat(b.info().currentSize()).isZero();
    assertThat(b.getIfPresent("k")).isEqualTo("v3");
    assertThat(b.info().currentSize()).isEqualTo(1);
  }

  @Test
  void anInvalidationDuringAMemoizedFillWinsToo() {
    AtomicInteger version = new AtomicInteger();
    CachedFunction<String, Integer> a = on(tierA).memoize((String s) -> version.get());
    CachedFunction<String, Integer> b = on(tierB).memoize((String s) -> -1);
    CachedFunction<String, Integer> c =
        on(backing.client(TIMEOUT)).memoize((String s) -> version.get());
    assertThat(a.apply("k")).isZero();
    tierB.duringNextGet =
        () -> {
          version.set(1);
          backing.of(NAME).clear(); // the tier lost the entry (evicted or expired there)
          assertThat(c.apply("k")).isEqualTo(1); // a third JVM computes and writes it again
        };
    assertThat(b.apply("k")).isZero(); // what the tier said at the time
    assertThat(b.cacheInfo().currentSize()).isZero(); // not kept: C's invalidation came first
    assertThat(a.cacheInfo().currentSize()).isZero(); // A's copy is gone too
    assertThat(b.apply("k")).isEqualTo(1);
    assertThat(a.apply("k")).isEqualTo(1);
  }

  /** B fills its near copy, the tier loses it, A computes and writes: B's copy must go. */
  private void assertInvalidationFindsTheKey(
      String name, Runnable fillB, Runnable writeA, Runnable readB, Supplier<Long> sizeB) {
    fillB.run();
    assertThat(sizeB.get()).as(name).isEqualTo(1);
    backing.of(name).clear();
    writeA.run();
    assertThat(sizeB.get()).as(name).isZero();
    readB.run();
  }

  private static WarpCache.Builder on(InMemoryTier.Client tier, String name) {
    return WarpCache.builder().name(name).remote(tier);
  }

  @Test
  void invalidationsFindTheKeysOfEveryForm() {
    CachedFunction<int[], String> oneA = on(tierA, "one").memoize((int[] x) -> "A");
    CachedFunction<int[], String> oneB = on(tierB, "one").memoize((int[] x) -> "B");
    assertInvalidationFindsTheKey(
        "one",
        () -> assertThat(oneB.apply(new int[] {1, 2})).isEqualTo("B"),
        () -> assertThat(oneA.apply(new int[] {1, 2})).isEqualTo("A"),
        () -> assertThat(oneB.apply(new int[] {1, 2})).isEqualTo("A"),
        () -> oneB.cacheInfo().currentSize());

    CachedBiFunction<String, Long, String> biA = on(tierA, "bi").memoize((String x, Long y) -> "A");
    CachedBiFunction<String, Long, String> biB = on(tierB, "bi").memoize((String x, Long y) -> "B");
    assertInvalidationFindsTheKey(
        "bi",
        () -> assertThat(biB.apply("x", 2L)).isEqualTo("B"),
        () -> assertThat(biA.apply("x", 2L)).isEqualTo("A"),
        () -> assertThat(biB.apply("x", 2L)).isEqualTo("A"),
        () -> biB.cacheInfo().currentSize());

    CachedTriFunction<String, Integer, byte[], String> triA =
        on(tierA, "tri").memoize((String x, Integer y, byte[] z) -> "A");
    CachedTriFunction<String, Integer, byte[], String> triB =
        on(tierB, "tri").memoize((String x, Integer y, byte[] z) -> "B");
    assertInvalidationFindsTheKey(
        "tri",
        () -> assertThat(triB.apply(null, 1, new byte[] {3})).isEqualTo("B"),
        () -> assertThat(triA.apply(null, 1, new byte[] {3})).isEqualTo("A"),
        () -> assertThat(triB.apply(null, 1, new byte[] {3})).isEqualTo("A"),
        () -> triB.cacheInfo().currentSize());

    CachedVarargsFunction<String> varA = on(tierA, "var").memoizeVarargs(args -> "A");
    CachedVarargsFunction<String> varB = on(tierB, "var").memoizeVarargs(args -> "B");
    assertInvalidationFindsTheKey(
        "var",
        () -> assertThat(varB.apply(1)).isEqualTo("B"),
        () -> assertThat(varA.apply(1)).isEqualTo("A"),
        () -> assertThat(varB.apply(1)).isEqualTo("A"),
        () -> varB.cacheInfo().currentSize());

    CachedSupplier<String> supA = on(tierA, "sup").memoize(() -> "A");
    CachedSupplier<String> supB = on(tierB, "sup").memoize(() -> "B");
    assertInvalidationFindsTheKey(
        "sup",
        () -> assertThat(supB.get()).isEqualTo("B"),
        () -> assertThat(supA.get()).isEqualTo("A"),
        () -> assertThat(supB.get()).isEqualTo("A"),
        () -> supB.cacheInfo().currentSize());

    Cache<Long, String> rawA = on(tierA, "raw").build();
    Cache<Long, String> rawB = on(tierB, "raw").build();
    assertInvalidationFindsTheKey(
        "raw",
        () -> assertThat(rawB.get(7L, k -> "B")).isEqualTo("B"),
        () -> assertThat(rawA.get(7L, k -> "A")).isEqualTo("A"),
        () -> assertThat(rawB.getIfPresent(7L)).isEqualTo("A"),
        () -> rawB.info().currentSize());
  }

  @Test
  void asyncFunctionsGoThroughTheTierToo() {
    AtomicInteger calls = new AtomicInteger();
    CachedAsyncFunction<String, Integer> a =
        on(tierA)
            .memoizeAsync(
                (String s) -> CompletableFuture.supplyAsync(() -> s.length() + calls.get() * 0));
    CachedAsyncFunction<String, Integer> b =
        on(tierB)
            .memoizeAsync(
                (String s) -> {
                  calls.incrementAndGet();
                  return CompletableFuture.completedFuture(-1);
                });
    assertThat(a.apply("abc").join()).isEqualTo(3);
    assertThat(stored()).isEqualTo(1); // written when the future completed
    assertThat(b.apply("abc").join()).isEqualTo(3); // remote hit
    assertThat(b.apply("abc").join()).isEqualTo(3); // near hit
    assertThat(calls).hasValue(0);
    CacheInfo info = b.cacheInfo();
    assertThat(info.hits()).isEqualTo(2);
    assertThat(info.remoteHits()).isEqualTo(1);
    assertThat(info.misses()).isZero();
    assertThat(a.cacheInfo().misses()).isEqualTo(1);

    CachedAsyncBiFunction<String, String, String> bi =
        on(tierB, "async-bi")
            .memoizeAsync((String x, String y) -> CompletableFuture.completedFuture(x + y));
    assertThat(bi.apply("a", "b").join()).isEqualTo("ab");
    assertThat(backing.of("async-bi")).hasSize(1);
  }

  @Test
  void aFailedAsyncComputationStoresNothingAnywhere() {
    AtomicInteger calls = new AtomicInteger();
    CachedAsyncFunction<String, Integer> a =
        on(tierA)
            .memoizeAsync(
                (String s) ->
                    calls.incrementAndGet() == 1
                        ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
                        : CompletableFuture.completedFuture(s.length()));
    assertThat(a.apply("abc")).isCompletedExceptionally();
    assertThat(stored()).isZero();
    CacheInfo info = a.cacheInfo();
    assertThat(info.misses()).isEqualTo(1);
    assertThat(info.loadFailures()).isEqualTo(1);
    assertThat(info.currentSize()).isZero();
    assertThat(a.apply("abc").join()).isEqualTo(3);
    assertThat(stored()).isEqualTo(1);
    assertThat(a.cacheInfo().misses()).isEqualTo(2);
    assertThat(a.toString()).startsWith("RemoteAsyncFunction");
  }

  @Test
  void asyncFunctionsDoNotWaitForAHangingTier() {
    InMemoryTier.Client slow = backing.client(Duration.ofSeconds(1));
    slow.mode = InMemoryTier.Mode.HANG;
    CachedAsyncFunction<String, Integer> a =
        on(slow).memoizeAsync((String s) -> CompletableFuture.completedFuture(s.length()));
    CompletableFuture<Integer> future = a.apply("abcd");
    // Had apply waited for the tier, the timeout would have passed and the value been computed
    // locally before it returned: a future still pending shows it returned at once.
    assertThat(future).isNotDone();
    assertThat(future.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(4);
    assertThat(a.cacheInfo().remoteErrors()).isEqualTo(1);
    assertThat(a.cacheInfo().misses()).isEqualTo(1);
    assertThat(a.apply("abcd").join()).isEqualTo(4);
    assertThat(a.cacheInfo().hits()).isEqualTo(1);
  }

  record Point(int x, int y) {}

  private static final Codec<Point> POINTS =
      Codec.of(
          (p, out) -> {
            out.writeInt(p.x());
            out.writeInt(p.y());
          },
          in -> new Point(in.readInt(), in.readInt()));

  @Test
  void otherTypesNeedACodecAsWithTheSharedBackend() {
    CachedFunction<Point, Integer> noCodec = on(tierA).memoize((Point p) -> p.x() + p.y());
    assertThatThrownBy(() -> noCodec.apply(new Point(1, 2)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("Point");

    CachedFunction<Point, Point> a =
        on(tierA, "points").codec(Point.class, POINTS).memoize((Point p) -> new Point(p.y(), 0));
    CachedFunction<Point, Point> b =
        on(tierB, "points").codec(Point.class, POINTS).memoize((Point p) -> new Point(-1, -1));
    assertThat(a.apply(new Point(1, 2))).isEqualTo(new Point(2, 0));
    assertThat(b.apply(new Point(1, 2))).isEqualTo(new Point(2, 0));
    assertThat(b.cacheInfo().remoteHits()).isEqualTo(1);
  }

  @Test
  void aRecursiveFunctionFillsTheTierLevelByLevel() {
    Fib fib = new Fib();
    CachedFunction<Integer, Long> fibA = on(tierA, "fib").memoize(fib);
    fib.self = fibA;
    assertThat(fibA.apply(40)).isEqualTo(102_334_155L);
    assertThat(backing.of("fib")).hasSize(41);
    CachedFunction<Integer, Long> fibB = on(tierB, "fib").memoize((Integer n) -> -1L);
    assertThat(fibB.apply(40)).isEqualTo(102_334_155L);
    assertThat(fibB.apply(7)).isEqualTo(13L);
    assertThat(fibB.cacheInfo().remoteHits()).isEqualTo(2);
  }

  /** A memoized Fibonacci that calls itself through the memoized function. */
  private static final class Fib implements Function<Integer, Long> {
    private CachedFunction<Integer, Long> self;

    @Override
    public Long apply(Integer n) {
      return n < 2 ? (long) n : self.apply(n - 1) + self.apply(n - 2);
    }
  }

  @Test
  void concurrentMissesAskTheTierOnce() throws Exception {
    Cache<String, String> a = cache(tierA);
    a.put("k", "v");
    Cache<String, String> b = cache(tierB);
    CountDownLatch inGet = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    tierB.duringNextGet =
        () -> {
          inGet.countDown();
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(() -> b.get("k", k -> "computed"));
    assertThat(inGet.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> second =
        CompletableFuture.supplyAsync(() -> b.get("k", k -> "computed"));
    Thread.sleep(20); // let it reach the load in flight
    release.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("v");
    assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("v");
    assertThat(tierB.gets).hasValue(1);
    assertThat(b.info().hits()).isEqualTo(2);
    assertThat(b.info().remoteHits()).isEqualTo(1);
  }

  @Test
  void builderErrors() {
    assertThatThrownBy(() -> WarpCache.builder().remote(tierA).memoize(String::length))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("name(...)");
    assertThatThrownBy(() -> WarpCache.builder().remote(tierA).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("name(...)");
    assertThatThrownBy(
            () ->
                WarpCache.builder()
                    .backend(Backend.SHARED)
                    .name(NAME)
                    .remote(tierA)
                    .memoize(String::length))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Backend.SHARED");
    assertThatThrownBy(() -> WarpCache.builder().remote(tierA).remote(tierB))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already set");
    assertThatThrownBy(() -> WarpCache.builder().remote(null))
        .isInstanceOf(NullPointerException.class);
    // Limits and codecs are valid with a remote tier, and still an error without one.
    assertThat(on(tierA).maxKeySize(32).maxValueSize(64).memoize(String::length)).isNotNull();
    assertThatThrownBy(() -> WarpCache.builder().maxKeySize(32).memoize(String::length))
        .isInstanceOf(IllegalStateException.class);
    Cache<String, String> noMap = cache(tierA);
    assertThatThrownBy(noMap::asMap).isInstanceOf(UnsupportedOperationException.class);
  }
}
