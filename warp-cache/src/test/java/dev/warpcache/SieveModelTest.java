package dev.warpcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Replays the same key sequences through the reference {@link SieveModel} and through the real
 * store ({@code WarpCache.builder().maxSize(n).build()}, single-threaded, {@code get(k, loader)}
 * only) and expects the very same decisions: the same hit or miss at every request (so identical
 * hit counts), and the same keys present at checkpoints and at the end.
 *
 * <p>Sequences: seeded random keys at several sizes, Zipf-distributed keys, and two real traces
 * from the Caffeine simulator's collection (see {@code src/test/resources/traces/README.md}),
 * replayed at the sizes the literature uses (0.1%, 1%, 10% and 25% of the unique keys).
 */
class SieveModelTest {

  /** How often (in requests) the full key sets are compared, besides at the end. */
  private static final int CHECKPOINT_EVERY = 1_000;

  /** How many of the last requests a failure message shows. */
  private static final int HISTORY = 12;

  @Test
  void modelAgreesWithHandComputedSieveSequences() {
    // The model itself is checked on sequences worked out by hand from the paper's pseudocode.
    // a,b,c fill a cache of 3; a hit on "a"; "d" evicts "b" (the hand clears a, stops at b).
    SieveModel<String> model = new SieveModel<>(3);
    for (String k : List.of("a", "b", "c", "a", "d")) {
      model.access(k);
    }
    assertThat(model.keys()).containsExactly("d", "c", "a");
    // The hand stopped at "c" (b's neighbour toward the head): "e" evicts "c", not "a".
    model.access("e");
    assertThat(model.keys()).containsExactly("e", "d", "a");
    assertThat(model.hits()).isEqualTo(1);
    assertThat(model.misses()).isEqualTo(5);
    assertThat(model.evictions()).isEqualTo(2);

    // Every entry visited: one full pass clears all bits, wraps to the tail and evicts it.
    SieveModel<Integer> all = new SieveModel<>(2);
    for (int k : new int[] {1, 2, 1, 2, 3}) {
      all.access(k);
    }
    assertThat(all.keys()).containsExactly(3, 2);
  }

  @ParameterizedTest(name = "maxSize={0}, keys={1}, seed={2}")
  @CsvSource({
    "1, 3, 1",
    "2, 5, 2",
    "3, 4, 3",
    "3, 10, 4",
    "4, 9, 5",
    "8, 20, 6",
    "16, 24, 7",
    "16, 64, 8",
    "100, 150, 9",
    "100, 1000, 10",
  })
  void uniformRandomKeysGiveIdenticalDecisions(int maxSize, int keyRange, long seed) {
    Random random = new Random(seed);
    long[] keys = new long[20_000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = random.nextInt(keyRange);
    }
    replayAndCompare("uniform(" + keyRange + ", seed " + seed + ")", keys, maxSize);
  }

  @ParameterizedTest(name = "maxSize={0}, skew={1}, seed={2}")
  @CsvSource({
    "10, 0.8, 11",
    "10, 1.2, 12",
    "50, 0.99, 13",
    "200, 0.8, 14",
    "200, 1.2, 15",
  })
  void zipfKeysGiveIdenticalDecisions(int maxSize, double skew, long seed) {
    long[] keys = zipf(new Random(seed), 1_000, skew, 50_000);
    replayAndCompare("zipf(1000, " + skew + ", seed " + seed + ")", keys, maxSize);
  }

  @ParameterizedTest(name = "gli at maxSize={0}")
  @CsvSource({"3", "25", "253", "632"})
  void gliTraceGivesIdenticalDecisions(int maxSize) {
    long[] keys = readTrace("gli.keys.gz");
    assertThat(keys).hasSize(6_015);
    replayAndCompare("gli", keys, maxSize);
  }

  @ParameterizedTest(name = "multi2 at maxSize={0}")
  @CsvSource({"6", "57", "568", "1421"})
  void multi2TraceGivesIdenticalDecisions(int maxSize) {
    long[] keys = readTrace("multi2.keys.gz");
    assertThat(keys).hasSize(26_311);
    replayAndCompare("multi2", keys, maxSize);
  }

  @Test
  void nullKeyTakesPartInSieveLikeAnyOtherKey() {
    // Keys 0..5 where 0 stands for the null key; only the hit/miss decisions are compared here,
    // so that this test does not depend on asMap() supporting null keys.
    Random random = new Random(21);
    SieveModel<Long> model = new SieveModel<>(3);
    Cache<Long, String> cache = WarpCache.builder().maxSize(3).build();
    AtomicLong loads = new AtomicLong();
    for (int i = 0; i < 5_000; i++) {
      int k = random.nextInt(6);
      Long key = k == 0 ? null : (long) k;
      boolean modelHit = model.access(key);
      long before = loads.get();
      String value =
          cache.get(
              key,
              x -> {
                loads.incrementAndGet();
                return String.valueOf(x);
              });
      assertThat(value).isEqualTo(String.valueOf(key));
      boolean cacheHit = loads.get() == before;
      if (cacheHit != modelHit) {
        fail(
            "request %d (key %s): the model says %s but the cache %s; model keys %s",
            i, key, modelHit ? "hit" : "miss", cacheHit ? "hit" : "missed", model.keys());
      }
    }
    assertThat(cache.info().hits()).isEqualTo(model.hits());
    assertThat(cache.info().misses()).isEqualTo(model.misses());
  }

