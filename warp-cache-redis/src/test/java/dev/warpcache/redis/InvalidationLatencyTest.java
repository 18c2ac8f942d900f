package dev.warpcache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.RemoteTier.InvalidationListener;
import dev.warpcache.RemoteTier.Subscription;
import dev.warpcache.redis.internal.KeyLayout;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures how long an invalidation takes from a write to another client's notification, with the
 * clients in one JVM and the Redis server on the same machine, and writes the figures to {@code
 * results/invalidation-latency.txt} in this module. Two routes are measured on the same server,
 * with the same key and value sizes and the same counts:
 *
 * <ul>
 *   <li>pub/sub, the tier's own: {@link RedisTier#put} on one tier to {@link
 *       InvalidationListener#invalidated} on another;
 *   <li>server-assisted client-side caching, the alternative that the Javadoc of {@link RedisTier}
 *       turns down: a plain {@code SET} of the Redis key that {@code put} writes, on a connection
 *       of its own, to the {@code invalidate} push message on a RESP3 connection with {@code CLIENT
 *       TRACKING on BCAST PREFIX warp:v1:<name>:}.
 * </ul>
 *
 * The writer's side is measured too: how long {@link RedisTier#put} ({@code SET} and {@code
 * PUBLISH}, pipelined) and the plain {@code SET} take until their futures complete.
 *
 * <p>Both routes are warmed up first, then measured in alternating blocks, so that neither gains
 * from running second (the JIT has compiled more of the shared client code by then) nor suffers
 * more from the load of other processes. Every write is of a new key. Tracking is switched off
 * while pub/sub is measured, so that its connection does not receive the tier's writes. Run on
 * demand only:
 *
 * <pre>
 * ./mvnw -B -o -pl warp-cache-redis test -Dtest=InvalidationLatencyTest -Dwarp.redis.latency=true
 * </pre>
 *
 * The lines after "Load average" in the results file (what else ran, and the reading of the
 * figures) are written by hand after a run: running this test again replaces the file.
 */
@EnabledIfSystemProperty(named = "warp.redis.latency", matches = "true")
// Resources are opened in try-with-resources only to be closed: lint's "try" warns of that.
@SuppressWarnings("try")
class InvalidationLatencyTest {

  private static final int WARM_UP = 500;
  private static final int WRITES = 1_000;
  private static final int BLOCK = 100;
  private static final int VALUE_BYTES = 100;
  private static final String CACHE = "latency";
  private static final long WAIT_SECONDS = 5;

  @Test
  void pubSubAndClientTracking() throws Exception {
    String load = loadAverage();
    String redisVersion;
    Samples pubSubSamples = new Samples();
    Samples trackingSamples = new Samples();
    try (RedisServer server = RedisServer.start();
        PubSubRoute pubSub = new PubSubRoute(server);
        TrackingRoute tracking = new TrackingRoute(server)) {
      redisVersion = server.version();
      long key = 0;
      key = measure(pubSub, key, WARM_UP, null);
      key = measure(tracking, key, WARM_UP, null);
      for (int block = 0; block < WRITES / BLOCK; block++) {
        key = measure(pubSub, key, BLOCK, pubSubSamples);
        key = measure(tracking, key, BLOCK, trackingSamples);
      }
    }
    long[] pubSubLatencies = pubSubSamples.sorted(pubSubSamples.latencies);
    long[] trackingLatencies = trackingSamples.sorted(trackingSamples.latencies);
    String report =
        String.format(
                Locale.ROOT,
                "Invalidation latency, from just before the write on one client to the"
                    + " notification on another%n"
                    + "(clients in one JVM, redis-server on 127.0.0.1, 8-byte keys, %d-byte values;"
                    + " per route %d warm-up writes, then %d writes one at a time, each of a new"
                    + " key; the measured writes in alternating blocks of %d, pub/sub then"
                    + " tracking, tracking switched off during the pub/sub blocks)%n%n",
                VALUE_BYTES,
                WARM_UP,
                WRITES,
                BLOCK)
            + "Pub/sub (what RedisTier does): RedisTier.put on one tier ->"
            + " InvalidationListener.invalidated on another\n"
            + table(pubSubLatencies)
            + "\nClient tracking (RESP3, CLIENT TRACKING on BCAST PREFIX warp:v1:"
            + CACHE
            + ":): plain SET of the same Redis key on its own connection -> invalidate push"
            + " message on another connection\n"
            + table(trackingLatencies)
            + String.format(
                Locale.ROOT,
                "%nWriter's cost, median time until the write's future completed, same writes:%n"
                    + "RedisTier.put (SET + PUBLISH, pipelined)  %.3f ms%n"
                    + "plain SET on its own connection           %.3f ms%n%n"
                    + "Measured with:%n"
                    + "  ./mvnw -B -o -pl warp-cache-redis test -Dtest=InvalidationLatencyTest"
                    + " -Dwarp.redis.latency=true%n"
                    + "Redis: %s%nJava: %s%nCPUs: %d%nLoad average before the run: %s%n",
                millis(pubSubSamples.sorted(pubSubSamples.writes), 0.50),
                millis(trackingSamples.sorted(trackingSamples.writes), 0.50),
                redisVersion,
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                load);
    Path results = Paths.get("results");
    Files.createDirectories(results);
    Files.writeString(results.resolve("invalidation-latency.txt"), report);
    System.out.print(report);
  }

