package dev.warpcache.internal.shm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.internal.shm.RegionInspector.RegionInfo;
import dev.warpcache.internal.shm.RegionInspector.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RegionInspector}: listing, reading headers, clearing and removing regions. */
class RegionInspectorTest {

  @TempDir Path home;

  private Path dir() {
    return home.resolve("warp_cache-test");
  }

  private static long hash(String s) {
    return s.hashCode() * 0x9E3779B97F4A7C15L;
  }

  private static boolean put(SharedStore store, String key, String value) {
    byte[] k = key.getBytes(UTF_8);
    byte[] v = value.getBytes(UTF_8);
    return store.put(k, k.length, hash(key), v, v.length, System.nanoTime());
  }

  private static boolean get(SharedStore store, String key) {
    byte[] k = key.getBytes(UTF_8);
    return store.get(k, k.length, hash(key), System.nanoTime()) != null;
  }

  /** Creates region {@code name} with three entries, two hits, one miss and one oversize skip. */
  private void populate(String name) throws IOException {
    try (SharedStore store =
        SharedStore.open(dir(), name, 16, 32, 128, TimeUnit.SECONDS.toNanos(90))) {
      put(store, "a", "1");
      put(store, "b", "2");
      put(store, "c", "3");
      put(store, "big", "x".repeat(129)); // over maxValueSize: skipped
      get(store, "a");
      get(store, "b");
      get(store, "nope");
    }
  }

  @Test
  void listsNothingForAMissingOrEmptyDirectory() throws IOException {
    assertThat(RegionInspector.list(dir())).isEmpty();
    assertThat(RegionInspector.inspectAll(dir())).isEmpty();
    Files.createDirectories(dir());
    Files.writeString(dir().resolve("notes.txt"), "not a region");
    assertThat(RegionInspector.list(dir())).isEmpty();
  }

  @Test
  void defaultDirectoryIsTheStoresDirectory() {
    assertThat(RegionInspector.defaultDirectory()).isEqualTo(RegionFiles.defaultDirectory());
    assertThat(RegionInspector.defaultDirectory().getFileName().toString())
        .startsWith("warp_cache-");
  }

  @Test
  void readsEveryHeaderField() throws IOException {
    populate("users");
    populate("orders");

    assertThat(RegionInspector.list(dir())).containsExactly("orders", "users");
    RegionInfo info = RegionInspector.inspect(dir(), "users");

    Geometry geometry = Geometry.of(16, 32, 128);
    assertThat(info.status()).isEqualTo(Status.OK);
    assertThat(info.detail()).isEmpty();
    assertThat(info.headerValid()).isTrue();
    assertThat(info.name()).isEqualTo("users");
    assertThat(info.file()).isEqualTo(dir().resolve("users.region"));
    assertThat(info.magicOk()).isTrue();
    assertThat(info.layoutVersion()).isEqualTo(HeaderLayout.VERSION);
    assertThat(info.state()).isEqualTo(HeaderLayout.STATE_READY);
    assertThat(info.capacity()).isEqualTo(16);
    assertThat(info.size()).isEqualTo(3);
    assertThat(info.bucketCount()).isEqualTo(geometry.bucketCount());
    assertThat(info.slotSize()).isEqualTo(geometry.slotSize());
    assertThat(info.maxKeySize()).isEqualTo(32);
    assertThat(info.maxValueSize()).isEqualTo(128);
    assertThat(info.ttlNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(90));
    assertThat(info.currentBoot()).isTrue();
    assertThat(info.bootId())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(info.hits()).isEqualTo(2);
    assertThat(info.misses()).isEqualTo(1);
    assertThat(info.evictions()).isZero();
    assertThat(info.oversizeSkips()).isEqualTo(1);
    assertThat(info.recoveries()).isZero();
    assertThat(info.lastWriterPid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(info.lockOwnerPid()).isZero();
    assertThat(info.lockOwnerAlive()).isFalse();
    assertThat(info.sequence() % 2).as("no write in progress").isZero();
    assertThat(info.queueHead()).isNotNegative();
    assertThat(info.queueTail()).isNotNegative();
    assertThat(info.freeHead()).isNotNegative();
    assertThat(info.fileSize()).isEqualTo(geometry.fileSize()).isEqualTo(info.expectedFileSize());
    if (RegionFiles.isPosix(dir())) {
      assertThat(info.permissions()).isEqualTo("rw-------");
    }

    assertThat(RegionInspector.inspectAll(dir()))
        .extracting(RegionInfo::name, RegionInfo::status)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("orders", Status.OK),
            org.assertj.core.api.Assertions.tuple("users", Status.OK));
  }

