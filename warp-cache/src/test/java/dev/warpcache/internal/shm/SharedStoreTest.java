package dev.warpcache.internal.shm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared store in one process: storage, SIEVE, TTL, limits, files and parameters. */
class SharedStoreTest {

  @TempDir Path home;

  private Path dir() {
    return home.resolve("warp_cache-test");
  }

  private SharedStore open(String name, int maxSize) throws IOException {
    return SharedStore.open(dir(), name, maxSize, 64, 256, 0);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static long hash(String s) {
    return s.hashCode() * 0x9E3779B97F4A7C15L; // any fixed hash will do for these tests
  }

  private static boolean put(SharedStore store, String key, String value) {
    byte[] k = bytes(key);
    byte[] v = bytes(value);
    return store.put(k, k.length, hash(key), v, v.length, System.nanoTime());
  }

  private static String get(SharedStore store, String key, long now) {
    byte[] k = bytes(key);
    byte[] v = store.get(k, k.length, hash(key), now);
    return v == null ? null : new String(v, UTF_8);
  }

  private static String get(SharedStore store, String key) {
    return get(store, key, System.nanoTime());
  }

  @Test
  void storesAndFindsValuesAndCountsHitsAndMisses() throws IOException {
    try (SharedStore store = open("basic", 8)) {
      assertThat(get(store, "a")).isNull();
      assertThat(put(store, "a", "1")).isTrue();
      assertThat(put(store, "b", "2")).isTrue();
      assertThat(get(store, "a")).isEqualTo("1");
      assertThat(get(store, "b")).isEqualTo("2");
      assertThat(put(store, "a", "one")).isTrue();
      assertThat(get(store, "a")).isEqualTo("one");

      SharedStore.Stats stats = store.stats();
      assertThat(stats.hits()).isEqualTo(3);
      assertThat(stats.misses()).isEqualTo(1);
      assertThat(stats.size()).isEqualTo(2);
      assertThat(stats.lastWriterPid()).isEqualTo(ProcessHandle.current().pid());

      byte[] a = bytes("a");
      assertThat(store.remove(a, a.length, hash("a"))).isTrue();
      assertThat(get(store, "a")).isNull();
      store.clear();
      assertThat(get(store, "b")).isNull();
      assertThat(store.stats().size()).isZero();
    }
  }

  @Test
  void aSecondHandleOnTheSameNameSeesTheSameEntries() throws IOException {
    try (SharedStore writer = open("twice", 8);
        SharedStore reader = open("twice", 8)) {
      put(writer, "k", "v");
      assertThat(get(reader, "k")).isEqualTo("v");
    }
  }

  @Test
  void evictsTheUnvisitedEntryFirstAsSieveDoes() throws IOException {
    try (SharedStore store = open("sieve", 3)) {
      put(store, "a", "1");
      put(store, "b", "2");
      put(store, "c", "3");
      get(store, "a"); // a is visited
      put(store, "d", "4"); // the hand starts at the tail: a is spared, b goes

      assertThat(get(store, "b")).isNull();
      assertThat(get(store, "a")).isEqualTo("1");
      assertThat(get(store, "c")).isEqualTo("3");
      assertThat(get(store, "d")).isEqualTo("4");
      assertThat(store.stats().evictions()).isEqualTo(1);
    }
  }

  @Test
  void manyKeysKeepTheTableConsistentThroughEvictionsAndRemovals() throws IOException {
    try (SharedStore store = open("churn", 50)) {
      List<String> present = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        put(store, "key" + i, "value" + i);
        if (i % 7 == 0) {
          byte[] k = bytes("key" + (i / 2));
          store.remove(k, k.length, hash("key" + (i / 2)));
        }
      }
      int found = 0;
      for (int i = 0; i < 2_000; i++) {
        String value = get(store, "key" + i);
        if (value != null) {
          assertThat(value).isEqualTo("value" + i);
          present.add("key" + i);
          found++;
        }
      }
      assertThat(found).isEqualTo(store.stats().size()).isLessThanOrEqualTo(50).isPositive();
      assertThat(present).contains("key1999");
    }
  }

