package dev.warpcache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.RemoteTier.InvalidationListener;
import dev.warpcache.RemoteTier.Subscription;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures how long an invalidation takes from a writer's put to another tier's listener, with the
 * two tiers in one JVM and the Redis server on the same machine, and writes the figures to {@code
 * results/invalidation-latency.txt} in this module. Run on demand only:
 *
 * <pre>
 * ./mvnw -B -o -pl warp-cache-redis test -Dtest=InvalidationLatencyTest -Dwarp.redis.latency=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "warp.redis.latency", matches = "true")
// The subscription is opened in try-with-resources only to be closed: lint's "try" warns of that.
@SuppressWarnings("try")
class InvalidationLatencyTest {

  private static final int WARM_UP = 500;
  private static final int WRITES = 1_000;

  @Test
  void putToOtherTiersListener() throws Exception {
    BlockingQueue<long[]> received = new LinkedBlockingQueue<>();
    InvalidationListener listener =
        new InvalidationListener() {
          @Override
          public void invalidated(byte[] key) {
            received.add(new long[] {ByteBuffer.wrap(key).getLong(), System.nanoTime()});
          }

          @Override
          public void invalidatedAll() {}
        };
    long[] latencies = new long[WRITES];
    String redisVersion;
    try (RedisServer server = RedisServer.start();
        RedisTier writer = RedisTier.connect(server.uri());
        RedisTier reader = RedisTier.connect(server.uri());
        Subscription subscription = reader.subscribe("latency", listener)) {
      redisVersion = server.version();
      byte[] value = new byte[100];
      for (int i = 0; i < WARM_UP + WRITES; i++) {
        byte[] key = ByteBuffer.allocate(Long.BYTES).putLong(i).array();
        long start = System.nanoTime();
        writer.put("latency", key, value, null);
        long[] event = received.poll(5, TimeUnit.SECONDS);
        assertThat(event).as("invalidation " + i).isNotNull();
        assertThat(event[0]).isEqualTo(i);
        if (i >= WARM_UP) {
          latencies[i - WARM_UP] = event[1] - start;
        }
      }
    }
    Arrays.sort(latencies);
    String report =
        String.format(
            Locale.ROOT,
            "Invalidation latency: RedisTier.put on one tier -> InvalidationListener.invalidated on"
                + " another%n"
                + "(two RedisTier objects in one JVM, redis-server on 127.0.0.1, %d writes one at a"
                + " time after %d warm-up writes, 8-byte keys, 100-byte values)%n%n"
                + "median  %.3f ms%np90     %.3f ms%np99     %.3f ms%nmax     %.3f ms%n%n"
                + "Measured with:%n"
                + "  ./mvnw -B -o -pl warp-cache-redis test -Dtest=InvalidationLatencyTest"
                + " -Dwarp.redis.latency=true%n"
                + "Redis: %s%nJava: %s%nCPUs: %d%n",
            WRITES,
            WARM_UP,
            millis(latencies, 0.50),
            millis(latencies, 0.90),
            millis(latencies, 0.99),
            latencies[latencies.length - 1] / 1e6,
            redisVersion,
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors());
    Path results = Paths.get("results");
    Files.createDirectories(results);
    Files.writeString(results.resolve("invalidation-latency.txt"), report);
    System.out.print(report);
  }

  private static double millis(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }
}