  /**
   * Writes {@code count} new keys through a route, one at a time, each once the invalidation of the
   * one before has been received, and adds to {@code samples}, unless null, the time from just
   * before each write to its invalidation and to the completion of the write.
   *
   * @return the number of the next key
   */
  private static long measure(Route route, long firstKey, int count, Samples samples)
      throws Exception {
    route.begin();
    byte[] value = new byte[VALUE_BYTES];
    for (long i = firstKey; i < firstKey + count; i++) {
      byte[] key = ByteBuffer.allocate(Long.BYTES).putLong(i).array();
      long start = System.nanoTime();
      route.write(key, value);
      long written = System.nanoTime();
      long[] event = route.received().poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(event).as("invalidation of key " + i).isNotNull();
      assertThat(event[0]).as("invalidated key").isEqualTo(i);
      if (samples != null) {
        samples.add(event[1] - start, written - start);
      }
    }
    route.end();
    assertThat(route.received()).as("unexpected invalidations").isEmpty();
    return firstKey + count;
  }

  private static String table(long[] sorted) {
    return String.format(
        Locale.ROOT,
        "median  %.3f ms%np90     %.3f ms%np99     %.3f ms%nmax     %.3f ms%n",
        millis(sorted, 0.50),
        millis(sorted, 0.90),
        millis(sorted, 0.99),
        sorted[sorted.length - 1] / 1e6);
  }

