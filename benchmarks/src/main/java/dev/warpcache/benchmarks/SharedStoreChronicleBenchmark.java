package dev.warpcache.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Chronicle Map as a peer of {@link SharedStoreBenchmark}: an off-heap hash map persisted to a
 * memory-mapped file, which other processes can open too. The same {@code long} keys 0 to 99,999
 * (as {@link Long}), the same 100-byte value, all prepopulated, read ({@code hit}) and overwritten
 * ({@code overwrite}) with the same modes, units and timings and the same stream of keys per thread
 * ({@link SharedStoreBenchmark.Keys}), so that the two suites' scores compare directly.
 *
 * <p>The map is made by {@link ChronicleMapBuilder} for 100,000 entries of a constant value size
 * (100 bytes, by sample), persisted to {@code /dev/shm/warp-bench-chronicle-<pid>-<random>.cm3}
 * (the temporary directory where there is no {@code /dev/shm}): one file of each fork's own, closed
 * and deleted in the teardown. The setup checks that reads return the value written, into the array
 * they were given.
 *
 * <ul>
 *   <li>{@code hit}: {@link ChronicleMap#get}, which returns a new {@code byte[]} per call, as the
 *       shared store's {@code hit} ({@code Cache.getIfPresent}) does: the like-for-like read, and
 *       the one the target compares with.
 *   <li>{@code hitInto}: {@link ChronicleMap#getUsing} into a {@code byte[]} of the thread's own,
 *       which Chronicle's {@code byte[]} reader reuses when its length is the value's: the read
 *       copies 100 bytes and allocates nothing but the key's {@link Long} box (24 B per call by
 *       {@code -prof gc}). Chronicle's fastest read; the shared store has no such call.
 *   <li>{@code overwrite}: {@link ChronicleMap#put} with {@code putReturnsNull(true)}, so that it
 *       does not copy out the previous value (as {@code Cache.put} returns nothing). It still
 *       allocates about 200 B per call inside Chronicle, and computes the entry's checksum (on by
 *       default for a persisted map).
 * </ul>
 *
 * <p>Chronicle needs these JVM options on JDK 17, which {@link Fork#jvmArgsAppend} gives every
 * fork, so that {@code java -jar benchmarks/target/benchmarks.jar SharedStoreChronicleBenchmark}
 * works as it is. They are the smallest set with which the setup neither fails nor logs a warning
 * or a fallback:
 *
 * <ul>
 *   <li>{@code --add-opens=java.base/java.lang=ALL-UNNAMED} and {@code
 *       --add-opens=java.base/java.lang.reflect=ALL-UNNAMED}: Chronicle's reflection (without them
 *       the class initialization of {@code net.openhft.chronicle.core.Jvm} fails);
 *   <li>{@code --add-exports=java.base/sun.nio.ch=ALL-UNNAMED}: its memory mapping ({@code
 *       net.openhft.chronicle.core.OS} does not initialize without it);
 *   <li>{@code --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED}: it compiles
 *       classes at run time (so the JVM must be a JDK's, with {@code jdk.compiler});
 *   <li>{@code --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED}: its buffer cleaner (without
 *       it, a warning);
 *   <li>{@code --add-exports=java.base/jdk.internal.util=ALL-UNNAMED}: {@code
 *       ArraysSupport.vectorizedMismatch}, for comparing bytes (without it, a slower fallback).
 * </ul>
 *
 * <p>A {@code -jvmArgsAppend} on JMH's command line replaces these: repeat them in it. Chronicle's
 * usage reports (chronicle-analytics) are left out of the jar by the module's POM. Chronicle logs
 * through SLF4J, which has no binding in the jar: its log is dropped (one SLF4J notice at the
 * start).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED"
    })
public class SharedStoreChronicleBenchmark {

  private Path file;
  private ChronicleMap<Long, byte[]> map;
  private byte[] value;

  /** Creates the benchmark state; JMH calls this. */
  public SharedStoreChronicleBenchmark() {}

  /**
   * Creates the map's file and writes every key, then checks that a read returns the value.
   *
   * @throws IOException if the map's file cannot be made
   */
  @Setup(Level.Trial)
  public void setup() throws IOException {
    value = SharedStoreBenchmark.value();
    file = // on tmpfs when there is one, as the shared store's region
        SharedStoreBenchmark.tmpfsOrTemp()
            .resolve(
                String.format(
                    "warp-bench-chronicle-%d-%016x.cm3",
                    ProcessHandle.current().pid(), ThreadLocalRandom.current().nextLong()));
    try {
      map =
          ChronicleMapBuilder.of(Long.class, byte[].class)
              .name("warp-bench-chronicle")
              .entries(SharedStoreBenchmark.ENTRIES)
              .constantValueSizeBySample(value)
              .putReturnsNull(true)
              .createPersistedTo(file.toFile());
      for (long key = 0; key < SharedStoreBenchmark.ENTRIES; key++) {
        map.put(key, value);
      }
      byte[] read = new byte[SharedStoreBenchmark.VALUE_BYTES];
      for (long key : new long[] {0, SharedStoreBenchmark.ENTRIES - 1}) {
        if (!Arrays.equals(map.get(key), value)) {
          throw new IllegalStateException(
              "Chronicle Map does not return the value just written for key " + key);
        }
        byte[] got = map.getUsing(key, read);
        if (!Arrays.equals(got, value)) {
          throw new IllegalStateException(
              "Chronicle Map does not return the value just written for key " + key);
        }
        if (got != read) { // hit would allocate a new array on every call
          throw new IllegalStateException("Chronicle Map's getUsing does not reuse the holder");
        }
      }
      if (map.size() != SharedStoreBenchmark.ENTRIES) {
        throw new IllegalStateException(
            "Chronicle Map holds " + map.size() + " entries, not " + SharedStoreBenchmark.ENTRIES);
      }
    } catch (IOException | RuntimeException e) {
      try {
        tearDown(); // JMH does not tear down a failed setup: remove the file
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    System.out.printf(
        "%n[setup] %d keys written to %s (%d bytes)%n", map.size(), file, Files.size(file));
  }

  /**
   * Closes the map and deletes its file.
   *
   * @throws IOException if the file cannot be deleted
   */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (map != null) {
      map.close();
      map = null;
    }
    if (file != null && Files.deleteIfExists(file)) {
      System.out.printf("%n[teardown] %s deleted%n", file);
    }
  }

  /** A thread's own value holder, which every read of the thread copies into. */
  @State(Scope.Thread)
  public static class Holder {
    private final byte[] bytes = new byte[SharedStoreBenchmark.VALUE_BYTES];

    /** Creates a thread's holder; JMH calls this. */
    public Holder() {}
  }

  /**
   * A {@code get} of a prepopulated key: a new array per call, like the shared store's hit.
   *
   * @param keys this thread's keys (the shared store's, so the same stream)
   * @return the value
   */
  @Benchmark
  public byte[] hit(SharedStoreBenchmark.Keys keys) {
    return map.get(keys.next());
  }

  /**
   * A {@code getUsing} of a prepopulated key into the thread's holder.
   *
   * @param keys this thread's keys (the shared store's, so the same stream)
   * @param holder this thread's value holder
   * @return the value, in the holder
   */
  @Benchmark
  public byte[] hitInto(SharedStoreBenchmark.Keys keys, Holder holder) {
    return map.getUsing(keys.next(), holder.bytes);
  }

  /**
   * A {@code put} of a prepopulated key to the same value.
   *
   * @param keys this thread's keys
   */
  @Benchmark
  public void overwrite(SharedStoreBenchmark.Keys keys) {
    map.put(keys.next(), value);
  }
}