  /**
   * Replays {@code keys} through a model and a real cache of {@code maxSize}, failing at the first
   * request where they disagree, with the recent history in the message.
   */
  private static void replayAndCompare(String name, long[] keys, int maxSize) {
    SieveModel<Long> model = new SieveModel<>(maxSize);
    Cache<Long, Long> cache = WarpCache.builder().maxSize(maxSize).build();
    AtomicLong loads = new AtomicLong();
    Deque<String> history = new ArrayDeque<>();

    for (int i = 0; i < keys.length; i++) {
      Long key = keys[i];
      boolean modelHit = model.access(key);
      long before = loads.get();
      Long value =
          cache.get(
              key,
              k -> {
                loads.incrementAndGet();
                return ~k;
              });
      boolean cacheHit = loads.get() == before;
      history.addLast(key + (modelHit ? " hit" : " miss"));
      if (history.size() > HISTORY) {
        history.removeFirst();
      }
      assertThat(value).as("value of key %d", key).isEqualTo(~key);
      if (cacheHit != modelHit) {
        fail(
            "%s, maxSize %d: request %d (key %d) is a %s for the model but a %s for the cache.%n"
                + "  last requests (model's view): %s%n"
                + "  %s",
            name,
            maxSize,
            i,
            key,
            modelHit ? "hit" : "miss",
            cacheHit ? "hit" : "miss",
            history,
            describeKeys(model, cache));
      }
      if ((i + 1) % CHECKPOINT_EVERY == 0) {
        assertSameKeys(name + ", maxSize " + maxSize + ", after request " + i, model, cache);
      }
    }

    assertSameKeys(name + ", maxSize " + maxSize + ", at the end", model, cache);
    CacheInfo info = cache.info();
    assertThat(info.hits()).as("%s hits", name).isEqualTo(model.hits());
    assertThat(info.misses()).as("%s misses", name).isEqualTo(model.misses());
    assertThat(info.evictions()).as("%s evictions", name).isEqualTo(model.evictions());
    assertThat(info.currentSize()).as("%s currentSize", name).isEqualTo(model.size());
    assertThat(info.maxSize()).isEqualTo(maxSize);
  }

  private static void assertSameKeys(
      String where, SieveModel<Long> model, Cache<Long, Long> cache) {
    Set<Long> cacheKeys = new HashSet<>(cache.asMap().keySet());
    if (!cacheKeys.equals(new HashSet<>(model.keys()))) {
      fail("keys present differ, %s: %s", where, describeKeys(model, cache));
    }
  }

  /** The model's queue (head first) and the cache's keys, or only their differences if large. */
  private static String describeKeys(SieveModel<Long> model, Cache<Long, Long> cache) {
    Set<Long> cacheKeys = new HashSet<>(cache.asMap().keySet());
    if (model.size() <= 32) {
      return "model keys (head to tail): " + model.keys() + ", cache keys: " + cacheKeys;
    }
    Set<Long> onlyModel = new LinkedHashSet<>(model.keys());
    onlyModel.removeAll(cacheKeys);
    Set<Long> onlyCache = new HashSet<>(cacheKeys);
    onlyCache.removeAll(model.keys());
    return "keys only in the model: " + onlyModel + ", only in the cache: " + onlyCache;
  }

  /**
   * Draws {@code length} keys from a Zipf distribution over {@code n} ranks with exponent {@code
   * skew}; ranks are mapped to scattered long keys so that hashing is not trivially sequential.
   */
  private static long[] zipf(Random random, int n, double skew, int length) {
    double[] cumulative = new double[n];
    double sum = 0;
    for (int rank = 1; rank <= n; rank++) {
      sum += 1.0 / Math.pow(rank, skew);
      cumulative[rank - 1] = sum;
    }
    long[] keyOfRank = new long[n];
    for (int i = 0; i < n; i++) {
      keyOfRank[i] = random.nextLong();
    }
    long[] keys = new long[length];
    for (int i = 0; i < length; i++) {
      int idx = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
      int rank = idx >= 0 ? idx : Math.min(-idx - 1, n - 1);
      keys[i] = keyOfRank[rank];
    }
    return keys;
  }

  /** Reads a trace (gzip text, one long per line) from {@code /traces/} on the class path. */
  static long[] readTrace(String fileName) {
    String resource = "/traces/" + fileName;
    try (InputStream raw = SieveModelTest.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException("trace not on the test class path: " + resource);
      }
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII))) {
        List<Long> keys = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (!line.isBlank()) {
            keys.add(Long.parseLong(line.trim()));
          }
        }
        return keys.stream().mapToLong(Long::longValue).toArray();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
