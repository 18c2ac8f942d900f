package dev.warpcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The SIEVE behaviour of the in-process store, entry by entry (NSDI'24): new entries enter at the
 * head unvisited, a hit sets {@code visited}, the hand moves from the tail toward the head clearing
 * bits and evicts the first unvisited entry, and stays there for the next eviction.
 *
 * <p>Ported from the original warp_cache memory-backend tests ({@code test_basic.py}, {@code
 * test_strategies.py}) and made exact: where the original accepted "one of {2, 3}", these tests
 * name the one SIEVE must evict. Which keys are present is observed through {@code
 * asMap().keySet()}, which neither counts in the statistics nor sets {@code visited}.
 *
 * <p>In the comments, a queue is written head (newest) first: {@code [c b a]} has {@code a} at the
 * tail; a starred key ({@code a*}) is visited.
 */
class SieveBehaviourTest {

  private static Cache<String, String> cache(int maxSize) {
    return WarpCache.builder().maxSize(maxSize).build();
  }

  /** A cache with a TTL that never runs out here: its queue is kept in write order. */
  private static Cache<String, String> ttlCache(int maxSize) {
    return WarpCache.builder().maxSize(maxSize).ttl(java.time.Duration.ofHours(1)).build();
  }

  /** Requests {@code key} through {@code get(key, loader)}; the loader's value is "v:" + key. */
  private static String load(Cache<String, String> cache, String key) {
    return cache.get(key, k -> "v:" + k);
  }

  private static void loadAll(Cache<String, String> cache, String... keys) {
    for (String key : keys) {
      load(cache, key);
    }
  }

  private static Set<String> keys(Cache<String, String> cache) {
    return new HashSet<>(cache.asMap().keySet());
  }

  // ---- statistics (test_basic.py) ----

  @Test
  void firstCallMissesAndRepeatedCallHits() {
    AtomicInteger calls = new AtomicInteger();
    CachedBiFunction<Integer, Integer, Integer> add =
        WarpCache.builder()
            .maxSize(128)
            .memoize(
                (Integer a, Integer b) -> {
                  calls.incrementAndGet();
                  return a + b;
                });

    assertThat(add.apply(1, 2)).isEqualTo(3);
    assertThat(calls).hasValue(1);
    assertThat(add.apply(1, 2)).isEqualTo(3);
    assertThat(calls).hasValue(1);
    assertThat(add.apply(2, 3)).isEqualTo(5);
    assertThat(calls).hasValue(2);

    CacheInfo info = add.cacheInfo();
    assertThat(info.hits()).isEqualTo(1);
    assertThat(info.misses()).isEqualTo(2);
    assertThat(info.evictions()).isZero();
    assertThat(info.currentSize()).isEqualTo(2);
    assertThat(info.maxSize()).isEqualTo(128);
  }

  @Test
  void getIfPresentCountsAHitWhenFoundAndAMissWhenAbsent() {
    Cache<String, String> cache = cache(4);
    assertThat(cache.getIfPresent("a")).isNull();
    load(cache, "a");
    assertThat(cache.getIfPresent("a")).isEqualTo("v:a");

    CacheInfo info = cache.info();
    assertThat(info.hits()).isEqualTo(1);
    assertThat(info.misses()).isEqualTo(2);
  }

  @Test
  void cacheClearResetsStatisticsAndEntries() {
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<Integer, Integer> square =
        WarpCache.builder()
            .maxSize(2)
            .memoize(
                (Integer x) -> {
                  calls.incrementAndGet();
                  return x * x;
                });
    assertThat(square.apply(3)).isEqualTo(9);
    assertThat(square.apply(3)).isEqualTo(9);
    square.apply(4);
    square.apply(5); // evicts one entry
    assertThat(square.cacheInfo().hits()).isEqualTo(1);
    assertThat(square.cacheInfo().evictions()).isEqualTo(1);

    square.cacheClear();
    assertThat(square.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 0, 0, 2, 0));

    assertThat(square.apply(3)).isEqualTo(9);
    assertThat(calls).hasValue(4);
    assertThat(square.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 1, 0, 2, 1));
  }

  @Test
  void cacheClearOnACacheObjectEmptiesTheMapView() {
    Cache<String, String> cache = cache(3);
    loadAll(cache, "a", "b", "a");
    cache.clear();
    assertThat(cache.asMap()).isEmpty();
    assertThat(cache.info())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 0, 0, 3, 0));
    assertThat(cache.getIfPresent("a")).isNull();
  }

  @Test
  void nullResultIsCached() {
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<Integer, String> returnsNull =
        WarpCache.builder()
            .maxSize(8)
            .memoize(
                (Integer x) -> {
                  calls.incrementAndGet();
                  return null;
                });
    assertThat(returnsNull.apply(1)).isNull();
    assertThat(returnsNull.apply(1)).isNull();
    assertThat(calls).hasValue(1);
    assertThat(returnsNull.cacheInfo().hits()).isEqualTo(1);
    assertThat(returnsNull.cacheInfo().misses()).isEqualTo(1);
    assertThat(returnsNull.cacheInfo().currentSize()).isEqualTo(1);
  }

  @Test
  void nullValueIsPresentInTheMapView() {
    Cache<String, String> cache = cache(8);
    AtomicInteger calls = new AtomicInteger();
    assertThat(
            cache.get(
                "k",
                k -> {
                  calls.incrementAndGet();
                  return null;
                }))
        .isNull();
    assertThat(cache.get("k", k -> "not called")).isNull();
    assertThat(calls).hasValue(1);
    assertThat(cache.asMap().containsKey("k")).isTrue();
  }

  @Test
  void nullArgumentIsCachedLikeAnyOther() {
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<String, String> describe =
        WarpCache.builder()
            .maxSize(8)
            .memoize(
                (String s) -> {
                  calls.incrementAndGet();
                  return "arg=" + s;
                });
    assertThat(describe.apply(null)).isEqualTo("arg=null");
    assertThat(describe.apply(null)).isEqualTo("arg=null");
    assertThat(describe.apply("null")).isEqualTo("arg=null");
    assertThat(calls).hasValue(2);
    assertThat(describe.cacheInfo().hits()).isEqualTo(1);
  }

  // ---- eviction (test_basic.py, test_strategies.py) ----

  @Test
  void evictionAtCapacityRemovesTheUnvisitedTail() {
    Cache<String, String> cache = cache(3);
    loadAll(cache, "a", "b", "c"); // [c b a]
    assertThat(cache.info().currentSize()).isEqualTo(3);

    load(cache, "d"); // hand starts at the tail: a is unvisited
    assertThat(keys(cache)).containsExactlyInAnyOrder("b", "c", "d");
    assertThat(cache.info().currentSize()).isEqualTo(3);
    assertThat(cache.info().evictions()).isEqualTo(1);
  }

  @Test
  void unvisitedEntryIsEvictedBeforeVisitedOnes() {
    AtomicInteger calls = new AtomicInteger();
    CachedFunction<Integer, Integer> fn =
        WarpCache.builder()
            .maxSize(3)
            .memoize(
                (Integer x) -> {
                  calls.incrementAndGet();
                  return x;
                });
    fn.apply(1);
    fn.apply(2);
    fn.apply(3); // [3 2 1]
    fn.apply(2);
    fn.apply(3); // [3* 2* 1]
    fn.apply(4); // 1 is the only unvisited entry
    assertThat(calls).hasValue(4);

    calls.set(0);
    fn.apply(2);
    fn.apply(3);
    assertThat(calls).as("2 and 3 survived").hasValue(0);
    fn.apply(1);
    assertThat(calls).as("1 was evicted").hasValue(1);
  }

  @Test
  void unvisitedEntryNearTheHeadIsEvictedWhenEverythingBehindItWasVisited() {
    Cache<String, String> cache = cache(4);
    loadAll(cache, "a", "b", "c", "d"); // [d c b a]
    loadAll(cache, "a", "b", "c"); // [d c* b* a*]
    load(cache, "e"); // the hand clears a, b, c and stops at d
    assertThat(keys(cache)).containsExactlyInAnyOrder("a", "b", "c", "e");
  }

  @Test
  void visitedEntriesSurviveOnePassOfTheHandWithTheirBitCleared() {
    Cache<String, String> cache = cache(3);
    loadAll(cache, "a", "b", "c"); // [c b a]
    loadAll(cache, "a", "b", "c"); // [c* b* a*]

    // The hand clears a, b and c, wraps around to the tail and evicts a (now unvisited).
    load(cache, "d"); // [d c b], hand at b
    assertThat(keys(cache)).containsExactlyInAnyOrder("b", "c", "d");

    // b's bit was cleared by the pass: it gets no second chance now.
    load(cache, "e"); // evicts b, hand at c
    assertThat(keys(cache)).containsExactlyInAnyOrder("c", "d", "e");
    load(cache, "f"); // evicts c (cleared as well)
    assertThat(keys(cache)).containsExactlyInAnyOrder("d", "e", "f");
    assertThat(cache.info().evictions()).isEqualTo(3);
  }

  @Test
  void secondChanceWithTwoVisitedEntriesEvictsTheTail() {
    Cache<Integer, Integer> cache = WarpCache.builder().maxSize(2).build();
    for (int k : new int[] {1, 2, 1, 2}) {
      cache.get(k, x -> x);
    } // [2* 1*]
    cache.get(3, x -> x); // one pass clears both, wraps and evicts 1
    assertThat(new HashSet<>(cache.asMap().keySet())).containsExactlyInAnyOrder(2, 3);
    assertThat(cache.info().currentSize()).isEqualTo(2);
  }

  @Test
  void handStaysWhereTheLastEvictionStopped() {
    Cache<String, String> cache = cache(3);
    loadAll(cache, "a", "b", "c"); // [c b a]
    load(cache, "a"); // [c b a*]
    load(cache, "d"); // the hand clears a, evicts b, stops at c: [d c a]
    assertThat(keys(cache)).containsExactlyInAnyOrder("a", "c", "d");

    // From where the hand stopped, c is the first unvisited entry. A hand restarting from the
    // tail would find a (unvisited since the last pass) and evict it instead.
    load(cache, "e");
    assertThat(keys(cache)).containsExactlyInAnyOrder("a", "d", "e");
  }

  @Test
  void handThatEvictedTheHeadRestartsFromTheTail() {
    Cache<String, String> cache = cache(3);
    loadAll(cache, "a", "b", "c"); // [c b a]
    loadAll(cache, "a", "b"); // [c b* a*]
    load(cache, "d"); // clears a and b, evicts c (the head): [d b a], the hand has passed the head
    assertThat(keys(cache)).containsExactlyInAnyOrder("a", "b", "d");

    // The next eviction starts again at the tail, a; a hand left on the new head would evict d.
    load(cache, "e");
    assertThat(keys(cache)).containsExactlyInAnyOrder("b", "d", "e");
  }

  @Test
  void capacityIsRespectedAfterEveryCall() {
    Cache<Integer, Integer> cache = WarpCache.builder().maxSize(5).build();
    Random random = new Random(42);
    for (int i = 0; i < 1_000; i++) {
      int key = random.nextInt(3) == 0 ? random.nextInt(5) : i;
      cache.get(key, k -> k);
      assertThat(cache.info().currentSize()).isLessThanOrEqualTo(5);
      assertThat(cache.asMap()).hasSizeLessThanOrEqualTo(5);
    }
    CacheInfo info = cache.info();
    assertThat(info.currentSize()).isEqualTo(5);
    assertThat(info.evictions()).isEqualTo(info.misses() - 5);
    assertThat(info.hits() + info.misses()).isEqualTo(1_000);
  }

  // ---- what sets the visited bit ----

  @Test
  void getHitSetsVisited() {
    Cache<String, String> cache = cache(3);
    loadAll(cache, "a", "b", "c");
    load(cache, "a"); // hit: a*
    load(cache, "d");
    assertThat(keys(cache)).containsExactlyInAnyOrder("a", "c", "d");
  }

  @Test
  void getIfPresentHitSetsVisited() {
    Cache<String, String> cache = cache(3);
    loadAll(cache, "a", "b", "c");
    assertThat(cache.getIfPresent("a")).isEqualTo("v:a");
    load(cache, "d");
    assertThat(keys(cache)).containsExactlyInAnyOrder("a", "c", "d");
  }

  @Test
  void getIfPresentMissDoesNotInsert() {
    Cache<String, String> cache = cache(3);
    loadAll(cache, "a", "b", "c");
    assertThat(cache.getIfPresent("z")).isNull();
    assertThat(keys(cache)).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(cache.info().evictions()).isZero();
  }

  @Test
  void mapViewReadsNeitherCountNorSetVisited() {
    Cache<String, String> cache = cache(3);
    loadAll(cache, "a", "b", "c");
    CacheInfo before = cache.info();

    assertThat(cache.asMap().get("a")).isEqualTo("v:a");
    assertThat(cache.asMap().containsKey("a")).isTrue();
    assertThat(cache.asMap().getOrDefault("a", "none")).isEqualTo("v:a");
    assertThat(cache.asMap().keySet()).contains("a");
    assertThat(cache.info()).isEqualTo(before);

    load(cache, "d"); // a is still unvisited at the tail
    assertThat(keys(cache)).containsExactlyInAnyOrder("b", "c", "d");
  }

  // ---- writes ----

  @Test
  void putCountsNeitherHitNorMiss() {
    Cache<String, String> cache = cache(3);
    cache.put("a", "1");
    cache.put("a", "2");
    assertThat(cache.info())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 0, 0, 3, 1));
    assertThat(cache.getIfPresent("a")).isEqualTo("2");
  }

  @Test
  void withoutTtlAPutOfAnExistingKeyIsAnAccessInPlace() {
    Cache<String, String> cache = cache(2);
    cache.put("a", "a1");
    cache.put("b", "b1");
    cache.getIfPresent("a");
    cache.getIfPresent("b"); // [b* a*]
    cache.put("b", "b2"); // in place, still visited: [b* a*]
    cache.put("c", "c1"); // the hand clears a and b, wraps to the tail and evicts a: [c b]
    // Had the put entered b anew at the head, unvisited ([b a*]), c would have evicted b.
    assertThat(keys(cache)).containsExactlyInAnyOrder("b", "c");
    assertThat(cache.getIfPresent("b")).isEqualTo("b2");
    assertThat(cache.info().evictions()).as("an update in place is not an eviction").isEqualTo(1);
  }

  @Test
  void withTtlAPutOfAnExistingKeyMovesItToTheHead() {
    Cache<String, String> cache = ttlCache(3);
    cache.put("a", "a1");
    cache.put("b", "b1");
    cache.put("c", "c1"); // [c b a]
    cache.put("a", "a2"); // a new write: [a c b]; an update in place would leave a at the tail
    load(cache, "d"); // evicts b, the unvisited tail
    assertThat(keys(cache)).containsExactlyInAnyOrder("a", "c", "d");
    assertThat(cache.asMap().get("a")).isEqualTo("a2");
  }

  @Test
  void withTtlAPutOfAnExistingKeyEntersUnvisited() {
    Cache<String, String> cache = ttlCache(2);
    cache.put("a", "a1");
    cache.put("b", "b1"); // [b a]
    assertThat(cache.getIfPresent("b")).isEqualTo("b1"); // [b* a]
    cache.put("b", "b2"); // a new entry, unvisited: [b a]
    cache.put("c", "c1"); // evicts a, the hand stops at b: [c b]
    assertThat(keys(cache)).containsExactlyInAnyOrder("b", "c");
    // b is unvisited: evicted now. Had the put kept b's visited bit, the hand would clear it and
    // evict c instead.
    cache.put("d", "d1");
    assertThat(keys(cache)).containsExactlyInAnyOrder("c", "d");
    assertThat(cache.info().evictions()).as("a replaced entry is not an eviction").isEqualTo(2);
  }

  @Test
  void putOfExistingKeyInAFullCacheEvictsNothing() {
    Cache<String, String> cache = cache(2);
    cache.put("a", "a1");
    cache.put("b", "b1");
    cache.put("a", "a2");
    assertThat(keys(cache)).containsExactlyInAnyOrder("a", "b");
    assertThat(cache.info().evictions()).isZero();
    assertThat(cache.info().currentSize()).isEqualTo(2);
  }

  @Test
  void getAfterPutIsAHitThatDoesNotRunTheLoader() {
    Cache<String, String> cache = cache(2);
    cache.put("a", "stored");
    assertThat(cache.get("a", k -> "loaded")).isEqualTo("stored");
    assertThat(cache.info().hits()).isEqualTo(1);
    assertThat(cache.info().misses()).isZero();
  }

  @Test
  void invalidateRemovesWithoutCountingAnEviction() {
    Cache<String, String> cache = cache(3);
    loadAll(cache, "a", "b");
    cache.invalidate("a");
    cache.invalidate("absent");
    assertThat(keys(cache)).containsExactly("b");
    assertThat(cache.info().evictions()).isZero();
    assertThat(cache.info().currentSize()).isEqualTo(1);
    loadAll(cache, "c", "d"); // room for both again
    assertThat(cache.info().evictions()).isZero();
  }

  @Test
  void invalidatingTheEntryUnderTheHandKeepsEvictionWorking() {
    Cache<String, String> cache = cache(3);
    loadAll(cache, "a", "b", "c", "a", "d"); // evicts b, the hand stops at c: [d c a*]
    cache.invalidate("c"); // the entry under the hand
    loadAll(cache, "e", "f", "g");
    assertThat(cache.info().currentSize()).isEqualTo(3);
    assertThat(cache.info().evictions()).isEqualTo(3);
    assertThat(keys(cache)).hasSize(3).contains("f", "g");
  }
}
