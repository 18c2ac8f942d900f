package dev.warpcache.benchmarks;

import dev.warpcache.Backend;
import dev.warpcache.Cache;
import dev.warpcache.WarpCache;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * The shared-memory backend on its own ground: {@code long} keys and 100-byte values over 100,000
 * prepopulated entries, read ({@code hit}) and overwritten ({@code overwrite}) through the public
 * {@link Cache} API, next to a floor that does only what any shared read must do ({@code floorHit}:
 * a seqlock-validated copy of 100 bytes out of a {@link MappedByteBuffer}, no hashing, no probing,
 * no codec). {@code readWhileWriting} runs one reader next to one writer on one region: every write
 * makes concurrent readers of the one seqlock retry, which is what striping would avoid. Run with
 * {@code -t 1} and {@code -t 2}; two processes on one region run two JMH JVMs at once with the same
 * {@code -p region=NAME}. {@link SharedStoreRedisBenchmark} does {@code hit} and {@code overwrite}
 * with the same keys and value on a Redis server, the peer of this suite.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SharedStoreBenchmark {

  static final int ENTRIES = 100_000;
  static final int VALUE_BYTES = 100;

  private static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final int FLOOR_SLOT = 128;

  /** The region's name; empty for a name of this JVM's own. */
  @Param({""})
  public String region;

  private Path directory;
  private String name;
  private Cache<Long, byte[]> cache;
  private byte[] value;
  private MappedByteBuffer floor;
  private FileChannel floorChannel;
  private Path floorFile;

  /** Creates the benchmark state; JMH calls this. */
  public SharedStoreBenchmark() {}

  /**
   * Opens the region and fills it with every key, and the floor's file.
   *
   * @throws IOException if the files cannot be made
   */
  @Setup(Level.Trial)
  public void setup() throws IOException {
    directory = benchDirectory();
    name = region.isEmpty() ? "bench-" + ProcessHandle.current().pid() : region;
    cache =
        WarpCache.builder()
            .backend(Backend.SHARED)
            .name(name)
            .sharedDirectory(directory)
            .maxSize(ENTRIES)
            .maxKeySize(16)
            .maxValueSize(VALUE_BYTES + 16)
            .build();
    value = value();
    for (long key = 0; key < ENTRIES; key++) {
      cache.put(key, value);
    }
    floorFile = Files.createTempFile(directory, "floor-", ".bin");
    floorChannel = FileChannel.open(floorFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
    floor = mapFloor(floorChannel, ENTRIES, value);
  }

  /** The value of every entry: 100 bytes, the same in every run and in the Redis peer. */
  static byte[] value() {
    byte[] value = new byte[VALUE_BYTES];
    new SplittableRandom(1).nextBytes(value);
    return value;
  }

  /**
   * The system property that names the directory for the shared-store suite's files (regions, the
   * floor's file, Chronicle Map's file), for example a tmpfs mounted with {@code huge=always}.
   */
  static final String DIRECTORY_PROPERTY = "warp.bench.dir";

  /**
   * The directory named by {@value #DIRECTORY_PROPERTY} if set, else {@code /dev/shm} when it is a
   * writable directory (tmpfs), else the temporary directory.
   */
  static Path tmpfsOrTemp() {
    String chosen = System.getProperty(DIRECTORY_PROPERTY);
    if (chosen != null) {
      Path dir = Path.of(chosen);
      if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
        throw new IllegalArgumentException(
            DIRECTORY_PROPERTY + "=" + chosen + " is not a writable directory");
      }
      return dir;
    }
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm
        : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** On tmpfs, as the backend's default, when there is one; one directory for every process. */
  static Path benchDirectory() throws IOException {
    Path dir = tmpfsOrTemp().resolve("warp-bench-" + System.getProperty("user.name"));
    Files.createDirectories(
        dir,
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    return dir;
  }

  /**
   * Removes this run's files.
   *
   * @throws IOException if they cannot be removed
   */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    floorChannel.close();
    Files.deleteIfExists(floorFile);
    if (region.isEmpty()) { // a region of this JVM's own; a named one may still be in use
      Files.deleteIfExists(directory.resolve(name + ".region"));
      Files.deleteIfExists(directory.resolve(name + ".lock"));
    }
    try (var left = Files.list(directory)) {
      if (left.findAny().isEmpty()) {
        Files.deleteIfExists(directory); // the last process out removes the directory
      }
    }
  }

  /** A thread's own stream of random keys. */
  @State(Scope.Thread)
  public static class Keys {
    private final SplittableRandom random = new SplittableRandom();

    /** Creates a thread's keys; JMH calls this. */
    public Keys() {}

    long next() {
      return random.nextInt(ENTRIES);
    }
  }

  /**
   * A hit through the public API: encode the key, hash it, probe, copy and decode the value.
   *
   * @param keys this thread's keys
   * @return the value
   */
  @Benchmark
  public byte[] hit(Keys keys) {
    return cache.getIfPresent(keys.next());
  }

  /**
   * An overwrite through the public API: the write lock of every process, a slot and the queue.
   *
   * @param keys this thread's keys
   */
  @Benchmark
  public void overwrite(Keys keys) {
    cache.put(keys.next(), value);
  }

  /**
   * The floor of a shared read: read a sequence, copy 100 bytes, check the sequence again.
   *
   * @param keys this thread's keys
   * @return the copy
   */
  @Benchmark
  public byte[] floorHit(Keys keys) {
    return floorRead(floor, (int) keys.next());
  }

  /**
   * Fills a floor file: a sequence word, then each of {@code entries} copies of {@code value} at
   * the start of a slot of its own.
   */
  static MappedByteBuffer mapFloor(FileChannel channel, int entries, byte[] value)
      throws IOException {
    MappedByteBuffer floor =
        channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) FLOOR_SLOT * (entries + 1));
    for (int i = 0; i < entries; i++) {
      floor.put(FLOOR_SLOT * (i + 1), value);
    }
    return floor;
  }

  /** The floor's read of entry {@code index}: sequence, copy, sequence again. */
  static byte[] floorRead(MappedByteBuffer floor, int index) {
    int offset = FLOOR_SLOT * (index + 1);
    for (; ; ) {
      long sequence = (long) LONGS.getAcquire(floor, 0);
      byte[] copy = new byte[VALUE_BYTES];
      floor.get(offset, copy);
      VarHandle.acquireFence();
      if ((sequence & 1) == 0 && (long) LONGS.getVolatile(floor, 0) == sequence) {
        return copy;
      }
    }
  }

  /**
   * The reader of a reader-writer pair on one region.
   *
   * @param keys this thread's keys
   * @return the value
   */
  @Benchmark
  @Group("readWhileWriting")
  @GroupThreads(1)
  public byte[] reader(Keys keys) {
    return cache.getIfPresent(keys.next());
  }

  /**
   * The writer of a reader-writer pair on one region.
   *
   * @param keys this thread's keys
   */
  @Benchmark
  @Group("readWhileWriting")
  @GroupThreads(1)
  public void writer(Keys keys) {
    cache.put(keys.next(), value);
  }
}