  private static double millis(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Paths.get("/proc/loadavg")).trim().split(" ");
      return String.join(" ", fields[0], fields[1], fields[2]) + " (1, 5, 15 min)";
    } catch (Exception e) {
      return "unknown";
    }
  }

  /** A way for a write to reach another client as an invalidation. */
  private interface Route extends AutoCloseable {
    /** Before a block of writes. */
    void begin() throws Exception;

    /** Writes an encoded key of the cache and returns once the write has completed. */
    void write(byte[] key, byte[] value) throws Exception;

    /** After a block of writes, once every invalidation has been received. */
    void end() throws Exception;

    /** Where the listening side adds {number of the key, System.nanoTime()} per invalidation. */
    BlockingQueue<long[]> received();

    @Override
    void close();
  }

  /** Pub/sub: a put on one tier, heard by the listener of another. */
  private static final class PubSubRoute implements Route {
    private final BlockingQueue<long[]> received = new LinkedBlockingQueue<>();
    private final RedisTier writer;
    private final RedisTier reader;
    private final Subscription subscription;

    PubSubRoute(RedisServer server) {
      writer = RedisTier.connect(server.uri());
      reader = RedisTier.connect(server.uri());
      subscription =
          reader.subscribe(
              CACHE,
              new InvalidationListener() {
                @Override
                public void invalidated(byte[] key) {
                  received.add(new long[] {ByteBuffer.wrap(key).getLong(), System.nanoTime()});
                }

                @Override
                public void invalidatedAll() {}
              });
    }

    @Override
    public void begin() {}

    @Override
    public void write(byte[] key, byte[] value) throws Exception {
      writer.put(CACHE, key, value, null).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void end() {}

    @Override
    public BlockingQueue<long[]> received() {
      return received;
    }

    @Override
    public void close() {
      subscription.close();
      reader.close();
      writer.close();
    }
  }

  /**
   * Client tracking: a plain {@code SET} of the Redis key that {@link RedisTier#put} writes, heard
   * as an {@code invalidate} push message by a RESP3 connection tracking the cache's prefix in
   * BCAST mode. Tracking is on only between {@link #begin()} and {@link #end()}.
   */
  private static final class TrackingRoute implements Route {
    private final BlockingQueue<long[]> received = new LinkedBlockingQueue<>();
    private final KeyLayout layout = KeyLayout.of(CACHE);
    private final byte[] prefix = layout.prefix();
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> tracked;
    private final StatefulRedisConnection<byte[], byte[]> writer;
    private final RedisAsyncCommands<byte[], byte[]> commands;

    TrackingRoute(RedisServer server) {
      client = RedisClient.create(RedisURI.create(server.uri()));
      try {
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        tracked = client.connect(ByteArrayCodec.INSTANCE);
        writer = client.connect(ByteArrayCodec.INSTANCE);
      } catch (RuntimeException e) {
        client.shutdown();
        throw e;
      }
      commands = writer.async();
      tracked.addListener((PushMessage message) -> pushed(message, System.nanoTime()));
    }

    private void pushed(PushMessage message, long now) {
      if (!"invalidate".equals(message.getType())) {
        return;
      }
      // ["invalidate", [key, ...]], or ["invalidate", null] when the server was flushed.
      Object keys = message.getContent(TrackingRoute::copy).get(1);
      if (keys instanceof List<?> list) {
        for (Object redisKey : list) {
          received.add(new long[] {keyNumber((byte[]) redisKey), now});
        }
      }
    }

    @Override
    public void begin() {
      TrackingArgs on =
          TrackingArgs.Builder.enabled()
              .bcast()
              .prefixes(StandardCharsets.UTF_8, new String(prefix, StandardCharsets.UTF_8));
      assertThat(tracked.sync().clientTracking(on)).isEqualTo("OK");
    }

    @Override
    public void write(byte[] key, byte[] value) throws Exception {
      commands.set(layout.key(key), value).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void end() {
      assertThat(tracked.sync().clientTracking(TrackingArgs.Builder.enabled(false)))
          .isEqualTo("OK");
    }

    @Override
    public BlockingQueue<long[]> received() {
      return received;
    }

    @Override
    public void close() {
      tracked.close();
      writer.close();
      client.shutdown();
    }

    private static Object copy(ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    }

    /** The number of the test's key in a Redis key of the cache; -1 if it is not one. */
    private long keyNumber(byte[] redisKey) {
      if (redisKey.length != prefix.length + Long.BYTES
          || !Arrays.equals(redisKey, 0, prefix.length, prefix, 0, prefix.length)) {
        return -1;
      }
      return ByteBuffer.wrap(redisKey, prefix.length, Long.BYTES).getLong();
    }
  }

  /** The times, in nanoseconds, of the measured writes of one route. */
  private static final class Samples {
    final long[] latencies = new long[WRITES];
    final long[] writes = new long[WRITES];
    private int size;

    void add(long latency, long write) {
      latencies[size] = latency;
      writes[size] = write;
      size++;
    }

    long[] sorted(long[] times) {
      assertThat(size).isEqualTo(WRITES);
      long[] sorted = times.clone();
      Arrays.sort(sorted);
      return sorted;
    }
  }
}
