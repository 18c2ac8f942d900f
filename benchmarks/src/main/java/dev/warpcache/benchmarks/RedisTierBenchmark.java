package dev.warpcache.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.warpcache.CacheInfo;
import dev.warpcache.CachedFunction;
import dev.warpcache.WarpCache;
import dev.warpcache.redis.RedisTier;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A near cache in front of Redis ({@link RedisTier}) next to what Java teams use instead, on a
 * running Redis server: a memoized one-argument function over 64 preboxed {@link Integer} keys,
 * cycled by each thread, whose values are 100-character strings.
 *
 * <h2>{@code nearHit}: every call is answered in this JVM</h2>
 *
 * <ul>
 *   <li>{@code warp-cache}: {@code WarpCache.builder().name(..).maxSize(128).remote(tier)
 *       .memoize(f)}, every key in the near cache.
 *   <li>{@code memory}: the same without a tier, {@code WarpCache.builder().maxSize(128)
 *       .memoize(f)}: the memory backend's hit, what a near hit should cost.
 *   <li>{@code caffeine-redis}: a near cache as Spring teams write it by hand: a Caffeine {@code
 *       Cache} (statistics off, its default) whose {@code get(key, loader)} loader does a Lettuce
 *       {@code GET} and, when Redis has nothing, computes the value and {@code SET}s it. Nothing
 *       keeps the copies of several JVMs coherent. On a hit, Caffeine alone answers.
 *   <li>{@code redis}: a plain Redis cache (no near cache): every call is a {@code GET} of {@code
 *       <name>::<key>} and a decode of the UTF-8 value, as a Spring {@code RedisCache} does.
 * </ul>
 *
 * <h2>{@code remoteHit}: every call misses this JVM and hits Redis</h2>
 *
 * How near misses are made to happen on every call: the near caches hold <em>one</em> entry ({@code
 * maxSize(1)}; Caffeine {@code maximumSize(1)} with a same-thread executor, so that it evicts at
 * once rather than later on the common pool) while each thread cycles over the 64 keys, every one
 * of which is in Redis beforehand. So each call is what a remote hit really costs: the near lookup
 * that misses, the Redis round trip on loopback, decoding, storing the value in the near cache and
 * evicting another. The teardown prints how many calls did reach Redis (for warp-cache its
 * statistics: remote hits, near hits, function runs and remote errors; for Caffeine a count of its
 * loads), so that the claim can be checked in the log.
 *
 * <ul>
 *   <li>{@code warp-cache}: as above with {@code maxSize(1)}.
 *   <li>{@code lettuce-get}: the floor: a Lettuce synchronous {@code GET} of the very Redis keys
 *       that warp-cache wrote (found with {@code SCAN}), on a connection of its own, returning the
 *       bytes without decoding them.
 *   <li>{@code caffeine-redis}: the hand-written near cache above with {@code maximumSize(1)}.
 *   <li>{@code redis}: the plain Redis cache above (the same code as in {@code nearHit}).
 * </ul>
 *
 * <h2>The server</h2>
 *
 * The Redis URI comes from {@code -p redis=redis://127.0.0.1:PORT}, or else from the system
 * property {@value #URI_PROPERTY} of the forked JVM ({@code -jvmArgsAppend
 * -Dwarpcache.bench.redis=...}). {@code benchmarks/bench.sh --suites redis} starts a throwaway
 * server on 127.0.0.1 and a free port and passes it. Each fork first removes, then at its end
 * removes again, the keys it writes (its own cache names and prefixes only), so that a shared
 * server is left as it was found. Statistics are on in warp-cache (always) and off in Caffeine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedisTierBenchmark {

  /** The system property read when the {@code redis} parameter is empty. */
  public static final String URI_PROPERTY = "warpcache.bench.redis";

  /** warp-cache with a {@link RedisTier}: the near cache measured. */
  static final String WARP_CACHE = "warp-cache";

  /** warp-cache's memory backend, no tier: the reference of a near hit. */
  static final String MEMORY = "memory";

  /** Caffeine in front of Redis, written by hand. */
  static final String CAFFEINE_REDIS = "caffeine-redis";

  /** A plain Redis cache: a {@code GET} every call. */
  static final String REDIS = "redis";

  /** A bare Lettuce {@code GET} of warp-cache's own entries: the reference of a remote hit. */
  static final String LETTUCE_GET = "lettuce-get";

  /** Keys in the set: a power of two, so that the next key is an index mask away. */
  static final int KEYS = 64;

  private static final String NAME = "warp-bench-redis";
  private static final String CAFFEINE_PREFIX = "warp-bench-caffeine::";
  private static final String REDIS_PREFIX = "warp-bench-plain::";
  private static final Duration TIER_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration WRITES_SETTLE = Duration.ofSeconds(10);
  private static final String PADDING = "v".repeat(96);

  /** The function memoized: a 100-character string, computed only when no cache has the key. */
  private static final Function<Integer, String> VALUE = n -> PADDING + n;

  /** Creates the benchmark; JMH calls this. */
  public RedisTierBenchmark() {}

  /** The peers of {@code nearHit}, one per fork. */
  @State(Scope.Benchmark)
  public static class NearPeers {
    /** The peer measured in this fork. */
    @Param({WARP_CACHE, MEMORY, CAFFEINE_REDIS, REDIS})
    public String cache;

    /**
     * The Redis URI; empty to read the system property {@value RedisTierBenchmark#URI_PROPERTY}.
     */
    @Param({""})
    public String redis;

    Server server;
    Peer peer;

    /** Creates the state; JMH calls this. */
    public NearPeers() {}

    /** Connects and builds the peer, with every key in its near cache (and in Redis). */
    @Setup
    public void setup() {
      server = new Server(uri(redis));
      switch (cache) {
        case WARP_CACHE:
          peer = new WarpNear(server, 2 * KEYS);
          break;
        case MEMORY:
          peer = new WarpMemory();
          break;
        case CAFFEINE_REDIS:
          peer = new CaffeineRedis(server, 2 * KEYS, false);
          break;
        case REDIS:
          peer = new PlainRedis(server);
          break;
        default:
          throw new IllegalArgumentException("unknown cache for nearHit: " + cache);
      }
      peer.populate();
      System.out.printf("%n[setup] nearHit %s: %s%n", cache, peer.report());
    }

    /** Prints what the calls did, removes this fork's keys from Redis and disconnects. */
    @TearDown
    public void tearDown() {
      System.out.printf("%n[teardown] nearHit %s: %s%n", cache, peer.report());
      peer.close();
      server.close();
    }
  }

  /** The peers of {@code remoteHit}, one per fork. */
  @State(Scope.Benchmark)
  public static class RemotePeers {
    /** The peer measured in this fork. */
    @Param({WARP_CACHE, LETTUCE_GET, CAFFEINE_REDIS, REDIS})
    public String cache;

    /**
     * The Redis URI; empty to read the system property {@value RedisTierBenchmark#URI_PROPERTY}.
     */
    @Param({""})
    public String redis;

    Server server;
    Peer peer;

    /** Creates the state; JMH calls this. */
    public RemotePeers() {}

    /** Connects and builds the peer, with every key in Redis and (at most) one near entry. */
    @Setup
    public void setup() {
      server = new Server(uri(redis));
      switch (cache) {
        case WARP_CACHE:
          peer = new WarpNear(server, 1);
          break;
        case LETTUCE_GET:
          peer = new LettuceGet(server);
          break;
        case CAFFEINE_REDIS:
          peer = new CaffeineRedis(server, 1, true);
          break;
        case REDIS:
          peer = new PlainRedis(server);
          break;
        default:
          throw new IllegalArgumentException("unknown cache for remoteHit: " + cache);
      }
      peer.populate();
      System.out.printf("%n[setup] remoteHit %s: %s%n", cache, peer.report());
    }

    /** Prints what the calls did, removes this fork's keys from Redis and disconnects. */
    @TearDown
    public void tearDown() {
      System.out.printf("%n[teardown] remoteHit %s: %s%n", cache, peer.report());
      peer.close();
      server.close();
    }
  }

  /** Each thread's position in the key set, so that threads do not share a written field. */
  @State(Scope.Thread)
  public static class KeyCursor {
    int next;

    /** Creates a cursor at the start of the key set; JMH calls this. */
    public KeyCursor() {}

    int advance() {
      next = (next + 1) & (KEYS - 1);
      return next;
    }
  }

  /**
   * A call answered in this JVM (or, for {@code redis}, by a {@code GET}).
   *
   * @param peers the peer of this fork
   * @param cursor this thread's position in the key set
   * @return the value, for JMH to consume
   */
  @Benchmark
  public Object nearHit(NearPeers peers, KeyCursor cursor) {
    return peers.peer.get(cursor.advance());
  }

  /**
   * A call that misses this JVM and finds the value in Redis.
   *
   * @param peers the peer of this fork
   * @param cursor this thread's position in the key set
   * @return the value (bytes for {@code lettuce-get}), for JMH to consume
   */
  @Benchmark
  public Object remoteHit(RemotePeers peers, KeyCursor cursor) {
    return peers.peer.get(cursor.advance());
  }

  // ---------------------------------------------------------------- the server

  static String uri(String param) {
    return uri(param, "RedisTierBenchmark", "redis");
  }

  /**
   * The Redis URI of a benchmark: its {@code redis} parameter, else the system property {@value
   * #URI_PROPERTY}; fails with a message naming {@code benchmark} and the {@code bench.sh} suite
   * that starts a server when there is neither.
   */
  static String uri(String param, String benchmark, String suite) {
    String uri = param.isEmpty() ? System.getProperty(URI_PROPERTY, "") : param;
    if (uri.isEmpty()) {
      throw new IllegalStateException(
          benchmark
              + " needs a running Redis: pass -p redis=redis://127.0.0.1:PORT (or"
              + " -jvmArgsAppend -D"
              + URI_PROPERTY
              + "=...), or run benchmarks/bench.sh --suites "
              + suite
              + ", which starts one");
    }
    return uri;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The connections of one fork: a plain Lettuce connection, and a tier when a peer needs one. */
  static final class Server {
    final String uri;
    final RedisClient client;
    final StatefulRedisConnection<byte[], byte[]> connection;
    final RedisCommands<byte[], byte[]> commands;
    RedisTier tier;

    Server(String uri) {
      this.uri = uri;
      this.client = RedisClient.create(uri);
      this.connection = client.connect(ByteArrayCodec.INSTANCE);
      this.commands = connection.sync();
    }

    RedisTier tier() {
      if (tier == null) {
        tier = RedisTier.connect(uri, TIER_TIMEOUT);
      }
      return tier;
    }

    /** The Redis keys that match a glob pattern, by {@code SCAN}. */
    List<byte[]> keys(String pattern) {
      List<byte[]> keys = new ArrayList<>();
      ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1_000);
      KeyScanCursor<byte[]> cursor = commands.scan(args);
      keys.addAll(cursor.getKeys());
      while (!cursor.isFinished()) {
        cursor = commands.scan(ScanCursor.of(cursor.getCursor()), args);
        keys.addAll(cursor.getKeys());
      }
      return keys;
    }

    /** Removes the keys that match a glob pattern. */
    void delete(String pattern) {
      List<byte[]> keys = keys(pattern);
      if (!keys.isEmpty()) {
        commands.del(keys.toArray(new byte[0][]));
      }
    }

    /**
     * The Redis keys of warp-cache's entries of {@link #NAME}, once all {@link #KEYS} are written
     * (the near cache writes them without waiting); documented by {@link RedisTier}.
     */
    List<byte[]> warpKeys() {
      String pattern = "warp:v1:" + NAME + ":*";
      long deadline = System.nanoTime() + WRITES_SETTLE.toNanos();
      for (; ; ) {
        List<byte[]> keys = keys(pattern);
        if (keys.size() == KEYS) {
          return keys;
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "Redis holds " + keys.size() + " of the " + KEYS + " entries warp-cache wrote");
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }

    void close() {
      if (tier != null) {
        tier.close();
      }
      connection.close();
      client.shutdown();
    }
  }

  // ---------------------------------------------------------------- the peers

  static Integer[] keys() {
    Integer[] keys = new Integer[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = 1000 + i;
    }
    return keys;
  }

  /** One peer: a value by key index, with a setup and a report for the log. */
  abstract static class Peer {
    final Integer[] keys = keys();

    abstract Object get(int index);

    /** Fills the peer's caches (and Redis), so that the measured calls hit. */
    abstract void populate();

    abstract String report();

    /** Removes this peer's keys from Redis. */
    abstract void close();
  }

  /** warp-cache over the tier; every key goes to Redis while populating. */
  static final class WarpNear extends Peer {
    private final Server server;
    private final LongAdder runs = new LongAdder();
    private final CachedFunction<Integer, String> function;
    private CacheInfo atSetup;

    WarpNear(Server server, long maxSize) {
      this.server = server;
      this.function =
          WarpCache.builder()
              .name(NAME)
              .maxSize(maxSize)
              .remote(server.tier())
              .memoize(
                  (Integer n) -> {
                    runs.increment();
                    return VALUE.apply(n);
                  });
    }

    @Override
    String get(int index) {
      return function.apply(keys[index]);
    }

    @Override
    void populate() {
      function.cacheClear(); // a clean start: also removes the entries of the name from Redis
      for (Integer key : keys) {
        function.apply(key);
      }
      server.warpKeys(); // waits for the writes
      atSetup = function.cacheInfo();
    }

    @Override
    String report() {
      CacheInfo now = function.cacheInfo();
      if (atSetup == null) {
        return "function runs " + runs.sum() + ", " + now;
      }
      long hits = now.hits() - atSetup.hits();
      long remote = now.remoteHits() - atSetup.remoteHits();
      long runsSince = now.misses() - atSetup.misses();
      long calls = hits + runsSince;
      return String.format(
          "since setup: %d calls, %d near hits, %d remote hits (%.1f%% of calls reached Redis), %d"
              + " function runs, %d remote errors",
          calls,
          hits - remote,
          remote,
          calls == 0 ? 0.0 : 100.0 * remote / calls,
          runsSince,
          now.remoteErrors() - atSetup.remoteErrors());
    }

    @Override
    void close() {
      function.cacheClear();
    }
  }

  /** warp-cache's memory backend: no tier. */
  static final class WarpMemory extends Peer {
    private final CachedFunction<Integer, String> function =
        WarpCache.builder().maxSize(2 * KEYS).memoize(VALUE);

    @Override
    String get(int index) {
      return function.apply(keys[index]);
    }

    @Override
    void populate() {
      for (Integer key : keys) {
        function.apply(key);
      }
    }

    @Override
    String report() {
      return function.cacheInfo().toString();
    }

    @Override
    void close() {}
  }

  /**
   * A Caffeine cache in front of Redis as written by hand: on a miss, {@code GET}; if Redis has
   * nothing, compute and {@code SET}. Keys are {@code <prefix>::<key>} strings in UTF-8, values the
   * UTF-8 bytes of the string.
   */
  static final class CaffeineRedis extends Peer {
    private final Server server;
    private final com.github.benmanes.caffeine.cache.Cache<Integer, String> near;
    private final Function<Integer, String> loader;
    private final boolean counting;
    private final LongAdder calls = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder computed = new LongAdder();

    CaffeineRedis(Server server, long maximumSize, boolean counting) {
      this.server = server;
      this.counting = counting;
      Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(maximumSize);
      if (maximumSize < KEYS) {
        builder.executor(Runnable::run); // evict at once, on the caller's thread
      }
      this.near = builder.build();
      RedisCommands<byte[], byte[]> redis = server.commands;
      this.loader =
          key -> {
            loads.increment();
            byte[] redisKey = utf8(CAFFEINE_PREFIX + key);
            byte[] bytes = redis.get(redisKey);
            if (bytes != null) {
              return new String(bytes, StandardCharsets.UTF_8);
            }
            computed.increment();
            String value = VALUE.apply(key);
            redis.set(redisKey, utf8(value));
            return value;
          };
    }

    @Override
    String get(int index) {
      if (counting) {
        calls.increment();
      }
      return near.get(keys[index], loader);
    }

    @Override
    void populate() {
      server.delete(CAFFEINE_PREFIX + "*");
      for (Integer key : keys) {
        near.get(key, loader);
      }
      calls.reset();
      loads.reset();
      computed.reset();
    }

    @Override
    String report() {
      long loadsNow = loads.sum();
      if (!counting) {
        return "since setup: " + loadsNow + " loads (GETs), " + computed.sum() + " values computed";
      }
      long callsNow = calls.sum();
      return String.format(
          "since setup: %d calls, %d loads (%.1f%% of calls reached Redis), %d values computed",
          callsNow, loadsNow, callsNow == 0 ? 0.0 : 100.0 * loadsNow / callsNow, computed.sum());
    }

    @Override
    void close() {
      server.delete(CAFFEINE_PREFIX + "*");
    }
  }

  /** A plain Redis cache: {@code GET} every call; on a miss compute and {@code SET}. */
  static final class PlainRedis extends Peer {
    private final Server server;
    private final RedisCommands<byte[], byte[]> redis;
    private final LongAdder computed = new LongAdder();

    PlainRedis(Server server) {
      this.server = server;
      this.redis = server.commands;
    }

    @Override
    String get(int index) {
      Integer key = keys[index];
      byte[] redisKey = utf8(REDIS_PREFIX + key);
      byte[] bytes = redis.get(redisKey);
      if (bytes != null) {
        return new String(bytes, StandardCharsets.UTF_8);
      }
      computed.increment();
      String value = VALUE.apply(key);
      redis.set(redisKey, utf8(value));
      return value;
    }

    @Override
    void populate() {
      server.delete(REDIS_PREFIX + "*");
      for (int i = 0; i < KEYS; i++) {
        get(i);
      }
      computed.reset();
    }

    @Override
    String report() {
      return "since setup: " + computed.sum() + " values computed (0: every GET found its value)";
    }

    @Override
    void close() {
      server.delete(REDIS_PREFIX + "*");
    }
  }

  /** A bare {@code GET} of warp-cache's own Redis entries, on a connection of its own. */
  static final class LettuceGet extends Peer {
    private final Server server;
    private final WarpNear writer;
    private byte[][] redisKeys;
    private final LongAdder absent = new LongAdder();

    LettuceGet(Server server) {
      this.server = server;
      this.writer = new WarpNear(server, 1);
    }

    @Override
    byte[] get(int index) {
      return server.commands.get(redisKeys[index]);
    }

    @Override
    void populate() {
      writer.populate(); // warp-cache writes its entries, exactly as for remoteHit's warp-cache
      redisKeys = server.warpKeys().toArray(new byte[0][]);
      for (byte[] key : redisKeys) {
        if (server.commands.get(key) == null) {
          absent.increment();
        }
      }
    }

    @Override
    String report() {
      return redisKeys == null
          ? "no keys yet"
          : redisKeys.length + " of warp-cache's Redis keys, " + absent.sum() + " without a value";
    }

    @Override
    void close() {
      writer.close();
    }
  }
}
