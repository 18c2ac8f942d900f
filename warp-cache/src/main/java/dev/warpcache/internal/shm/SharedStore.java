package dev.warpcache.internal.shm;

import static dev.warpcache.internal.shm.HeaderLayout.BOOT_ID_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.BUCKET_COUNT_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.CAPACITY_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.CELL_HITS_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.CELL_MISSES_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.COUNTER_CELLS;
import static dev.warpcache.internal.shm.HeaderLayout.EVICTIONS_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.FREE_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.HAND_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.HEAD_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.LAST_WRITER_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.LOCK_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.MAGIC_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.MAX_KEY_SIZE_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.MAX_VALUE_SIZE_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.OVERSIZE_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.RECOVERIES_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.SEQUENCE_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.SIZE_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.SLOT_SIZE_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.STATE_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.TAIL_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.TTL_OFFSET;
import static dev.warpcache.internal.shm.HeaderLayout.VERSION_OFFSET;
import static dev.warpcache.internal.shm.SlotLayout.HASH_OFFSET;
import static dev.warpcache.internal.shm.SlotLayout.KEY_LENGTH_OFFSET;
import static dev.warpcache.internal.shm.SlotLayout.NEWER_OFFSET;
import static dev.warpcache.internal.shm.SlotLayout.OLDER_OFFSET;
import static dev.warpcache.internal.shm.SlotLayout.VALUE_LENGTH_OFFSET;
import static dev.warpcache.internal.shm.SlotLayout.VISITED_OFFSET;
import static dev.warpcache.internal.shm.SlotLayout.WRITE_TIME_OFFSET;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cache shared by every process of the user on the host: one memory-mapped region file per name
 * (see {@link HeaderLayout}, {@link SlotLayout}, {@link Geometry}), keys and values as bytes.
 *
 * <h2>The protocol</h2>
 *
 * <p>One sequence number guards the whole region; one write lock word, holding the owner's pid,
 * serializes writers of every process.
 *
 * <p>Writer:
 *
 * <ol>
 *   <li>Take this JVM's lock, then CAS the lock word from 0 to this pid.
 *   <li>Store sequence + 1 (odd) with a volatile store, then a release fence: no write below may
 *       become visible before the odd sequence.
 *   <li>Write the buckets, slots and header fields with plain stores.
 *   <li>Store sequence + 2 (even) with a release store: everything written in step 3 is visible to
 *       a reader that sees the new even sequence.
 *   <li>Release-store 0 into the lock word; release this JVM's lock.
 * </ol>
 *
 * <p>Reader (no lock, no syscall):
 *
 * <ol>
 *   <li>Acquire-load the sequence; if odd, a writer is busy: back off and retry.
 *   <li>Probe the buckets and copy the key's value out with plain loads, bounds-checking every
 *       index and length read (a read racing a writer may see garbage, never fault).
 *   <li>Acquire fence, then load the sequence again: if it moved, what was read may be torn, so
 *       discard it and retry (pairs with writer step 2 and 4).
 *   <li>Set the entry's visited mark with a plain atomic store if it is clear (no lock, as SIEVE
 *       allows) and count the hit.
 * </ol>
 *
 * <p>A writer that dies (kill -9) leaves the lock word holding its pid and maybe an odd sequence
 * and a half-written structure. Writers and long-waiting readers check whether the owner is still
 * alive; the first to see it dead CASes the lock word from the dead pid to its own and resets the
 * region (every entry is dropped, which a cache may do; serving a torn value or hanging is not
 * allowed).
 */
public final class SharedStore implements AutoCloseable {
  private static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final VarHandle INTS =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
  private static final VarHandle ARRAY_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  /** Mixes this process into the choice of a counter cell, so processes spread over the cells. */
  private static final long PROCESS_SEED = ProcessHandle.current().pid() * 0xC2B2AE3D27D4EB4FL;

  /** Serializes opening and creating regions within this JVM (file locks are per process). */
  private static final ReentrantLock OPENING = new ReentrantLock();

  private static final int NONE = -1;

  /** Where resets of a corrupt table are reported (the JDK's platform logging, no dependency). */
  private static final System.Logger LOG = System.getLogger(SharedStore.class.getName());

  private final String name;
  private final Path file;
  private final Geometry geometry;
  private final long ttlNanos;
  private final FileChannel channel;
  private final MappedByteBuffer region;

  /** A bucket entry's low bits hold slot + 1, the bits above a tag: {@link #bucketEntry}. */
  private final int slotBits;

  private final int slotMask;
  private final long pid = ProcessHandle.current().pid();
  private final ReentrantLock localLock = new ReentrantLock();

  /** A test hook: when set, a writer parks while it holds the lock (to be killed there). */
  static volatile boolean parkWhileLockedForTests = Boolean.getBoolean("warpcache.test.parkWriter");

  private SharedStore(String name, Path file, Geometry geometry, long ttlNanos, FileChannel channel)
      throws IOException {
    this.name = name;
    this.file = file;
    this.geometry = geometry;
    this.ttlNanos = ttlNanos;
    this.channel = channel;
    this.region = channel.map(FileChannel.MapMode.READ_WRITE, 0, geometry.fileSize());
    this.slotBits = geometry.bucketSlotBits();
    this.slotMask = (1 << slotBits) - 1; // slotBits is at most 29: capacity <= 2^28
  }

