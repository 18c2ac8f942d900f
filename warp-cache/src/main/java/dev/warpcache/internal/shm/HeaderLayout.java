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
 *  |            reserved (hits and misses in layout 1)             |  96
 *  +---------------------------------------------------------------+
 *  |  evictions, oversize skips, last writer pid, recoveries:      | 112
 *  |  four longs                                                   |
 *  +---------------------------------------------------------------+
 *  |                    reserved up to 256                         | 144
 *  +---------------------------------------------------------------+
 *  |  64 counter cells of 64 bytes each: hits (long), misses       | 256
 *  |  (long), 48 bytes of padding                                  |
 *  +---------------------------------------------------------------+
 *  |                    bucket table starts                        | 4352
 * </pre>
 *
 * <p>Hits and misses are counted in cells, one cache line each, picked by a hash of the process and
 * thread: a hit adds to its own cell's line with an atomic add, so hits of different threads and
 * processes rarely write the same line, and never the line of the seqlock sequence that every
 * reader loads twice (layout 1 kept one hit counter beside it: every hit invalidated that line for
 * every other reader). Collisions only share a line; atomic adds never lose a count. The totals are
 * the sums over the cells.
 *
 * <p>Slot indexes are ints; -1 means none. All multi-byte fields use the platform's native byte
 * order (the region never leaves the host) and are aligned to their size.
 */
final class HeaderLayout {
  static final long MAGIC = 0x314D485350524157L; // "WARPSHM1" read as a little-endian long
  static final int VERSION = 3;
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
  static final int EVICTIONS_OFFSET = 112;
  static final int OVERSIZE_OFFSET = 120;
  static final int LAST_WRITER_OFFSET = 128;
  static final int RECOVERIES_OFFSET = 136;

  static final int COUNTER_CELLS_OFFSET = 256;
  static final int COUNTER_CELLS = 64;
  static final int COUNTER_CELL_BYTES = 64;
  static final int CELL_HITS_OFFSET = 0;
  static final int CELL_MISSES_OFFSET = 8;

  /** The header's size; the bucket table starts here. */
  static final int LENGTH = COUNTER_CELLS_OFFSET + COUNTER_CELLS * COUNTER_CELL_BYTES;

  /**
   * Returns the offset of a counter cell.
   *
   * @param cell the cell, 0 to {@link #COUNTER_CELLS} - 1
   * @return its offset from the start of the file
   */
  static int counterCellOffset(int cell) {
    return COUNTER_CELLS_OFFSET + cell * COUNTER_CELL_BYTES;
  }

  private HeaderLayout() {}
}
