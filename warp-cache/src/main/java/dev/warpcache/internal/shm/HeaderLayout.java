package dev.warpcache.internal.shm;

/**
 * The layout of a region's header: every field's offset, in bytes from the start of the file.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       magic "WARPSHM1"                        |   0
 *  +-------------------------------+-------------------------------+
 *  |        layout version         |      capacity (slots)         |   8
 *  +-------------------------------+-------------------------------+
 *  |        bucket count           |          slot size            |  16
 *  +-------------------------------+-------------------------------+
 *  |        max key size           |        max value size         |  24
 *  +-------------------------------+-------------------------------+
 *  |                  TTL in nanoseconds (0: none)                 |  32
 *  +---------------------------------------------------------------+
 *  |                  boot id (16 bytes, two longs)                |  40
 *  +---------------------------------------------------------------+
 *  |               write lock: owner pid, 0 when free              |  56
 *  +---------------------------------------------------------------+
 *  |              seqlock sequence: odd while writing              |  64
 *  +-------------------------------+-------------------------------+
 *  |   queue head (newest slot)    |   queue tail (oldest slot)    |  72
 *  +-------------------------------+-------------------------------+
 *  |       SIEVE hand (slot)       |       free list head          |  80
 *  +-------------------------------+-------------------------------+
 *  |     size (live entries)       |     state (1 = ready)         |  88
 *  +-------------------------------+-------------------------------+
 *  |  hits, misses, evictions, oversize skips, last writer pid,    |  96
 *  |  recoveries: six longs                                        |
 *  +---------------------------------------------------------------+
 *  |                    reserved up to 256                         | 144
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Slot indexes are ints; -1 means none. All multi-byte fields use the platform's native byte
 * order (the region never leaves the host) and are aligned to their size.
 */
final class HeaderLayout {
  static final long MAGIC = 0x314D485350524157L; // "WARPSHM1" read as a little-endian long
  static final int VERSION = 1;
  static final int STATE_READY = 1;

  static final int MAGIC_OFFSET = 0;
  static final int VERSION_OFFSET = 8;
  static final int CAPACITY_OFFSET = 12;
  static final int BUCKET_COUNT_OFFSET = 16;
  static final int SLOT_SIZE_OFFSET = 20;
  static final int MAX_KEY_SIZE_OFFSET = 24;
  static final int MAX_VALUE_SIZE_OFFSET = 28;
  static final int TTL_OFFSET = 32;
  static final int BOOT_ID_OFFSET = 40;
  static final int LOCK_OFFSET = 56;
  static final int SEQUENCE_OFFSET = 64;
  static final int HEAD_OFFSET = 72;
  static final int TAIL_OFFSET = 76;
  static final int HAND_OFFSET = 80;
  static final int FREE_OFFSET = 84;
  static final int SIZE_OFFSET = 88;
  static final int STATE_OFFSET = 92;
  static final int HITS_OFFSET = 96;
  static final int MISSES_OFFSET = 104;
  static final int EVICTIONS_OFFSET = 112;
  static final int OVERSIZE_OFFSET = 120;
  static final int LAST_WRITER_OFFSET = 128;
  static final int RECOVERIES_OFFSET = 136;

  /** The header's size; the bucket table starts here. */
  static final int LENGTH = 256;

  private HeaderLayout() {}
}