  @Test
  void keysOfOneHomeBucketAreFoundWhateverTheirTagsAndSurviveRemovals() throws IOException {
    // One home bucket for all: same low bits. Keys 0-2 have one hash (equal tags too: only the
    // bytes tell them apart), keys 3-5 differ in the top bits that form a bucket's tag.
    long[] hashes = {7, 7, 7, 7 | 1L << 63, 7 | 1L << 62, 7 | 3L << 60};
    try (SharedStore store = open("one-home", 16)) {
      for (int i = 0; i < hashes.length; i++) {
        byte[] k = bytes("key" + i);
        byte[] v = bytes("value" + i);
        assertThat(store.put(k, k.length, hashes[i], v, v.length, System.nanoTime())).isTrue();
      }
      List<Integer> present = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
      for (int removed : new int[] {0, 3, 1}) { // each removal shifts the probe run back
        byte[] k = bytes("key" + removed);
        assertThat(store.remove(k, k.length, hashes[removed])).isTrue();
        present.remove(Integer.valueOf(removed));
        for (int i = 0; i < hashes.length; i++) {
          byte[] key = bytes("key" + i);
          byte[] v = store.peek(key, key.length, hashes[i], System.nanoTime());
          assertThat(v)
              .as("key%d after removing key%d", i, removed)
              .isEqualTo(present.contains(i) ? bytes("value" + i) : null);
        }
      }
    }
  }

  @Test
  void expiredEntriesAreMissesAndAreEvictedFirst() throws IOException {
    long ttl = TimeUnit.SECONDS.toNanos(10);
    try (SharedStore store = SharedStore.open(dir(), "ttl", 2, 64, 64, ttl)) {
      long t0 = System.nanoTime();
      byte[] a = bytes("a");
      byte[] b = bytes("b");
      store.put(a, 1, hash("a"), bytes("1"), 1, t0);
      store.put(b, 1, hash("b"), bytes("2"), 1, t0 + ttl / 2);
      assertThat(get(store, "a", t0 + ttl - 1)).isEqualTo("1");
      assertThat(get(store, "a", t0 + ttl)).isNull();
      // a (the oldest) has expired: it goes first even though it was visited.
      byte[] c = bytes("c");
      store.put(c, 1, hash("c"), bytes("3"), 1, t0 + ttl);
      assertThat(get(store, "b", t0 + ttl)).isEqualTo("2");
      assertThat(get(store, "a", t0)).isNull();
    }
  }

  @Test
  void oversizeKeysAndValuesAreNotStoredButCounted() throws IOException {
    try (SharedStore store = open("oversize", 4)) {
      assertThat(put(store, "k".repeat(65), "v")).isFalse();
      assertThat(put(store, "k", "v".repeat(257))).isFalse();
      assertThat(put(store, "k".repeat(64), "v".repeat(256))).isTrue();
      assertThat(store.stats().oversizeSkips()).isEqualTo(2);
      assertThat(get(store, "k".repeat(65))).isNull();
    }
  }