  @Test
  void reportsALockHeldByAnotherPid() throws IOException {
    populate("locked");
    long pid = ProcessHandle.current().pid();
    writeLong(dir().resolve("locked.region"), HeaderLayout.LOCK_OFFSET, pid);

    RegionInfo info = RegionInspector.inspect(dir(), "locked");

    assertThat(info.lockOwnerPid()).isEqualTo(pid);
    assertThat(info.lockOwnerAlive()).isTrue();
    writeLong(dir().resolve("locked.region"), HeaderLayout.LOCK_OFFSET, 0);
  }

  @Test
  void clearEmptiesTheRegionAndResetsItsCountersKeepingItsParameters() throws IOException {
    populate("users");
    populate("orders");

    RegionInfo cleared = RegionInspector.clear(dir(), "users");

    assertThat(cleared.status()).isEqualTo(Status.OK);
    assertThat(cleared.size()).isZero();
    assertThat(cleared.hits()).isZero();
    assertThat(cleared.misses()).isZero();
    assertThat(cleared.oversizeSkips()).isZero();
    assertThat(cleared.capacity()).isEqualTo(16);
    assertThat(cleared.ttlNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(90));
    assertThat(RegionInspector.inspect(dir(), "orders").size()).as("others untouched").isEqualTo(3);
    try (SharedStore store =
        SharedStore.open(dir(), "users", 16, 32, 128, TimeUnit.SECONDS.toNanos(90))) {
      assertThat(get(store, "a")).isFalse();
      assertThat(put(store, "a", "again")).isTrue();
      assertThat(get(store, "a")).isTrue();
    }
  }

  @Test
  void removeDeletesTheRegionAndItsLockFile() throws IOException {
    populate("users");
    populate("orders");
    assertThat(dir().resolve("users.lock")).exists();

    RegionInspector.remove(dir(), "users");

    assertThat(dir().resolve("users.region")).doesNotExist();
    assertThat(dir().resolve("users.lock")).doesNotExist();
    assertThat(RegionInspector.list(dir())).containsExactly("orders");
    try (SharedStore store = SharedStore.open(dir(), "users", 4, 32, 128, 0)) {
      assertThat(store.stats().size()).as("a fresh region").isZero();
      assertThat(store.stats().capacity()).isEqualTo(4);
    }
  }

  @Test
  void removeWorksWithoutALockFile() throws IOException {
    populate("users");
    Files.delete(dir().resolve("users.lock"));

    RegionInspector.remove(dir(), "users");

    assertThat(RegionInspector.list(dir())).isEmpty();
  }

