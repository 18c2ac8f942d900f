package dev.warpcache.benchmarks;

import dev.warpcache.RemoteTier;
import dev.warpcache.redis.RedisTier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The invalidation latency of the Redis tier between two JVMs: this process writes keys one at a
 * time through a {@link RedisTier}, a child JVM listens on another one, and each latency is the
 * child's time of receipt minus the writer's time just before its {@code put}. Both read {@link
 * System#nanoTime()}, which on Linux is {@code CLOCK_MONOTONIC}: one clock for every process of the
 * host, so the two readings compare.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.warpcache.benchmarks.InvalidationLatency REDIS_URI
 * [WRITES [WARMUP]]}; {@code bench.sh --suites redis} runs it after the JMH benchmarks, against the
 * same throwaway server.
 */
public final class InvalidationLatency {
  private static final String CACHE = "latency-2jvm";
  private static final byte[] VALUE = new byte[100];

  private InvalidationLatency() {}

  /**
   * Measures, or listens when the first argument is {@code --listen}.
   *
   * @param args the Redis URI, the measured writes (1,000) and the warm-up writes (500); or {@code
   *     --listen}, the URI and the number of writes to wait for
   * @throws Exception if the child cannot be started or the measurement fails
   */
  public static void main(String[] args) throws Exception {
    if (args[0].equals("--listen")) {
      listen(args[1], Integer.parseInt(args[2]));
      return;
    }
    String uri = args[0];
    int writes = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int total = warmup + writes;
    Process child =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    InvalidationLatency.class.getName(),
                    "--listen",
                    uri,
                    Integer.toString(total)))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        RedisTier tier = RedisTier.connect(uri, Duration.ofSeconds(2))) {
      String ready = in.readLine();
      if (!"ready".equals(ready)) {
        throw new IllegalStateException("the listening JVM said " + ready);
      }
      long[] sent = new long[total];
      for (int i = 0; i < total; i++) {
        sent[i] = System.nanoTime();
        tier.put(CACHE, key(i), VALUE, null).get(10, TimeUnit.SECONDS);
      }
      long[] latencies = new long[writes];
      int received = 0;
      for (String line; (line = in.readLine()) != null; ) {
        String[] fields = line.split(" ");
        int i = Integer.parseInt(fields[0]);
        if (i >= warmup) {
          latencies[received++] = Long.parseLong(fields[1]) - sent[i];
        }
      }
      if (!child.waitFor(30, TimeUnit.SECONDS) || child.exitValue() != 0) {
        throw new IllegalStateException("the listening JVM failed");
      }
      report(Arrays.copyOf(latencies, received), writes, warmup);
    } finally {
      child.destroyForcibly();
    }
  }

  private static void report(long[] latencies, int writes, int warmup) {
    Arrays.sort(latencies);
    System.out.printf(
        Locale.ROOT,
        "Invalidation latency between two JVMs: RedisTier.put in one, the listener of another"
            + " RedisTier in a child JVM; %d of %d writes received, one at a time after %d"
            + " warm-up writes, 4-byte keys, 100-byte values%n",
        latencies.length,
        writes,
        warmup);
    for (double p : new double[] {0.5, 0.9, 0.99, 1.0}) {
      long nanos = latencies.length == 0 ? 0 : latencies[(int) Math.ceil(p * latencies.length) - 1];
      System.out.printf(
          Locale.ROOT, "%-7s %.3f ms%n", p == 1.0 ? "max" : "p" + Math.round(p * 100), nanos / 1e6);
    }
  }

  /** The child: subscribes, says so, and prints "index receipt-nanos" per invalidation. */
  // The subscription is a try resource only to be closed: lint's "try" warns of that.
  @SuppressWarnings("try")
  private static void listen(String uri, int total) throws Exception {
    long[] received = new long[total];
    CountDownLatch all = new CountDownLatch(total);
    try (RedisTier tier = RedisTier.connect(uri, Duration.ofSeconds(2));
        RemoteTier.Subscription subscription =
            tier.subscribe(
                CACHE,
                new RemoteTier.InvalidationListener() {
                  @Override
                  public void invalidated(byte[] key) {
                    int i = ByteBuffer.wrap(key).getInt();
                    if (received[i] == 0) {
                      received[i] = System.nanoTime();
                      all.countDown();
                    }
                  }

                  @Override
                  public void invalidatedAll() {}
                })) {
      Thread.sleep(200); // let the SUBSCRIBE reach the server before the writer starts
      System.out.println("ready");
      System.out.flush();
      all.await(60, TimeUnit.SECONDS);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < total; i++) {
      if (received[i] != 0) {
        out.append(i).append(' ').append(received[i]).append('\n');
      }
    }
    System.out.print(out);
    System.out.flush();
  }

  private static byte[] key(int i) {
    return ByteBuffer.allocate(4).putInt(i).array();
  }
}
