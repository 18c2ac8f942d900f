package dev.warpcache.internal.shm;

/**
 * The layout of one slot of the slab: a fixed header, then the key bytes, then the value bytes.
 * Every slot has the same size, fixed when the region is created.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 64-bit hash of the key bytes                  |   0
 *  +---------------------------------------------------------------+
 *  |             write time (System.nanoTime of the writer)        |   8
 *  +-------------------------------+-------------------------------+
 *  |          key length           |         value length          |  16
 *  +-------------------------------+-------------------------------+
 *  |   newer (toward queue head)   |   older (toward queue tail)   |  24
 *  +-------------------------------+-------------------------------+
 *  |   visited (0 or 1)            |   reserved                    |  32
 *  +-------------------------------+-------------------------------+
 *  |   key bytes (max key size) ... value bytes (max value size)   |  40
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A free slot is on the free list, linked through its {@code older} field.
 */
final class SlotLayout {
  static final int HASH_OFFSET = 0;
  static final int WRITE_TIME_OFFSET = 8;
  static final int KEY_LENGTH_OFFSET = 16;
  static final int VALUE_LENGTH_OFFSET = 20;
  static final int NEWER_OFFSET = 24;
  static final int OLDER_OFFSET = 28;
  static final int VISITED_OFFSET = 32;

  /** The slot header's size; the key bytes start here. */
  static final int HEADER_LENGTH = 40;

  private SlotLayout() {}

  /**
   * Returns the size of a slot for the given limits, a multiple of 8.
   *
   * @throws IllegalArgumentException if it does not fit in an int
   */
  static int slotSize(int maxKeySize, int maxValueSize) {
    long size = (long) HEADER_LENGTH + maxKeySize + maxValueSize;
    size = (size + 7) & ~7L;
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "maxKeySize + maxValueSize is too large: a slot would take " + size + " bytes");
    }
    return (int) size;
  }
}