  @Test
  void openingWithOtherParametersFailsClearly() throws IOException {
    try (SharedStore store = open("params", 8)) {
      assertThat(store.file()).exists();
    }
    assertThatThrownBy(() -> open("params", 16))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maxSize is 8, not 16");
    assertThatThrownBy(() -> SharedStore.open(dir(), "params", 8, 64, 256, 5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ttl (ns) is 0, not 5");
  }

  @Test
  void aForeignFileIsRefusedAndATruncatedOneIsRecreated() throws IOException {
    Files.createDirectories(dir());
    Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwx------"));
    Path foreign = dir().resolve("foreign.region");
    Files.write(foreign, new byte[2 * HeaderLayout.LENGTH]); // longer than a header, all zeros
    Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> open("foreign", 8))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a warp-cache region");

    try (SharedStore store = open("cut", 8)) {
      put(store, "k", "v");
    }
    Path cut = dir().resolve("cut.region");
    try (var channel =
        java.nio.channels.FileChannel.open(cut, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(1000);
    }
    try (SharedStore store = open("cut", 8)) {
      assertThat(get(store, "k")).isNull();
      put(store, "k", "again");
      assertThat(get(store, "k")).isEqualTo("again");
    }
  }

  @Test
  void filesArePrivateAndAnOpenDirectoryIsRefused() throws IOException {
    try (SharedStore store = open("private", 8)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir())))
          .isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
          .isEqualTo("rw-------");
    }
    Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwxr-x---"));
    assertThatThrownBy(() -> open("private", 8))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("accessible to group or others");
  }

  @Test
  void writesToARegionTruncatedUnderAnOpenStoreFailClearlyInsteadOfCrashing() throws IOException {
    try (SharedStore store = open("truncated-live", 8)) {
      assertThat(put(store, "a", "1")).isTrue();
      try (FileChannel channel = FileChannel.open(store.file(), StandardOpenOption.WRITE)) {
        channel.truncate(0); // another process (or a person) cuts the file under the mapping
      }
      // Without the size check, the compare-and-set of the lock word on a page that is gone could
      // take the JVM down (SIGBUS outside the VM's fault handling); with it, nothing is touched.
      assertThatThrownBy(() -> put(store, "b", "2"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("truncated");
      byte[] key = bytes("b");
      assertThatThrownBy(
              () ->
                  store.update(
                      key, hash("b"), SharedStore.Condition.ALWAYS, null, key, System.nanoTime()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("truncated");
      assertThatThrownBy(store::clear).isInstanceOf(IllegalStateException.class);
    }
    // Opening the name again recreates the region.
    try (SharedStore store = open("truncated-live", 8)) {
      assertThat(get(store, "a")).isNull();
      assertThat(put(store, "a", "1")).isTrue();
      assertThat(get(store, "a")).isEqualTo("1");
    }
  }

  /** Writes {@code value} as a native-order int at {@code offset} of the region file. */
  private static void poke(SharedStore store, long offset, int value) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value);
    try (FileChannel channel = FileChannel.open(store.file(), StandardOpenOption.WRITE)) {
      channel.write(bytes, offset);
    }
  }

  @Test
  void aCorruptBucketTableIsRepairedNotLoopedOn() throws IOException {
    try (SharedStore store = open("corrupt-buckets", 8)) {
      for (int i = 0; i < 8; i++) {
        put(store, "k" + i, "v" + i);
      }
      for (int b = 0; b < 16; b++) { // every bucket names a slot that does not exist
        poke(store, HeaderLayout.LENGTH + 4L * b, 0x7F00_0000 + b);
      }
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> {
            assertThat(get(store, "k1")).isNull(); // a reader repairs the table
            assertThat(put(store, "k1", "again")).isTrue();
            assertThat(get(store, "k1")).isEqualTo("again");
          });
      assertThat(store.stats().recoveries()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void corruptQueueLinksAreRepairedByTheNextWrite() throws IOException {
    try (SharedStore store = open("corrupt-links", 4)) {
      for (int i = 0; i < 4; i++) {
        put(store, "k" + i, "v" + i);
      }
      poke(store, HeaderLayout.TAIL_OFFSET, 1_000_000);
      poke(store, HeaderLayout.FREE_OFFSET, -7);
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> {
            assertThat(put(store, "new", "1")).isTrue(); // the eviction finds garbage: reset
            assertThat(get(store, "new")).isEqualTo("1");
            assertThat(store.snapshot(System.nanoTime())).hasSize(1);
          });
      assertThat(store.stats().recoveries()).isEqualTo(1);
    }
  }

  @Test
  void aResetIsLoggedWithWhatCausedIt() throws IOException {
    Logger logger = Logger.getLogger(SharedStore.class.getName());
    List<LogRecord> records = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try (SharedStore store = open("corrupt-logged", 4)) {
      for (int i = 0; i < 4; i++) {
        put(store, "k" + i, "v" + i);
      }
      poke(store, HeaderLayout.TAIL_OFFSET, 1_000_000);
      assertThat(records).isEmpty();
      assertThat(put(store, "new", "1")).isTrue(); // the eviction walks a link out of range
      assertThat(records).hasSize(1);
      LogRecord record = records.get(0);
      assertThat(record.getLevel()).isEqualTo(Level.WARNING);
      assertThat(record.getMessage()).contains("corrupt-logged").contains("recovery 1");
      assertThat(record.getThrown()).isNotNull();
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void aSequenceLeftOddWithNoWriterDoesNotHangReaders() throws IOException {
    try (SharedStore store = open("corrupt-sequence", 4)) {
      put(store, "a", "1");
      poke(store, HeaderLayout.SEQUENCE_OFFSET, 12_345); // odd, and the lock word is free
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> {
            assertThat(get(store, "a")).isNull(); // waits, sees no writer, repairs
            assertThat(put(store, "a", "2")).isTrue();
            assertThat(get(store, "a")).isEqualTo("2");
          });
      assertThat(store.stats().recoveries()).isEqualTo(1);
    }
  }

  @Test
  void badParametersNameTheLimit() {
    assertThatThrownBy(() -> SharedStore.open(dir(), "bad/name", 8, 64, 64, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> SharedStore.open(dir(), "n", 0, 64, 64, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSize must be positive");
    assertThatThrownBy(() -> SharedStore.open(dir(), "n", 1 << 20, 1 << 20, 1 << 20, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("over the limit");
  }
}
