package dev.warpcache.internal.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Looks at the shared-cache regions of a directory from outside, for {@code warp shm}: lists them,
 * reads a region's header, clears a region or removes its files.
 *
 * <p>Reading never maps the file and never takes a lock: the header is read through a read-only
 * {@link FileChannel}, in the platform's native byte order as the store writes it, so the numbers
 * are a snapshot that a concurrent writer may be changing (each field is read whole, but two fields
 * may come from different moments). A file that is not a region, is truncated, or cannot be read is
 * reported through {@link RegionInfo#status()} and {@link RegionInfo#detail()}, never by an
 * exception.
 */
public final class RegionInspector {
  private static final String REGION_SUFFIX = ".region";
  private static final String LOCK_SUFFIX = ".lock";

  private RegionInspector() {}

  /** What {@link #inspect} found in a region file. */
  public enum Status {
    /** A well-formed, initialized region of this host's current boot. */
    OK("ok"),
    /**
     * A well-formed region written before the host's last reboot: its entries are never served, and
     * the next process to open it resets it.
     */
    STALE_BOOT("stale-boot"),
    /** The header is written but not marked ready: a creation in progress, or one interrupted. */
    INITIALIZING("initializing"),
    /** The file is shorter than its header, or than its header's parameters say it must be. */
    TRUNCATED("truncated"),
    /** The file does not start with the region magic number: it is not a warp-cache region. */
    FOREIGN("foreign"),
    /** A region of another layout version, which this version of warp-cache does not read. */
    UNSUPPORTED_VERSION("unsupported-version"),
    /** The header's parameters are impossible, or the file is longer than they say. */
    CORRUPT("corrupt"),
    /** The file could not be opened or read (permissions, or it vanished meanwhile). */
    UNREADABLE("unreadable");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    /**
     * Returns a short lower-case label for tables, such as {@code ok} or {@code foreign}.
     *
     * @return the label
     */
    public String label() {
      return label;
    }
  }

  /**
   * A snapshot of one region file's header. When {@link #headerValid()} is false the numeric fields
   * are whatever bytes the file holds at their offsets (zero past its end) and mean nothing.
   *
   * @param name the cache name: the file name without {@code .region}
   * @param file the region file
   * @param status what the file is
   * @param detail a sentence explaining a status other than {@link Status#OK}, else empty
   * @param magicOk whether the file starts with the region magic number
   * @param magic the first eight bytes, as a native-order long
   * @param layoutVersion the layout version
   * @param state the initialization state (1 = ready)
   * @param capacity the number of slots, the most entries
   * @param size the live entries
   * @param bucketCount the size of the bucket table
   * @param slotSize the size of one slot in bytes
   * @param maxKeySize the largest key in encoded bytes
   * @param maxValueSize the largest value in encoded bytes
   * @param ttlNanos the time to live in nanoseconds, 0 for none
   * @param bootId the boot id recorded at initialization, as 32 hex digits with dashes
   * @param currentBoot whether that boot id is this host's current one
   * @param lockOwnerPid the pid holding the write lock, 0 when free
   * @param sequence the seqlock sequence (odd while a write is in progress)
   * @param queueHead the newest slot of the SIEVE queue, -1 for none
   * @param queueTail the oldest slot of the SIEVE queue, -1 for none
   * @param sieveHand the SIEVE hand, -1 for none
   * @param freeHead the first free slot, -1 for none
   * @param hits lookups that found a live entry, in every process
   * @param misses lookups that did not
   * @param evictions entries evicted for room or expiry
   * @param oversizeSkips keys or values not stored because they were over their limit
   * @param lastWriterPid the pid of the last process that wrote
   * @param recoveries resets after a writer died holding the lock
   * @param fileSize the file's size in bytes
   * @param expectedFileSize the size the header's parameters call for, or -1 if they are invalid
   * @param permissions the file's POSIX permissions such as {@code rw-------}, or empty elsewhere
   */
  public record RegionInfo(
      String name,
      Path file,
      Status status,
      String detail,
      boolean magicOk,
      long magic,
      int layoutVersion,
      int state,
      int capacity,
      int size,
      int bucketCount,
      int slotSize,
      int maxKeySize,
      int maxValueSize,
      long ttlNanos,
      String bootId,
      boolean currentBoot,
      long lockOwnerPid,
      long sequence,
      int queueHead,
      int queueTail,
      int sieveHand,
      int freeHead,
      long hits,
      long misses,
      long evictions,
      long oversizeSkips,
      long lastWriterPid,
      long recoveries,
      long fileSize,
      long expectedFileSize,
      String permissions) {

    /**
     * Returns whether the header is a readable region header of this layout version with possible
     * parameters, so that its fields mean something (the file may still be truncated).
     *
     * @return whether the header's fields are meaningful
     */
    public boolean headerValid() {
      return magicOk
          && layoutVersion == HeaderLayout.VERSION
          && expectedFileSize > 0
          && fileSize >= HeaderLayout.LENGTH;
    }

    /**
     * Returns whether the process holding the write lock is alive; false when the lock is free. A
     * lock held by a dead process is taken over by the next writer.
     *
     * @return whether the lock owner is a live process
     */
    public boolean lockOwnerAlive() {
      return lockOwnerPid > 0
          && ProcessHandle.of(lockOwnerPid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  /**
   * Returns the directory where this user's regions live by default: {@code
   * /dev/shm/warp_cache-<uid>/} on Linux, under the temporary directory elsewhere.
   *
   * @return the default directory (it may not exist)
   */
  public static Path defaultDirectory() {
    return RegionFiles.defaultDirectory();
  }

  /**
   * Returns the names of the regions in {@code directory}: every regular file named {@code
   * NAME.region}, sorted.
   *
   * @param directory the directory to list
   * @return the names, empty if the directory does not exist
   * @throws IOException if the directory cannot be read
   */
  public static List<String> list(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return List.of();
    }
    if (!Files.isDirectory(directory)) {
      throw new NotDirectoryException(directory.toString());
    }
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + REGION_SUFFIX)) {
      for (Path file : files) {
        String fileName = file.getFileName().toString();
        if (fileName.length() > REGION_SUFFIX.length()
            && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          names.add(fileName.substring(0, fileName.length() - REGION_SUFFIX.length()));
        }
      }
    }
    Collections.sort(names);
    return names;
  }

  /**
   * Reads the header of every region in {@code directory}.
   *
   * @param directory the directory
   * @return one snapshot per region, sorted by name
   * @throws IOException if the directory cannot be read
   */
  public static List<RegionInfo> inspectAll(Path directory) throws IOException {
    List<RegionInfo> regions = new ArrayList<>();
    for (String name : list(directory)) {
      regions.add(read(name, directory.resolve(name + REGION_SUFFIX)));
    }
    return regions;
  }

  /**
   * Reads the header of the region {@code name}. A foreign, truncated or unreadable file is
   * reported through the snapshot's {@link RegionInfo#status() status}, not by an exception.
   *
   * @param directory the directory
   * @param name the cache name
   * @return the snapshot
   * @throws IllegalArgumentException if there is no region {@code name}; the message lists the
   *     known names
   * @throws IOException if the directory cannot be read
   */
  public static RegionInfo inspect(Path directory, String name) throws IOException {
    return read(name, existing(directory, name));
  }

  /**
   * Empties the region {@code name} and resets its hit, miss, eviction and oversize counters. It is
   * opened as a {@link SharedStore} with the parameters its header records, so it takes the
   * region's write lock like any writer (and recovers it from a dead owner); processes using it see
   * the entries disappear.
   *
   * @param directory the directory
   * @param name the cache name
   * @return the snapshot after clearing
   * @throws IllegalArgumentException if there is no region {@code name}; the message lists the
   *     known names
   * @throws IllegalStateException if the file is not a region this version can open (foreign,
   *     another layout version, or impossible parameters); remove it instead
   * @throws IOException if the directory or file cannot be used
   */
  public static RegionInfo clear(Path directory, String name) throws IOException {
    RegionInfo info = inspect(directory, name);
    if (!info.headerValid()) {
      throw new IllegalStateException(
          "cannot clear \""
              + name
              + "\": "
              + info.detail()
              + "; remove it instead (warp shm rm "
              + name
              + ")");
    }
    try (SharedStore store =
        SharedStore.open(
            directory,
            name,
            info.capacity(),
            info.maxKeySize(),
            info.maxValueSize(),
            info.ttlNanos())) {
      store.clear();
    }
    return inspect(directory, name);
  }

  /**
   * Deletes the region {@code name}: its {@code NAME.region} and {@code NAME.lock} files. The
   * creation lock is held while deleting, so no process is initializing the region meanwhile.
   *
   * <p>Processes that still have the region mapped keep their old mapping, which is no longer
   * shared with processes that open the name afterwards: those create a fresh, empty region. Remove
   * a region when no process uses it, or accept that the ones still running share nothing with the
   * new ones until they reopen it.
   *
   * @param directory the directory
   * @param name the cache name
   * @throws IllegalArgumentException if there is no region {@code name}; the message lists the
   *     known names
   * @throws IOException if a file cannot be deleted
   */
  public static void remove(Path directory, String name) throws IOException {
    Path region = existing(directory, name);
    Path lockFile = directory.resolve(name + LOCK_SUFFIX);
    FileChannel lockChannel = null;
    try {
      try {
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
      } catch (NoSuchFileException | SecurityException | java.nio.file.AccessDeniedException e) {
        lockChannel = null; // nothing to serialize with
      }
      FileLock creation = lockChannel == null ? null : lockChannel.lock();
      try {
        Files.deleteIfExists(region);
        Files.deleteIfExists(lockFile);
      } finally {
        if (creation != null) {
          creation.release();
        }
      }
    } finally {
      if (lockChannel != null) {
        lockChannel.close();
      }
    }
  }

  /** Returns the file of region {@code name}, or refuses an unknown name listing the known ones. */
  private static Path existing(Path directory, String name) throws IOException {
    List<String> known = list(directory);
    if (name == null || !known.contains(name)) {
      throw new IllegalArgumentException(
          "no shared cache named "
              + (name == null ? "null" : "\"" + name + "\"")
              + " in "
              + directory
              + (known.isEmpty()
                  ? " (there are none)"
                  : " (known: " + String.join(", ", known) + ")"));
    }
    return directory.resolve(name + REGION_SUFFIX);
  }

  private static RegionInfo read(String name, Path file) {
    String permissions = permissions(file);
    ByteBuffer header = ByteBuffer.allocate(HeaderLayout.LENGTH).order(ByteOrder.nativeOrder());
    long fileSize;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      fileSize = channel.size();
      while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
        // read the whole header, or as much of it as the file holds
      }
    } catch (IOException | RuntimeException e) {
      return unreadable(name, file, permissions, e);
    }
    long magic = header.getLong(HeaderLayout.MAGIC_OFFSET);
    int version = header.getInt(HeaderLayout.VERSION_OFFSET);
    int capacity = header.getInt(HeaderLayout.CAPACITY_OFFSET);
    int bucketCount = header.getInt(HeaderLayout.BUCKET_COUNT_OFFSET);
    int slotSize = header.getInt(HeaderLayout.SLOT_SIZE_OFFSET);
    int maxKeySize = header.getInt(HeaderLayout.MAX_KEY_SIZE_OFFSET);
    int maxValueSize = header.getInt(HeaderLayout.MAX_VALUE_SIZE_OFFSET);
    long ttl = header.getLong(HeaderLayout.TTL_OFFSET);
    long boot0 = header.getLong(HeaderLayout.BOOT_ID_OFFSET);
    long boot1 = header.getLong(HeaderLayout.BOOT_ID_OFFSET + 8);
    int state = header.getInt(HeaderLayout.STATE_OFFSET);
    long[] currentBoot = RegionFiles.bootId();
    boolean sameBoot = boot0 == currentBoot[0] && boot1 == currentBoot[1];
    boolean magicOk = fileSize >= Long.BYTES && magic == HeaderLayout.MAGIC;

    long expected = -1;
    String geometryProblem = null;
    try {
      Geometry geometry = Geometry.of(capacity, maxKeySize, maxValueSize);
      if (geometry.bucketCount() != bucketCount || geometry.slotSize() != slotSize) {
        geometryProblem =
            "its bucket count "
                + bucketCount
                + " and slot size "
                + slotSize
                + " do not match its parameters (expected "
                + geometry.bucketCount()
                + " and "
                + geometry.slotSize()
                + ")";
      } else if (ttl < 0) {
        geometryProblem = "its TTL is negative (" + ttl + " ns)";
      } else {
        expected = geometry.fileSize();
      }
    } catch (IllegalArgumentException e) {
      geometryProblem = "its parameters are impossible: " + e.getMessage();
    }

    Status status;
    String detail;
    if (fileSize < Long.BYTES) {
      status = Status.TRUNCATED;
      detail =
          "the file holds only "
              + fileSize
              + " bytes, less than a "
              + HeaderLayout.LENGTH
              + "-byte header (a creation interrupted?)";
    } else if (!magicOk) {
      status = Status.FOREIGN;
      detail =
          "not a warp-cache region: it does not start with the magic number (found 0x"
              + String.format(Locale.ROOT, "%016x", magic)
              + ")";
    } else if (fileSize < HeaderLayout.LENGTH) {
      status = Status.TRUNCATED;
      detail =
          "the file holds only "
              + fileSize
              + " bytes, less than the "
              + HeaderLayout.LENGTH
              + "-byte header";
    } else if (version != HeaderLayout.VERSION) {
      status = Status.UNSUPPORTED_VERSION;
      detail =
          "layout version "
              + version
              + ", but this warp-cache reads version "
              + HeaderLayout.VERSION;
    } else if (geometryProblem != null) {
      status = Status.CORRUPT;
      detail = geometryProblem;
    } else if (fileSize < expected) {
      status = Status.TRUNCATED;
      detail =
          "the file holds "
              + fileSize
              + " bytes, but its parameters need "
              + expected
              + " (the next open recreates it)";
    } else if (fileSize > expected) {
      status = Status.CORRUPT;
      detail = "the file holds " + fileSize + " bytes, but its parameters need " + expected;
    } else if (state != HeaderLayout.STATE_READY) {
      status = Status.INITIALIZING;
      detail = "not marked ready: being created, or its creation was interrupted";
    } else if (!sameBoot) {
      status = Status.STALE_BOOT;
      detail = "written before the host's last reboot: the next open resets it";
    } else {
      status = Status.OK;
      detail = "";
    }

    return new RegionInfo(
        name,
        file,
        status,
        detail,
        magicOk,
        magic,
        version,
        state,
        capacity,
        header.getInt(HeaderLayout.SIZE_OFFSET),
        bucketCount,
        slotSize,
        maxKeySize,
        maxValueSize,
        ttl,
        bootId(boot0, boot1),
        sameBoot,
        header.getLong(HeaderLayout.LOCK_OFFSET),
        header.getLong(HeaderLayout.SEQUENCE_OFFSET),
        header.getInt(HeaderLayout.HEAD_OFFSET),
        header.getInt(HeaderLayout.TAIL_OFFSET),
        header.getInt(HeaderLayout.HAND_OFFSET),
        header.getInt(HeaderLayout.FREE_OFFSET),
        sumCells(header, HeaderLayout.CELL_HITS_OFFSET),
        sumCells(header, HeaderLayout.CELL_MISSES_OFFSET),
        header.getLong(HeaderLayout.EVICTIONS_OFFSET),
        header.getLong(HeaderLayout.OVERSIZE_OFFSET),
        header.getLong(HeaderLayout.LAST_WRITER_OFFSET),
        header.getLong(HeaderLayout.RECOVERIES_OFFSET),
        fileSize,
        expected,
        permissions);
  }

  private static RegionInfo unreadable(String name, Path file, String permissions, Exception e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    long size = -1;
    try {
      size = Files.size(file);
    } catch (IOException | RuntimeException ignored) {
      // unknown
    }
    return new RegionInfo(
        name,
        file,
        Status.UNREADABLE,
        "cannot read the file: " + reason,
        false,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        bootId(0, 0),
        false,
        0,
        0,
        -1,
        -1,
        -1,
        -1,
        0,
        0,
        0,
        0,
        0,
        0,
        size,
        -1,
        permissions);
  }

  private static String bootId(long high, long low) {
    String hex = String.format(Locale.ROOT, "%016x%016x", high, low);
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-"
        + hex.substring(12, 16)
        + "-"
        + hex.substring(16, 20)
        + "-"
        + hex.substring(20);
  }

  private static String permissions(Path file) {
    try {
      PosixFileAttributeView view =
          Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      return view == null ? "" : PosixFilePermissions.toString(view.readAttributes().permissions());
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** Sums one field over the header's counter cells (zeros where the file is too short). */
  private static long sumCells(ByteBuffer header, int field) {
    long sum = 0;
    for (int cell = 0; cell < HeaderLayout.COUNTER_CELLS; cell++) {
      sum += header.getLong(HeaderLayout.counterCellOffset(cell) + field);
    }
    return sum;
  }
}
