package dev.warpcache.benchmarks;

import dev.warpcache.Backend;
import dev.warpcache.ByteSink;
import dev.warpcache.Cache;
import dev.warpcache.WarpCache;
import dev.warpcache.internal.codec.TaggedCodec;
import dev.warpcache.internal.codec.XxHash64;
import dev.warpcache.internal.shm.SharedStore;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
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
 * Where the time of a shared-store hit goes, by experiment: the workload of {@link
 * SharedStoreBenchmark} ({@code long} keys, 100-byte values, every key present) through layers that
 * each add one step of the hit, over a few keys that stay in the CPU's caches ({@code
 * entries=1000}) and over the suite's 100,000 ({@code entries=100000}, 18 MB of slots). The
 * difference between two neighbours is the cost of the step the outer one adds:
 *
 * <ol>
 *   <li>{@code floor}: a seqlock-validated copy of 100 bytes out of a mapped file, as {@code
 *       SharedStoreBenchmark.floorHit}.
 *   <li>{@code encodeHash}: encode the key with the cache's codec and hash the bytes (no region).
 *   <li>{@code storePeek}: the same, then the store's read: probe, copy the value out under the
 *       seqlock; no statistics, no visited mark.
 *   <li>{@code storeGet}: the store's counted read: the hit counted in the region and the entry
 *       marked visited.
 *   <li>{@code cache}: the public {@code Cache.getIfPresent}: the thread's key buffer, the value
 *       decoded into the caller's {@code byte[]}.
 * </ol>
 *
 * <p>{@code storeMiss} is {@code storePeek} for keys that are not in the region.
 *
 * <p>Average time per call, in nanoseconds, one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SharedHitPathBenchmark {

  /** How many keys the region holds and the calls pick from, uniformly. */
  @Param({"1000", "100000"})
  public int entries;

  private final TaggedCodec codec = TaggedCodec.builder().build();
  private Path directory;
  private String name;
  private Cache<Long, byte[]> cache;
  private SharedStore store;
  private MappedByteBuffer floor;
  private FileChannel floorChannel;
  private Path floorFile;

  /** Creates the benchmark state; JMH calls this. */
  public SharedHitPathBenchmark() {}

  /** A thread's random keys and its own key buffer. */
  @State(Scope.Thread)
  public static class Keys {
    private final SplittableRandom random = new SplittableRandom();
    final ByteSink sink = new ByteSink(64, 16);

    /** Creates a thread's keys; JMH calls this. */
    public Keys() {}
  }

  /**
   * Fills one region through the public API and opens the same region as a bare store.
   *
   * @throws IOException if the files cannot be made
   */
  @Setup(Level.Trial)
  public void setup() throws IOException {
    directory = SharedStoreBenchmark.benchDirectory();
    name = "hitpath-" + ProcessHandle.current().pid();
    int maxValueSize = SharedStoreBenchmark.VALUE_BYTES + 16;
    cache =
        WarpCache.builder()
            .backend(Backend.SHARED)
            .name(name)
            .sharedDirectory(directory)
            .maxSize(entries)
            .maxKeySize(16)
            .maxValueSize(maxValueSize)
            .build();
    byte[] value = SharedStoreBenchmark.value();
    for (long key = 0; key < entries; key++) {
      cache.put(key, value);
    }
    store = SharedStore.open(directory, name, entries, 16, maxValueSize, 0);
    Keys probe = new Keys();
    if (storeGet(probe) == null || storePeek(probe) == null) {
      throw new IllegalStateException("the bare store does not find the cache's keys");
    }
    floorFile = Files.createTempFile(directory, "floor-", ".bin");
    floorChannel = FileChannel.open(floorFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
    floor = SharedStoreBenchmark.mapFloor(floorChannel, entries, value);
  }

  /**
   * Removes this run's files.
   *
   * @throws IOException if they cannot be removed
   */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    floorChannel.close();
    Files.deleteIfExists(floorFile);
    Files.deleteIfExists(directory.resolve(name + ".region"));
    Files.deleteIfExists(directory.resolve(name + ".lock"));
    try (var left = Files.list(directory)) {
      if (left.findAny().isEmpty()) {
        Files.deleteIfExists(directory);
      }
    }
  }

  /**
   * Step 1: the floor of any shared read.
   *
   * @param keys this thread's keys
   * @return the copy
   */
  @Benchmark
  public byte[] floor(Keys keys) {
    return SharedStoreBenchmark.floorRead(floor, keys.random.nextInt(entries));
  }

  /**
   * Step 2: encode and hash the key.
   *
   * @param keys this thread's keys
   * @return the hash
   */
  @Benchmark
  public long encodeHash(Keys keys) {
    ByteSink sink = encode(keys);
    return XxHash64.hash(sink.array(), 0, sink.size());
  }

  /**
   * Step 3: the store's uncounted read.
   *
   * @param keys this thread's keys
   * @return the value bytes
   */
  @Benchmark
  public byte[] storePeek(Keys keys) {
    ByteSink sink = encode(keys);
    return store.peek(sink.array(), sink.size(), XxHash64.hash(sink.array(), 0, sink.size()), 0);
  }

  /**
   * Step 4: the store's counted read.
   *
   * @param keys this thread's keys
   * @return the value bytes
   */
  @Benchmark
  public byte[] storeGet(Keys keys) {
    ByteSink sink = encode(keys);
    return store.get(sink.array(), sink.size(), XxHash64.hash(sink.array(), 0, sink.size()), 0);
  }

  /**
   * Beside the steps: the store's read of a key that is not there, which probes until an empty
   * bucket.
   *
   * @param keys this thread's keys
   * @return null
   */
  @Benchmark
  public byte[] storeMiss(Keys keys) {
    ByteSink sink = keys.sink.reset();
    codec.encode((long) entries + keys.random.nextInt(entries), sink);
    return store.peek(sink.array(), sink.size(), XxHash64.hash(sink.array(), 0, sink.size()), 0);
  }

  /**
   * Step 5: the public API.
   *
   * @param keys this thread's keys
   * @return the value
   */
  @Benchmark
  public byte[] cache(Keys keys) {
    return cache.getIfPresent((long) keys.random.nextInt(entries));
  }

  private ByteSink encode(Keys keys) {
    ByteSink sink = keys.sink.reset();
    codec.encode((long) keys.random.nextInt(entries), sink);
    return sink;
  }
}