  /**
   * Opens the region {@code name} in {@code directory}, creating it if it does not exist.
   *
   * @param directory the per-user directory ({@link RegionFiles#defaultDirectory()} normally)
   * @param name the cache name
   * @param maxSize the number of slots
   * @param maxKeySize the largest key in bytes
   * @param maxValueSize the largest value in bytes
   * @param ttlNanos the time to live, or 0
   * @return the open store
   * @throws IllegalArgumentException if a parameter is out of range
   * @throws IllegalStateException if the region exists with other parameters, or is not a region
   * @throws IOException if the directory or file cannot be used
   */
  public static SharedStore open(
      Path directory, String name, long maxSize, int maxKeySize, int maxValueSize, long ttlNanos)
      throws IOException {
    RegionFiles.checkName(name);
    Geometry geometry = Geometry.of(maxSize, maxKeySize, maxValueSize);
    if (ttlNanos < 0) {
      throw new IllegalArgumentException("ttl must not be negative, but was " + ttlNanos);
    }
    Path dir = RegionFiles.ensurePrivateDirectory(directory);
    Path file = dir.resolve(name + ".region");
    boolean posix = RegionFiles.isPosix(dir);
    OPENING.lock();
    try (FileChannel lockChannel = openPrivate(dir.resolve(name + ".lock"), posix)) {
      // Creation and initialization are serialized across processes by this file lock; it is
      // released when the lock channel closes.
      FileLock creation = lockChannel.lock();
      assert creation.isValid();
      FileChannel channel = openPrivate(file, posix);
      try {
        long size = channel.size();
        boolean fresh = size == 0;
        if (!fresh && size < HeaderLayout.LENGTH) {
          // Truncated before a header was ever written: nothing to lose, start over.
          channel.truncate(0);
          fresh = true;
        }
        if (!fresh) {
          checkExisting(file, channel, geometry, ttlNanos);
          if (channel.size() != geometry.fileSize()) {
            channel.truncate(0); // truncated region: its entries cannot be trusted
            fresh = true;
          }
        }
        if (fresh) {
          allocate(channel, geometry.fileSize());
        }
        SharedStore store = new SharedStore(name, file, geometry, ttlNanos, channel);
        if (fresh || !store.sameBoot()) {
          store.initialize();
        }
        return store;
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } finally {
      OPENING.unlock();
    }
  }

  /**
   * Writes zeros over the whole file through the channel, not the mapping. A sparse file on a full
   * tmpfs would raise SIGBUS at the first store into a page that cannot be allocated, which kills
   * the JVM; written here, the same shortage is an {@link IOException} from {@code open}.
   */
  private static void allocate(FileChannel channel, long size) throws IOException {
    java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate((int) Math.min(size, 1 << 20));
    for (long position = 0; position < size; ) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), size - position));
      position += channel.write(zeros, position);
    }
  }

  private static FileChannel openPrivate(Path path, boolean posix) throws IOException {
    if (posix) {
      FileChannel channel =
          FileChannel.open(
              path,
              java.util.Set.of(
                  StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(RegionFiles.OWNER_ONLY_FILE));
      java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions =
          Files.getPosixFilePermissions(path);
      if (!RegionFiles.OWNER_ONLY_FILE.containsAll(permissions)) {
        channel.close();
        throw new IOException(
            "refusing "
                + path
                + ": it is accessible to group or others ("
                + PosixFilePermissions.toString(permissions)
                + "); it must be rw-------");
      }
      return channel;
    }
    return FileChannel.open(
        path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  /** Refuses a region that is foreign or was created with other parameters. */
  private static void checkExisting(Path file, FileChannel channel, Geometry wanted, long ttl)
      throws IOException {
    java.nio.ByteBuffer header =
        java.nio.ByteBuffer.allocate(HeaderLayout.LENGTH).order(ByteOrder.nativeOrder());
    channel.read(header, 0);
    if (header.getLong(MAGIC_OFFSET) != HeaderLayout.MAGIC) {
      throw new IllegalStateException(
          file + " is not a warp-cache region (bad magic number): remove it or use another name");
    }
    int version = header.getInt(VERSION_OFFSET);
    StringBuilder differences = new StringBuilder();
    differ(differences, "layout version", version, HeaderLayout.VERSION);
    differ(differences, "maxSize", header.getInt(CAPACITY_OFFSET), wanted.capacity());
    differ(differences, "maxKeySize", header.getInt(MAX_KEY_SIZE_OFFSET), wanted.maxKeySize());
    differ(
        differences, "maxValueSize", header.getInt(MAX_VALUE_SIZE_OFFSET), wanted.maxValueSize());
    differ(differences, "ttl (ns)", header.getLong(TTL_OFFSET), ttl);
    if (differences.length() > 0) {
      throw new IllegalStateException(
          "the shared cache region "
              + file
              + " exists with other parameters ("
              + differences
              + "); every process must open a name with the same parameters: use another name, or"
              + " remove the region (warp shm rm NAME) when no process uses it");
    }
  }

  private static void differ(StringBuilder out, String what, long existing, long wanted) {
    if (existing != wanted) {
      out.append(out.length() > 0 ? ", " : "")
          .append(what)
          .append(" is ")
          .append(existing)
          .append(", not ")
          .append(wanted);
    }
  }

  private boolean sameBoot() {
    long[] boot = RegionFiles.bootId();
    return (long) LONGS.get(region, BOOT_ID_OFFSET) == boot[0]
        && (long) LONGS.get(region, BOOT_ID_OFFSET + 8) == boot[1]
        && (int) INTS.getVolatile(region, STATE_OFFSET) == HeaderLayout.STATE_READY;
  }

  /** Writes a fresh header and an empty table; called with the creation file lock held. */
  private void initialize() {
    for (int i = 0; i < HeaderLayout.LENGTH; i += Long.BYTES) {
      LONGS.set(region, i, 0L);
    }
    LONGS.set(region, MAGIC_OFFSET, HeaderLayout.MAGIC);
    INTS.set(region, VERSION_OFFSET, HeaderLayout.VERSION);
    INTS.set(region, CAPACITY_OFFSET, geometry.capacity());
    INTS.set(region, BUCKET_COUNT_OFFSET, geometry.bucketCount());
    INTS.set(region, SLOT_SIZE_OFFSET, geometry.slotSize());
    INTS.set(region, MAX_KEY_SIZE_OFFSET, geometry.maxKeySize());
    INTS.set(region, MAX_VALUE_SIZE_OFFSET, geometry.maxValueSize());
    LONGS.set(region, TTL_OFFSET, ttlNanos);
    long[] boot = RegionFiles.bootId();
    LONGS.set(region, BOOT_ID_OFFSET, boot[0]);
    LONGS.set(region, BOOT_ID_OFFSET + 8, boot[1]);
    resetTable();
    INTS.setRelease(region, STATE_OFFSET, HeaderLayout.STATE_READY);
  }

  /** Empties the buckets and the queue and threads every slot onto the free list. */
  private void resetTable() {
    for (int b = 0; b < geometry.bucketCount(); b++) {
      INTS.set(region, geometry.bucketOffset(b), 0);
    }
    for (int s = 0; s < geometry.capacity(); s++) {
      int next = s + 1 < geometry.capacity() ? s + 1 : NONE;
      INTS.set(region, geometry.slotOffset(s) + OLDER_OFFSET, next);
    }
    INTS.set(region, FREE_OFFSET, 0);
    INTS.set(region, HEAD_OFFSET, NONE);
    INTS.set(region, TAIL_OFFSET, NONE);
    INTS.set(region, HAND_OFFSET, NONE);
    INTS.set(region, SIZE_OFFSET, 0);
  }

  /**
   * Returns whether entries of this region expire.
   *
   * @return whether the region has a TTL
   */
  public boolean expires() {
    return ttlNanos != 0;
  }

  // ------------------------------------------------------------------------------- reads

  /**
   * Returns a copy of the value stored under {@code key}, or {@code null} on a miss; counts the hit
   * or miss in the region.
   *
   * @param key the key bytes
   * @param keyLength how many bytes of {@code key} form the key
   * @param hash the key's 64-bit hash
   * @param now the caller's {@code System.nanoTime()}
   * @return the value bytes, or {@code null}
   */
  public byte[] get(byte[] key, int keyLength, long hash, long now) {
    return read(key, keyLength, hash, now, true);
  }

  /**
   * Returns a copy of the value stored under {@code key}, or {@code null} on a miss, like {@link
   * #get} but without counting the lookup or marking the entry visited (for map views).
   *
   * @param key the key bytes
   * @param keyLength how many bytes of {@code key} form the key
   * @param hash the key's 64-bit hash
   * @param now the caller's {@code System.nanoTime()}
   * @return the value bytes, or {@code null}
   */
  public byte[] peek(byte[] key, int keyLength, long hash, long now) {
    return read(key, keyLength, hash, now, false);
  }

  private byte[] read(byte[] key, int keyLength, long hash, long now, boolean count) {
    try {
      if (keyLength > geometry.maxKeySize()) {
        if (count) {
          LONGS.getAndAdd(region, myCell() + CELL_MISSES_OFFSET, 1L);
        }
        return null;
      }
      int impossible = 0;
      for (int attempt = 0; ; attempt++) {
        long sequence = (long) LONGS.getAcquire(region, SEQUENCE_OFFSET); // reader step 1
        if ((sequence & 1) != 0) {
          waitForWriter(attempt);
          continue;
        }
        int found = NONE;
        byte[] value = null;
        boolean torn = false;
        try { // reader step 2: plain loads, every index checked
          int slot = probe(key, keyLength, hash);
          if (slot >= 0) {
            int offset = geometry.slotOffset(slot);
            int valueLength = (int) INTS.get(region, offset + VALUE_LENGTH_OFFSET);
            if (valueLength < 0 || valueLength > geometry.maxValueSize()) {
              torn = true;
            } else {
              value = new byte[valueLength];
              region.get(offset + SlotLayout.HEADER_LENGTH + geometry.maxKeySize(), value);
              found = slot;
            }
          } else if (slot == TORN) {
            torn = true;
          }
        } catch (IndexOutOfBoundsException | NegativeArraySizeException racing) {
          torn = true;
        }
        VarHandle.acquireFence(); // reader step 3: pairs with writer steps 2 and 4
        boolean moved = (long) LONGS.getVolatile(region, SEQUENCE_OFFSET) != sequence;
        if (torn && !moved && ++impossible >= 2) {
          // Impossible data twice under an even sequence that did not move: no writer was at
          // work, so it is not a race but a corrupt table. Repair it instead of retrying forever.
          repairIfStillCorrupt(sequence);
          impossible = 0;
          continue;
        }
        if (torn || moved) {
          waitForWriter(attempt);
          continue;
        }
        if (found >= 0) {
          int offset = geometry.slotOffset(found);
          long writeTime = (long) LONGS.get(region, offset + WRITE_TIME_OFFSET);
          if (ttlNanos == 0 || now - writeTime < ttlNanos) {
            if (!count) {
              return value;
            }
            if ((int) INTS.getOpaque(region, offset + VISITED_OFFSET) == 0) {
              INTS.setOpaque(region, offset + VISITED_OFFSET, 1); // reader step 4
            }
            LONGS.getAndAdd(region, myCell() + CELL_HITS_OFFSET, 1L);
            return value;
          }
        }
        if (count) {
          LONGS.getAndAdd(region, myCell() + CELL_MISSES_OFFSET, 1L);
        }
        return null;
      }
    } catch (InternalError fault) {
      throw truncated(fault);
    }
  }

  private static final int MISS = -1;
  private static final int TORN = -2;

  /**
   * Returns the slot holding the key, {@link #MISS}, or {@link #TORN} on impossible data. A bucket
   * whose tag differs from the key's cannot hold it: its slot, a cache miss of its own in a large
   * region, is not loaded.
   */
  private int probe(byte[] key, int keyLength, long hash) {
    int mask = geometry.bucketCount() - 1;
    int bucket = (int) hash & mask;
    int tag = tagOf(hash);
    for (int probes = 0; probes < geometry.bucketCount(); probes++) {
      int entry = (int) INTS.get(region, geometry.bucketOffset(bucket));
      if (entry == 0) {
        return MISS;
      }
      if (entry >>> slotBits == tag) {
        int slot = (entry & slotMask) - 1;
        if (slot < 0 || slot >= geometry.capacity()) {
          return TORN;
        }
        int offset = geometry.slotOffset(slot);
        if ((long) LONGS.get(region, offset + HASH_OFFSET) == hash
            && (int) INTS.get(region, offset + KEY_LENGTH_OFFSET) == keyLength
            && keyEquals(offset + SlotLayout.HEADER_LENGTH, key, keyLength)) {
          return slot;
        }
      }
      bucket = (bucket + 1) & mask;
    }
    return MISS;
  }

  /** The tag of a key's buckets: the top bits of its hash, above the slot bits of an entry. */
  private int tagOf(long hash) {
    return (int) (hash >>> (Integer.SIZE + slotBits)); // 32 - slotBits bits: at least 3
  }

  /** The bucket entry of {@code slot} for a key of {@code hash}: its tag, then slot + 1. */
  private int bucketEntry(int slot, long hash) {
    return tagOf(hash) << slotBits | (slot + 1);
  }

  /**
   * Compares the key bytes at {@code at} in the region with {@code key}, eight bytes at a time and
   * in place: no copy, no scratch array. Both sides are read in the native order, so equal bytes
   * give equal longs.
   */
  private boolean keyEquals(int at, byte[] key, int length) {
    int i = 0;
    for (; i + Long.BYTES <= length; i += Long.BYTES) {
      if ((long) LONGS.get(region, at + i) != (long) ARRAY_LONGS.get(key, i)) {
        return false;
      }
    }
    for (; i < length; i++) {
      if (region.get(at + i) != key[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the offset of the counter cell of the calling thread: a hash of the process and the
   * thread id. Threads that share a cell only share a cache line; atomic adds lose no count.
   */
  private static int myCell() {
    @SuppressWarnings("deprecation") // getId() is the only id accessor on Java 17
    long id = Thread.currentThread().getId();
    int cell = (int) (((id + PROCESS_SEED) * 0x9E3779B97F4A7C15L) >>> 58); // 6 bits: 64 cells
    return HeaderLayout.counterCellOffset(cell);
  }

  /** Backs off while a writer works; a writer that stays away too long may be dead. */
  private void waitForWriter(int attempt) {
    if (attempt < 64) {
      Thread.onSpinWait();
    } else if (attempt < 256) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
      if ((attempt & 255) == 0) {
        recoverIfOwnerDead();
      }
    }
  }

  // ------------------------------------------------------------------------------- writes

  /**
   * Stores a value; a key or value over its limit is not stored and counts as an oversize skip.
   *
   * @param key the key bytes
   * @param keyLength how many bytes of {@code key} form the key
   * @param hash the key's 64-bit hash
   * @param value the value bytes
   * @param valueLength how many bytes of {@code value} form the value
   * @param now the writer's {@code System.nanoTime()}, the entry's write time
   * @return whether it was stored
   */
  public boolean put(
      byte[] key, int keyLength, long hash, byte[] value, int valueLength, long now) {
    try {
      if (keyLength > geometry.maxKeySize() || valueLength > geometry.maxValueSize()) {
        LONGS.getAndAdd(region, OVERSIZE_OFFSET, 1L);
        return false;
      }
      lock();
      try {
        return repairing(
            () -> {
              int existing = probe(key, keyLength, hash);
              if (existing >= 0) {
                unlinkAndFree(existing, hash);
              } else if (existing == TORN) {
                throw new CorruptRegion("a bucket names no slot");
              }
              insertLocked(key, keyLength, hash, value, valueLength, now);
              return true;
            });
      } finally {
        unlock();
      }
    } catch (InternalError fault) {
      throw truncated(fault);
    }
  }

  /** Stores a new entry for a key that has none; called with the lock held. */
  private void insertLocked(
      byte[] key, int keyLength, long hash, byte[] value, int valueLength, long now) {
    if ((int) INTS.get(region, SIZE_OFFSET) >= geometry.capacity()) {
      evictOne(now);
    }
    int slot = checked((int) INTS.get(region, FREE_OFFSET), "the free list");
    int offset = geometry.slotOffset(slot);
    INTS.set(region, FREE_OFFSET, (int) INTS.get(region, offset + OLDER_OFFSET));
    LONGS.set(region, offset + HASH_OFFSET, hash);
    LONGS.set(region, offset + WRITE_TIME_OFFSET, now);
    INTS.set(region, offset + KEY_LENGTH_OFFSET, keyLength);
    INTS.set(region, offset + VALUE_LENGTH_OFFSET, valueLength);
    INTS.set(region, offset + VISITED_OFFSET, 0);
    region.put(offset + SlotLayout.HEADER_LENGTH, key, 0, keyLength);
    region.put(offset + SlotLayout.HEADER_LENGTH + geometry.maxKeySize(), value, 0, valueLength);
    linkAtHead(slot);
    insertBucket(slot, hash);
    INTS.set(region, SIZE_OFFSET, (int) INTS.get(region, SIZE_OFFSET) + 1);
  }

  /** When {@link #update} writes. */
  public enum Condition {
    /** Whatever the key holds. */
    ALWAYS,
    /** Only if the key has no live entry. */
    IF_ABSENT,
    /** Only if the key has a live entry. */
    IF_PRESENT,
    /** Only if the key's live value has exactly the expected bytes. */
    IF_EQUAL
  }

  /**
   * What {@link #update} found and did.
   *
   * @param previous a copy of the live value the key held before, or {@code null} if none
   * @param written whether the condition held and the write or removal took place
   */
  public record Update(byte[] previous, boolean written) {}

  /**
   * Atomically, for every process: reads the key's live value and, if {@code condition} holds,
   * stores {@code value} or, when it is {@code null}, removes the entry. An expired entry counts as
   * absent. The caller checks the limits first: a key or value over its limit is an error here.
   *
   * @param key the key bytes
   * @param hash the key's hash
   * @param condition when to write
   * @param expected the bytes {@link Condition#IF_EQUAL} compares with; otherwise ignored
   * @param value the new value bytes, or {@code null} to remove
   * @param now the caller's {@code System.nanoTime()}
   * @return the previous value and whether the write happened
   * @throws IllegalArgumentException if the key or value is over its limit
   */
  public Update update(
      byte[] key, long hash, Condition condition, byte[] expected, byte[] value, long now) {
    try {
      if (key.length > geometry.maxKeySize()
          || (value != null && value.length > geometry.maxValueSize())) {
        throw new IllegalArgumentException("key or value over the limit of " + name);
      }
      lock();
      try {
        return repairing(
            () -> {
              int slot = probe(key, key.length, hash);
              if (slot == TORN) {
                throw new CorruptRegion("a bucket names no slot");
              }
              byte[] previous = null;
              if (slot >= 0) {
                int offset = geometry.slotOffset(slot);
                long writeTime = (long) LONGS.get(region, offset + WRITE_TIME_OFFSET);
                if (ttlNanos == 0 || now - writeTime < ttlNanos) {
                  previous = new byte[(int) INTS.get(region, offset + VALUE_LENGTH_OFFSET)];
                  region.get(offset + SlotLayout.HEADER_LENGTH + geometry.maxKeySize(), previous);
                }
              }
              boolean holds =
                  switch (condition) {
                    case ALWAYS -> true;
                    case IF_ABSENT -> previous == null;
                    case IF_PRESENT -> previous != null;
                    case IF_EQUAL -> previous != null && Arrays.equals(previous, expected);
                  };
              if (holds) {
                if (slot >= 0) {
                  unlinkAndFree(slot, hash);
                }
                if (value != null) {
                  insertLocked(key, key.length, hash, value, value.length, now);
                }
              }
              return new Update(previous, holds);
            });
      } finally {
        unlock();
      }
    } catch (InternalError fault) {
      throw truncated(fault);
    }
  }

  /**
   * Returns the number of live entries: the region's size without a TTL, else a count of the
   * unexpired entries under the write lock.
   *
   * @param now the caller's {@code System.nanoTime()}
   * @return the live entries
   */
  public int liveSize(long now) {
    try {
      if (ttlNanos == 0) {
        return (int) INTS.getVolatile(region, SIZE_OFFSET);
      }
      int live = 0;
      lock();
      try {
        int steps = 0;
        for (int slot = (int) INTS.get(region, HEAD_OFFSET); slot != NONE; steps++) {
          int offset = geometry.slotOffset(checked(slot, "a queue link"));
          if (steps == geometry.capacity()) {
            throw new CorruptRegion("the queue is longer than the region");
          }
          if (now - (long) LONGS.get(region, offset + WRITE_TIME_OFFSET) < ttlNanos) {
            live++;
          }
          slot = (int) INTS.get(region, offset + OLDER_OFFSET);
        }
      } catch (CorruptRegion | IndexOutOfBoundsException e) {
        resetCorrupt(e);
        live = 0;
      } finally {
        unlock();
      }
      return live;
    } catch (InternalError fault) {
      throw truncated(fault);
    }
  }

  /**
   * Copies every live entry, newest first, while holding the write lock (so the copy is one
   * consistent snapshot); the caller decodes them after the lock is released.
   *
   * @param now the caller's {@code System.nanoTime()}
   * @return pairs of key bytes and value bytes
   */
  public java.util.List<byte[][]> snapshot(long now) {
    try {
      java.util.List<byte[][]> entries = new java.util.ArrayList<>();
      lock();
      try {
        int steps = 0;
        for (int slot = (int) INTS.get(region, HEAD_OFFSET); slot != NONE; steps++) {
          int offset = geometry.slotOffset(checked(slot, "a queue link"));
          if (steps == geometry.capacity()) {
            throw new CorruptRegion("the queue is longer than the region");
          }
          long writeTime = (long) LONGS.get(region, offset + WRITE_TIME_OFFSET);
          if (ttlNanos == 0 || now - writeTime < ttlNanos) {
            byte[] key = new byte[(int) INTS.get(region, offset + KEY_LENGTH_OFFSET)];
            byte[] value = new byte[(int) INTS.get(region, offset + VALUE_LENGTH_OFFSET)];
            region.get(offset + SlotLayout.HEADER_LENGTH, key);
            region.get(offset + SlotLayout.HEADER_LENGTH + geometry.maxKeySize(), value);
            entries.add(new byte[][] {key, value});
          }
          slot = (int) INTS.get(region, offset + OLDER_OFFSET);
        }
      } catch (CorruptRegion | IndexOutOfBoundsException | NegativeArraySizeException e) {
        resetCorrupt(e);
        entries.clear();
      } finally {
        unlock();
      }
      return entries;
    } catch (InternalError fault) {
      throw truncated(fault);
    }
  }

  /**
   * Removes the entry of {@code key}, if any.
   *
   * @param key the key bytes
   * @param keyLength how many bytes form the key
   * @param hash the key's hash
   * @return whether an entry was removed
   */
  public boolean remove(byte[] key, int keyLength, long hash) {
    try {
      if (keyLength > geometry.maxKeySize()) {
        return false;
      }
      lock();
      try {
        return repairing(
            () -> {
              int slot = probe(key, keyLength, hash);
              if (slot == TORN) {
                throw new CorruptRegion("a bucket names no slot");
              }
              if (slot < 0) {
                return false;
              }
              unlinkAndFree(slot, hash);
              return true;
            });
      } finally {
        unlock();
      }
    } catch (InternalError fault) {
      throw truncated(fault);
    }
  }

  /** Counts a key over its limit: a miss that is also an oversize skip. */
  public void countOversizeMiss() {
    addToCounter(myCell() + CELL_MISSES_OFFSET, 1L);
    addToCounter(OVERSIZE_OFFSET, 1L);
  }

  /**
   * Turns a counted miss into a hit: the lookup missed in the region, then joined a computation of
   * the same key already running in this process. Two adds, so a reader of the counters may see the
   * miss moved a moment late; the totals are exact once the calls return.
   */
  public void countJoinAsHit() {
    int cell = myCell();
    addToCounter(cell + CELL_MISSES_OFFSET, -1L);
    addToCounter(cell + CELL_HITS_OFFSET, 1L);
  }

  /** Takes back a counted miss: the call looks the key up again and is counted then. */
  public void uncountMiss() {
    addToCounter(myCell() + CELL_MISSES_OFFSET, -1L);
  }

  /** Counts a lookup of a key over its limit, which cannot be stored: a miss. */
  public void countMiss() {
    addToCounter(myCell() + CELL_MISSES_OFFSET, 1L);
  }

  /** Counts a value over its limit, which was not stored. */
  public void countOversizeSkip() {
    addToCounter(OVERSIZE_OFFSET, 1L);
  }

  /** Adds to one of the header's counters, shared by every process. */
  private void addToCounter(int offset, long delta) {
    try {
      LONGS.getAndAdd(region, offset, delta);
    } catch (InternalError fault) {
      throw truncated(fault);
    }
  }

  /** Removes every entry and resets the region's statistics. */
  public void clear() {
    try {
      lock();
      try {
        resetTable();
        for (int offset : new int[] {EVICTIONS_OFFSET, OVERSIZE_OFFSET}) {
          LONGS.setVolatile(region, offset, 0L);
        }
        for (int cell = 0; cell < COUNTER_CELLS; cell++) {
          int at = HeaderLayout.counterCellOffset(cell);
          LONGS.setVolatile(region, at + CELL_HITS_OFFSET, 0L);
          LONGS.setVolatile(region, at + CELL_MISSES_OFFSET, 0L);
        }
      } finally {
        unlock();
      }
    } catch (InternalError fault) {
      throw truncated(fault);
    }
  }

  /** Evicts the oldest entry if it expired, else SIEVE's victim. */
  private void evictOne(long now) {
    int tail = checked((int) INTS.get(region, TAIL_OFFSET), "the queue's tail");
    int victim;
    if (ttlNanos != 0
        && now - (long) LONGS.get(region, geometry.slotOffset(tail) + WRITE_TIME_OFFSET)
            >= ttlNanos) {
      victim = tail;
    } else {
      int hand = (int) INTS.get(region, HAND_OFFSET);
      victim = hand != NONE ? checked(hand, "the SIEVE hand") : tail;
      // One pass clears every visited bit, so the hand stops within two; the bound also ends the
      // walk if readers keep re-marking entries, or if the links of a corrupt region form a cycle.
      for (int steps = 0;
          steps < 2 * geometry.capacity()
              && (int) INTS.getOpaque(region, geometry.slotOffset(victim) + VISITED_OFFSET) != 0;
          steps++) {
        INTS.setOpaque(region, geometry.slotOffset(victim) + VISITED_OFFSET, 0);
        int newer = (int) INTS.get(region, geometry.slotOffset(victim) + NEWER_OFFSET);
        victim = newer != NONE ? checked(newer, "a queue link") : tail;
      }
      INTS.set(region, HAND_OFFSET, victim);
    }
    unlinkAndFree(victim, (long) LONGS.get(region, geometry.slotOffset(victim) + HASH_OFFSET));
    LONGS.getAndAdd(region, EVICTIONS_OFFSET, 1L);
  }

  private void linkAtHead(int slot) {
    int offset = geometry.slotOffset(slot);
    int head = (int) INTS.get(region, HEAD_OFFSET);
    INTS.set(region, offset + OLDER_OFFSET, head);
    INTS.set(region, offset + NEWER_OFFSET, NONE);
    if (head != NONE) {
      INTS.set(region, geometry.slotOffset(head) + NEWER_OFFSET, slot);
    }
    INTS.set(region, HEAD_OFFSET, slot);
    if ((int) INTS.get(region, TAIL_OFFSET) == NONE) {
      INTS.set(region, TAIL_OFFSET, slot);
    }
  }

  /** Takes a slot out of the queue and the buckets and puts it on the free list. */
  private void unlinkAndFree(int slot, long hash) {
    int offset = geometry.slotOffset(slot);
    int newer = (int) INTS.get(region, offset + NEWER_OFFSET);
    int older = (int) INTS.get(region, offset + OLDER_OFFSET);
    if (newer != NONE) {
      checked(newer, "a queue link");
    }
    if (older != NONE) {
      checked(older, "a queue link");
    }
    if ((int) INTS.get(region, HAND_OFFSET) == slot) {
      INTS.set(region, HAND_OFFSET, newer);
    }
    if (newer != NONE) {
      INTS.set(region, geometry.slotOffset(newer) + OLDER_OFFSET, older);
    } else {
      INTS.set(region, HEAD_OFFSET, older);
    }
    if (older != NONE) {
      INTS.set(region, geometry.slotOffset(older) + NEWER_OFFSET, newer);
    } else {
      INTS.set(region, TAIL_OFFSET, newer);
    }
    deleteBucket(slot, hash);
    INTS.set(region, offset + OLDER_OFFSET, (int) INTS.get(region, FREE_OFFSET));
    INTS.set(region, FREE_OFFSET, slot);
    INTS.set(region, SIZE_OFFSET, (int) INTS.get(region, SIZE_OFFSET) - 1);
  }

  private void insertBucket(int slot, long hash) {
    int mask = geometry.bucketCount() - 1;
    int bucket = (int) hash & mask;
    for (int probes = 0; (int) INTS.get(region, geometry.bucketOffset(bucket)) != 0; probes++) {
      if (probes == geometry.bucketCount()) {
        throw new CorruptRegion("no empty bucket");
      }
      bucket = (bucket + 1) & mask;
    }
    INTS.set(region, geometry.bucketOffset(bucket), bucketEntry(slot, hash));
  }

  /** Removes the slot's bucket, shifting later entries of its probe run back (no tombstones). */
  private void deleteBucket(int slot, long hash) {
    int mask = geometry.bucketCount() - 1;
    int hole = (int) hash & mask;
    int wanted = bucketEntry(slot, hash);
    for (int probes = 0; (int) INTS.get(region, geometry.bucketOffset(hole)) != wanted; probes++) {
      if (probes == geometry.bucketCount()) {
        throw new CorruptRegion("a live slot has no bucket");
      }
      hole = (hole + 1) & mask;
    }
    int next = hole;
    for (; ; ) {
      INTS.set(region, geometry.bucketOffset(hole), 0);
      for (; ; ) {
        next = (next + 1) & mask;
        int entry = (int) INTS.get(region, geometry.bucketOffset(next));
        if (entry == 0) {
          return;
        }
        int entrySlot = checked((entry & slotMask) - 1, "a bucket");
        long entryHash = (long) LONGS.get(region, geometry.slotOffset(entrySlot) + HASH_OFFSET);
        int home = (int) entryHash & mask;
        // The entry may move into the hole unless its home lies cyclically in (hole, next].
        boolean staysPut = hole <= next ? hole < home && home <= next : hole < home || home <= next;
        if (!staysPut) {
          INTS.set(region, geometry.bucketOffset(hole), entry);
          hole = next;
          break;
        }
      }
    }
  }

  // ------------------------------------------------------------------------------- corruption

  /**
   * Thrown inside a write when the region's structure is impossible (a link or index out of range,
   * a probe that never ends): the write resets the region and tries once more.
   */
  private static final class CorruptRegion extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptRegion(String what) {
      super(what, null, false, false);
    }
  }

  /** Returns {@code slot} if it is a slot of this region; else the region is corrupt. */
  private int checked(int slot, String what) {
    if (slot < 0 || slot >= geometry.capacity()) {
      throw new CorruptRegion(what + " holds " + slot + ", not a slot of " + geometry.capacity());
    }
    return slot;
  }

  /**
   * Runs a write's body with the lock held; if it finds the region corrupt (written by something
   * else, or damaged), drops every entry, counts a recovery and runs the body again on the empty
   * table. A cache may lose entries; it may not loop, throw on every call, or hand out garbage.
   */
  private <T> T repairing(java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (CorruptRegion | IndexOutOfBoundsException | NegativeArraySizeException e) {
      resetCorrupt(e);
      return body.get();
    }
  }

  /**
   * Empties a corrupt table, counts a recovery and logs it, with {@code cause}'s stack trace: an
   * index out of bounds is what a damaged region gives, but also what a bug of this class would
   * give, and the log is where the two can be told apart. Called with the lock held.
   */
  private void resetCorrupt(RuntimeException cause) {
    resetTable();
    long recoveries = (long) LONGS.getAndAdd(region, RECOVERIES_OFFSET, 1L) + 1;
    LOG.log(
        System.Logger.Level.WARNING,
        "shared region "
            + name
            + ": its table was corrupt and has been emptied (recovery "
            + recoveries
            + " of this region)",
        cause);
  }

  /**
   * Called by a reader that found impossible data under an even sequence that did not move: no
   * writer was at work, so the table itself is corrupt. Resets it unless a write happened since.
   */
  private void repairIfStillCorrupt(long observedSequence) {
    lock();
    try {
      // lock() made the sequence odd from the value it found: observed + 1 means no write between.
      if ((long) LONGS.get(region, SEQUENCE_OFFSET) == observedSequence + 1) {
        resetCorrupt(
            new CorruptRegion(
                "a reader found impossible data twice, with no write in between, at sequence "
                    + observedSequence));
      }
    } finally {
      unlock();
    }
  }

  // ------------------------------------------------------------------------------- locking

  private void lock() {
    localLock.lock();
    try {
      requireWholeFile();
      for (int attempt = 0; ; attempt++) { // writer step 1
        if ((long) LONGS.getVolatile(region, LOCK_OFFSET) == 0
            && LONGS.compareAndSet(region, LOCK_OFFSET, 0L, pid)) {
          break;
        }
        waitForWriter(attempt);
      }
    } catch (RuntimeException | Error e) {
      localLock.unlock();
      throw e;
    }
    long sequence = (long) LONGS.getVolatile(region, SEQUENCE_OFFSET);
    // Odd under a lock word that was free: no writer leaves that (a dying one leaves its pid), so
    // the header is corrupt. Make the parity right again and empty the table below.
    boolean stranded = (sequence & 1) != 0;
    if (stranded) {
      sequence++;
    }
    LONGS.setVolatile(region, SEQUENCE_OFFSET, sequence + 1); // writer step 2
    VarHandle.releaseFence();
    if (stranded) {
      resetCorrupt(
          new CorruptRegion(
              "the sequence was odd (" + (sequence - 1) + ") under a free lock word"));
    }
    LONGS.set(region, LAST_WRITER_OFFSET, pid);
    if (parkWhileLockedForTests) {
      LockSupport.park(this); // a test kills this process here, with the lock held
    }
  }

  private void unlock() {
    try {
      long sequence = (long) LONGS.get(region, SEQUENCE_OFFSET);
      LONGS.setRelease(region, SEQUENCE_OFFSET, sequence + 1); // writer step 4
      LONGS.setRelease(region, LOCK_OFFSET, 0L); // writer step 5
    } finally {
      localLock.unlock(); // even when the region faults: this JVM's writers must not hang
    }
  }

  /**
   * Fails if the file shrank under the mapping. An atomic update of a page that is gone can take
   * the JVM down (the VM turns faults of plain loads and stores into {@link InternalError}, but not
   * every path of a compare-and-set), so every write checks the size first: one {@code fstat},
   * small beside a write. Reads use plain loads until they have seen the region whole.
   */
  private void requireWholeFile() {
    long size;
    try {
      size = channel.size();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the size of the region file " + file, e);
    }
    if (size < geometry.fileSize()) {
      throw truncated(null);
    }
  }

  /**
   * The exception for a fault on the mapped region: the JVM reports an access beyond the end of a
   * file that shrank under the mapping (truncated or replaced by someone) as an {@link
   * InternalError}, which must not reach the caller as one.
   */
  private IllegalStateException truncated(InternalError fault) {
    return new IllegalStateException(
        "the shared cache region "
            + file
            + " was truncated or replaced while this process had it mapped; its entries are lost."
            + " Create the cache again to recreate the region",
        fault);
  }

  /** Takes over and resets the region if the lock's owner has died. */
  private void recoverIfOwnerDead() {
    long owner = (long) LONGS.getVolatile(region, LOCK_OFFSET);
    if (owner == 0) {
      repairIfStranded();
      return;
    }
    if (owner == pid || isAlive(owner)) {
      return;
    }
    if (!localLock.tryLock()) {
      return;
    }
    try {
      if (!LONGS.compareAndSet(region, LOCK_OFFSET, owner, pid)) {
        return;
      }
      long sequence = (long) LONGS.getVolatile(region, SEQUENCE_OFFSET);
      long odd = sequence | 1L;
      LONGS.setVolatile(region, SEQUENCE_OFFSET, odd + 2); // odd while resetting
      VarHandle.releaseFence();
      resetTable();
      LONGS.getAndAdd(region, RECOVERIES_OFFSET, 1L);
      LONGS.setRelease(region, SEQUENCE_OFFSET, odd + 3);
      LONGS.setRelease(region, LOCK_OFFSET, 0L);
    } finally {
      localLock.unlock();
    }
  }

  /**
   * An odd sequence seen with a free lock word by an earlier check, or -1. A plain field: it is a
   * hint between two checks of one waiting reader, and any thread may overwrite it.
   */
  private long strandedSequence = -1;

  /**
   * Repairs a sequence left odd with no writer (a corrupt header): readers would wait for it
   * forever. A free lock word and an odd sequence can meet for a moment between two writers, so
   * only the same odd value seen by two checks of a waiting reader (256 back-offs, more than ten
   * milliseconds, apart) counts: a writer's odd value never lasts that long without its pid in the
   * lock word, and the sequence never repeats. Then a write lock, whose {@link #lock()} restores
   * the parity, resets the table.
   */
  private void repairIfStranded() {
    long sequence = (long) LONGS.getVolatile(region, SEQUENCE_OFFSET);
    if ((sequence & 1) == 0) {
      return;
    }
    if (sequence != strandedSequence) {
      strandedSequence = sequence;
      return;
    }
    strandedSequence = -1;
    lock(); // sees the odd sequence under a free lock word: makes it even and resets the table
    unlock();
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  // ------------------------------------------------------------------------------- inspection

  private long sumCells(int field) {
    long sum = 0;
    for (int cell = 0; cell < COUNTER_CELLS; cell++) {
      sum += (long) LONGS.getVolatile(region, HeaderLayout.counterCellOffset(cell) + field);
    }
    return sum;
  }

  /**
   * Returns the region's counters: hits, misses, evictions, oversize skips, size, capacity,
   * recoveries and the last writer's pid.
   *
   * @return the counters
   */
  public Stats stats() {
    try {
      return new Stats(
          sumCells(CELL_HITS_OFFSET),
          sumCells(CELL_MISSES_OFFSET),
          (long) LONGS.getVolatile(region, EVICTIONS_OFFSET),
          (long) LONGS.getVolatile(region, OVERSIZE_OFFSET),
          (int) INTS.getVolatile(region, SIZE_OFFSET),
          geometry.capacity(),
          (long) LONGS.getVolatile(region, RECOVERIES_OFFSET),
          (long) LONGS.getVolatile(region, LAST_WRITER_OFFSET));
    } catch (InternalError fault) {
      throw truncated(fault);
    }
  }

  /**
   * A snapshot of a region's counters.
   *
   * @param hits lookups that found a live entry, in every process
   * @param misses lookups that did not
   * @param evictions entries evicted for room or expiry
   * @param oversizeSkips keys or values not stored because they were over their limit
   * @param size the entries held now
   * @param capacity the most entries
   * @param recoveries resets after a writer died holding the lock
   * @param lastWriterPid the pid of the last process that wrote
   */
  public record Stats(
      long hits,
      long misses,
      long evictions,
      long oversizeSkips,
      int size,
      int capacity,
      long recoveries,
      long lastWriterPid) {}

  /**
   * Returns the cache name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the region file.
   *
   * @return the path
   */
  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
