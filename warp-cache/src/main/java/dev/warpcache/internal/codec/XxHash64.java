package dev.warpcache.internal.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * XXH64, the 64-bit xxHash of Yann Collet, implemented from its published specification ({@code
 * doc/xxhash_spec.md} of the xxHash project) and checked against the project's test vectors. Every
 * JVM, on every platform, computes the same hash of the same bytes: input is read as little-endian
 * lanes whatever the machine's byte order, and the seed is fixed. The shared store hashes a key's
 * encoded bytes with it, so all processes find a key in the same bucket.
 *
 * <p>The hash allocates nothing; it reads eight bytes at a time through a byte-array view.
 */
public final class XxHash64 {

  /** The seed of {@link #hash(byte[], int, int)}: 0, as stated in the shared store's format. */
  public static final long DEFAULT_SEED = 0;

  private static final long PRIME64_1 = 0x9E3779B185EBCA87L;
  private static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
  private static final long PRIME64_3 = 0x165667B19E3779F9L;
  private static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
  private static final long PRIME64_5 = 0x27D4EB2F165667C5L;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private XxHash64() {}

  /**
   * Returns the XXH64 of {@code length} bytes of {@code bytes} from {@code offset}, with seed 0.
   *
   * @param bytes the array
   * @param offset the index of the first byte
   * @param length the number of bytes
   * @return the 64-bit hash
   * @throws IndexOutOfBoundsException if the range is not within {@code bytes}
   */
  public static long hash(byte[] bytes, int offset, int length) {
    return hash(bytes, offset, length, DEFAULT_SEED);
  }

  /**
   * Returns the XXH64 of {@code length} bytes of {@code bytes} from {@code offset}, with a seed.
   *
   * @param bytes the array
   * @param offset the index of the first byte
   * @param length the number of bytes
   * @param seed the seed, an unsigned 64-bit value
   * @return the 64-bit hash
   * @throws IndexOutOfBoundsException if the range is not within {@code bytes}
   */
  public static long hash(byte[] bytes, int offset, int length, long seed) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int p = offset;
    int end = offset + length;
    long acc;
    if (length >= 32) {
      // Step 1 and 2: four accumulators, each taking one 8-byte lane of every 32-byte stripe.
      long v1 = seed + PRIME64_1 + PRIME64_2;
      long v2 = seed + PRIME64_2;
      long v3 = seed;
      long v4 = seed - PRIME64_1;
      do {
        v1 = round(v1, (long) LONG_LE.get(bytes, p));
        v2 = round(v2, (long) LONG_LE.get(bytes, p + 8));
        v3 = round(v3, (long) LONG_LE.get(bytes, p + 16));
        v4 = round(v4, (long) LONG_LE.get(bytes, p + 24));
        p += 32;
      } while (end - p >= 32);
      // Step 3: converge the accumulators.
      acc =
          Long.rotateLeft(v1, 1)
              + Long.rotateLeft(v2, 7)
              + Long.rotateLeft(v3, 12)
              + Long.rotateLeft(v4, 18);
      acc = mergeAccumulator(acc, v1);
      acc = mergeAccumulator(acc, v2);
      acc = mergeAccumulator(acc, v3);
      acc = mergeAccumulator(acc, v4);
    } else {
      // Special case of short inputs: a single accumulator.
      acc = seed + PRIME64_5;
    }
    // Step 4: add the input length.
    acc += length;
    // Step 5: consume the remaining input, 8, then 4, then 1 byte at a time.
    while (end - p >= 8) {
      acc ^= round(0, (long) LONG_LE.get(bytes, p));
      acc = Long.rotateLeft(acc, 27) * PRIME64_1 + PRIME64_4;
      p += 8;
    }
    if (end - p >= 4) {
      acc ^= ((int) INT_LE.get(bytes, p) & 0xFFFFFFFFL) * PRIME64_1;
      acc = Long.rotateLeft(acc, 23) * PRIME64_2 + PRIME64_3;
      p += 4;
    }
    while (p < end) {
      acc ^= (bytes[p] & 0xFFL) * PRIME64_5;
      acc = Long.rotateLeft(acc, 11) * PRIME64_1;
      p++;
    }
    // Step 6: final mix (avalanche).
    acc ^= acc >>> 33;
    acc *= PRIME64_2;
    acc ^= acc >>> 29;
    acc *= PRIME64_3;
    acc ^= acc >>> 32;
    return acc;
  }

  private static long round(long acc, long lane) {
    acc += lane * PRIME64_2;
    acc = Long.rotateLeft(acc, 31);
    return acc * PRIME64_1;
  }

  private static long mergeAccumulator(long acc, long accN) {
    acc ^= round(0, accN);
    return acc * PRIME64_1 + PRIME64_4;
  }
}