  @Test
  void unknownNamesAreRefusedListingTheKnownOnes() throws IOException {
    populate("users");
    populate("orders");

    for (String unknown : List.of("nope", "../warp_cache-test/users", "users.region", "")) {
      assertThatThrownBy(() -> RegionInspector.inspect(dir(), unknown))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "no shared cache named \"" + unknown + "\" in " + dir() + " (known: orders, users)");
    }
    assertThatThrownBy(() -> RegionInspector.clear(dir(), "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("known: orders, users");
    assertThatThrownBy(() -> RegionInspector.remove(dir(), "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("known: orders, users");
    assertThatThrownBy(() -> RegionInspector.inspect(home.resolve("elsewhere"), "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("(there are none)");
    assertThat(RegionInspector.list(dir())).containsExactly("orders", "users");
  }

  @Test
  void reportsAForeignFileAndRefusesToClearItButRemovesIt() throws IOException {
    Files.createDirectories(dir());
    Files.writeString(
        dir().resolve("stranger.region"), "#!/bin/sh\necho this is no region\n".repeat(20));

    RegionInfo info = RegionInspector.inspect(dir(), "stranger");

    assertThat(info.status()).isEqualTo(Status.FOREIGN);
    assertThat(info.magicOk()).isFalse();
    assertThat(info.headerValid()).isFalse();
    assertThat(info.detail()).startsWith("not a warp-cache region");
    assertThatThrownBy(() -> RegionInspector.clear(dir(), "stranger"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot clear \"stranger\": not a warp-cache region")
        .hasMessageContaining("warp shm rm stranger");

    RegionInspector.remove(dir(), "stranger");
    assertThat(RegionInspector.list(dir())).isEmpty();
  }

  @Test
  void reportsEmptyAndTruncatedFiles() throws IOException {
    populate("cut");
    Path cut = dir().resolve("cut.region");
    long full = Files.size(cut);
    try (FileChannel channel = FileChannel.open(cut, StandardOpenOption.WRITE)) {
      channel.truncate(full - 100);
    }
    Files.write(dir().resolve("empty.region"), new byte[0]);
    Files.write(
        dir().resolve("short.region"), java.util.Arrays.copyOf(Files.readAllBytes(cut), 100));

    RegionInfo truncated = RegionInspector.inspect(dir(), "cut");
    assertThat(truncated.status()).isEqualTo(Status.TRUNCATED);
    assertThat(truncated.detail()).contains((full - 100) + " bytes").contains("need " + full);
    assertThat(truncated.headerValid()).isTrue();
    assertThat(RegionInspector.inspect(dir(), "empty").status()).isEqualTo(Status.TRUNCATED);
    RegionInfo tooShort = RegionInspector.inspect(dir(), "short");
    assertThat(tooShort.status()).isEqualTo(Status.TRUNCATED);
    assertThat(tooShort.detail()).contains("only 100 bytes");
    assertThatThrownBy(() -> RegionInspector.clear(dir(), "short"))
        .isInstanceOf(IllegalStateException.class);

    // a truncated region with a valid header can be cleared: it is recreated at its full size
    RegionInfo cleared = RegionInspector.clear(dir(), "cut");
    assertThat(cleared.status()).isEqualTo(Status.OK);
    assertThat(cleared.fileSize()).isEqualTo(full);
  }

  @Test
  void reportsOtherVersionsImpossibleParametersAndUnfinishedCreation() throws IOException {
    populate("future");
    populate("garbled");
    populate("unready");
    writeInt(dir().resolve("future.region"), HeaderLayout.VERSION_OFFSET, 99);
    writeInt(dir().resolve("garbled.region"), HeaderLayout.CAPACITY_OFFSET, -5);
    writeInt(dir().resolve("unready.region"), HeaderLayout.STATE_OFFSET, 0);

    RegionInfo future = RegionInspector.inspect(dir(), "future");
    assertThat(future.status()).isEqualTo(Status.UNSUPPORTED_VERSION);
    assertThat(future.detail()).contains("layout version 99");
    RegionInfo garbled = RegionInspector.inspect(dir(), "garbled");
    assertThat(garbled.status()).isEqualTo(Status.CORRUPT);
    assertThat(garbled.detail()).contains("impossible");
    assertThat(garbled.expectedFileSize()).isEqualTo(-1);
    assertThat(RegionInspector.inspect(dir(), "unready").status()).isEqualTo(Status.INITIALIZING);
    assertThat(RegionInspector.inspectAll(dir()))
        .extracting(RegionInfo::status)
        .containsExactly(Status.UNSUPPORTED_VERSION, Status.CORRUPT, Status.INITIALIZING);
  }

  @Test
  void reportsARegionOfAnEarlierBoot() throws IOException {
    populate("old");
    writeLong(dir().resolve("old.region"), HeaderLayout.BOOT_ID_OFFSET, 12345);

    RegionInfo info = RegionInspector.inspect(dir(), "old");

    assertThat(info.currentBoot()).isFalse();
    assertThat(info.status()).isEqualTo(Status.STALE_BOOT);
    assertThat(info.headerValid()).isTrue();
  }

  private static void writeInt(Path file, int offset, int value) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder());
    buffer.putInt(0, value);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(buffer, offset);
    }
  }

  private static void writeLong(Path file, int offset, long value) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());
    buffer.putLong(0, value);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(buffer, offset);
    }
  }
}
