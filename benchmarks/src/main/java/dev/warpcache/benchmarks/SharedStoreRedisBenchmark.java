package dev.warpcache.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Redis as the peer of {@link SharedStoreBenchmark}: the same {@code long} keys 0 to 99,999, the
 * same 100-byte value, all prepopulated, read ({@code hit}: a Lettuce synchronous {@code GET}
 * returning the bytes, no decoding) and overwritten ({@code overwrite}: {@code SET}) on a running
 * Redis server, with the same modes, units and timings, so that the two suites' scores compare
 * directly. Every thread of a fork shares one connection, as Lettuce connections are meant to be
 * shared.
 *
 * <p>A key is {@code warp-bench-shm:<pid>:<key>} in UTF-8, made once in the setup: a call sends a
 * ready key, where the shared store encodes its {@code long} on every call, so the comparison, if
 * anything, favours Redis. The prefix is this JVM's own; the teardown deletes its keys (and only
 * them).
 *
 * <p>The Redis URI comes from {@code -p redis=redis://127.0.0.1:PORT}, or else from the system
 * property {@value RedisTierBenchmark#URI_PROPERTY} of the forked JVM ({@code -jvmArgsAppend
 * -Dwarpcache.bench.redis=...}). {@code benchmarks/bench.sh --suites shm} starts a throwaway server
 * on 127.0.0.1 and a free port and passes it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SharedStoreRedisBenchmark {

  /** Keys written by one {@code MSET} or deleted by one {@code DEL}. */
  private static final int BATCH = 1_000;

  /** The Redis URI; empty to read the system property {@value RedisTierBenchmark#URI_PROPERTY}. */
  @Param({""})
  public String redis;

  private RedisClient client;
  private StatefulRedisConnection<byte[], byte[]> connection;
  private RedisCommands<byte[], byte[]> commands;
  private byte[][] keys;
  private byte[] value;

  /** Creates the benchmark state; JMH calls this. */
  public SharedStoreRedisBenchmark() {}

  /** Connects and writes every key, then checks that Redis returns the value. */
  @Setup(Level.Trial)
  public void setup() {
    String uri = RedisTierBenchmark.uri(redis, "SharedStoreRedisBenchmark", "shm");
    value = SharedStoreBenchmark.value();
    String prefix = "warp-bench-shm:" + ProcessHandle.current().pid() + ":";
    keys = new byte[SharedStoreBenchmark.ENTRIES][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = RedisTierBenchmark.utf8(prefix + i);
    }
    client = RedisClient.create(uri);
    connection = client.connect(ByteArrayCodec.INSTANCE);
    commands = connection.sync();
    try {
      for (int from = 0; from < keys.length; from += BATCH) {
        Map<byte[], byte[]> batch = new LinkedHashMap<>();
        for (int i = from; i < Math.min(from + BATCH, keys.length); i++) {
          batch.put(keys[i], value);
        }
        commands.mset(batch);
      }
      for (byte[] key : new byte[][] {keys[0], keys[keys.length - 1]}) {
        if (!Arrays.equals(commands.get(key), value)) {
          throw new IllegalStateException(
              "Redis does not return the value just written for "
                  + new String(key, StandardCharsets.UTF_8));
        }
      }
    } catch (RuntimeException e) {
      try {
        tearDown(); // JMH does not tear down a failed setup: remove what was written
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    System.out.printf(
        "%n[setup] %d keys %s0 to %s%d written%n", keys.length, prefix, prefix, keys.length - 1);
  }

  /** Deletes this JVM's keys and disconnects. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (commands != null) {
      long deleted = 0;
      for (int from = 0; from < keys.length; from += BATCH) {
        deleted +=
            commands.del(Arrays.copyOfRange(keys, from, Math.min(from + BATCH, keys.length)));
      }
      System.out.printf("%n[teardown] %d keys deleted%n", deleted);
    }
    if (connection != null) {
      connection.close();
    }
    if (client != null) {
      client.shutdown();
    }
  }

  /**
   * A {@code GET} of a prepopulated key.
   *
   * @param keys this thread's keys (the shared store's, so the same stream)
   * @return the value
   */
  @Benchmark
  public byte[] hit(SharedStoreBenchmark.Keys keys) {
    return commands.get(this.keys[(int) keys.next()]);
  }

  /**
   * A {@code SET} of a prepopulated key to the same value.
   *
   * @param keys this thread's keys
   * @return Redis's reply
   */
  @Benchmark
  public String overwrite(SharedStoreBenchmark.Keys keys) {
    return commands.set(this.keys[(int) keys.next()], value);
  }
}
