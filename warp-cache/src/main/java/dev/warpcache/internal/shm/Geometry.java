package dev.warpcache.internal.shm;

/**
 * Where everything lies in a region of given parameters, with every size computation checked for
 * overflow. A region is at most {@link #MAX_FILE_SIZE} bytes, the most one mapping can address.
 *
 * @param capacity the number of slots, which is the maximum number of entries
 * @param bucketCount the size of the bucket table, a power of two at least twice the capacity
 * @param slotSize the size of one slot
 * @param maxKeySize the largest key, in encoded bytes
 * @param maxValueSize the largest value, in encoded bytes
 * @param slotsOffset where the slab of slots starts
 * @param fileSize the size of the whole region file
 */
record Geometry(
    int capacity,
    int bucketCount,
    int slotSize,
    int maxKeySize,
    int maxValueSize,
    long slotsOffset,
    long fileSize) {

  /** The largest region: one {@code MappedByteBuffer} addresses at most this many bytes. */
  static final long MAX_FILE_SIZE = Integer.MAX_VALUE;

  /**
   * Computes the geometry of a region.
   *
   * @throws IllegalArgumentException naming the limit, if a parameter is out of range or the region
   *     would exceed {@link #MAX_FILE_SIZE}
   */
  static Geometry of(long capacity, int maxKeySize, int maxValueSize) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("maxSize must be positive, but was " + capacity);
    }
    if (maxKeySize <= 0 || maxValueSize <= 0) {
      throw new IllegalArgumentException(
          "maxKeySize and maxValueSize must be positive, but were "
              + maxKeySize
              + " and "
              + maxValueSize);
    }
    int slotSize = SlotLayout.slotSize(maxKeySize, maxValueSize);
    if (capacity > (1 << 28)) {
      throw new IllegalArgumentException(
          "maxSize of a shared cache must be at most " + (1 << 28) + ", but was " + capacity);
    }
    int buckets = Integer.highestOneBit((int) capacity * 2 - 1) << 1; // >= 2 * capacity
    long bucketBytes = (long) buckets * Integer.BYTES;
    long slotsOffset = align8(HeaderLayout.LENGTH + bucketBytes);
    long slabBytes;
    long fileSize;
    try {
      slabBytes = Math.multiplyExact(capacity, (long) slotSize);
      fileSize = Math.addExact(slotsOffset, slabBytes);
    } catch (ArithmeticException overflow) {
      fileSize = Long.MAX_VALUE;
    }
    if (fileSize > MAX_FILE_SIZE) {
      throw new IllegalArgumentException(
          "a shared cache of maxSize "
              + capacity
              + " with slots of "
              + slotSize
              + " bytes needs "
              + fileSize
              + " bytes, over the limit of "
              + MAX_FILE_SIZE
              + " bytes per region: lower maxSize, maxKeySize or maxValueSize");
    }
    return new Geometry(
        (int) capacity, buckets, slotSize, maxKeySize, maxValueSize, slotsOffset, fileSize);
  }

  /**
   * Returns how many low bits of a bucket hold its slot index + 1: enough for {@link #capacity()}.
   * The bits above hold a tag, the top bits of the key's hash, so that a probe skips the slots of
   * other keys without loading them.
   */
  int bucketSlotBits() {
    return Integer.SIZE - Integer.numberOfLeadingZeros(capacity);
  }

  /** Returns the offset of the bucket at {@code index}. */
  int bucketOffset(int index) {
    return HeaderLayout.LENGTH + index * Integer.BYTES;
  }

  /** Returns the offset of the slot at {@code index}. */
  int slotOffset(int index) {
    return (int) (slotsOffset + (long) index * slotSize);
  }

  private static long align8(long offset) {
    return (offset + 7) & ~7L;
  }
}
