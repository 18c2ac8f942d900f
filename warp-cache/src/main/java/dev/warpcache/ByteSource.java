package dev.warpcache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads what a {@link ByteSink} wrote, from a region of a byte array. Every read checks the bytes
 * that remain first: input that is truncated or malformed (a boolean other than 0 or 1, a varint
 * that is too long, invalid UTF-8) gives a {@link CodecException} naming the position, never an
 * {@link IndexOutOfBoundsException}. A length read from the input is checked against the bytes that
 * remain before anything is allocated for it ({@link #readLength(int)}), so corrupt input cannot
 * make a reader allocate more than the input's own size.
 *
 * <p>A source can be {@linkplain #reset(byte[], int, int) pointed} at another region, so a thread
 * may keep one. Positions in messages and {@link #position()} count from the start of the region.
 *
 * <p>Not thread-safe.
 */
public final class ByteSource {
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] buf;
  private int start;
  private int pos;
  private int end;

  /**
   * Creates a source over a whole array. The array is not copied.
   *
   * @param bytes the bytes to read
   */
  public ByteSource(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  /**
   * Creates a source over {@code length} bytes of {@code bytes} from {@code offset}. The array is
   * not copied.
   *
   * @param bytes the array
   * @param offset the index of the first byte to read
   * @param length the number of bytes that may be read
   * @throws IndexOutOfBoundsException if the region is not within {@code bytes}
   */
  public ByteSource(byte[] bytes, int offset, int length) {
    reset(bytes, offset, length);
  }

  /**
   * Points this source at another region, to read it from its start.
   *
   * @param bytes the array
   * @param offset the index of the first byte to read
   * @param length the number of bytes that may be read
   * @return this source
   * @throws IndexOutOfBoundsException if the region is not within {@code bytes}
   */
  public ByteSource reset(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    this.buf = bytes;
    this.start = offset;
    this.pos = offset;
    this.end = offset + length;
    return this;
  }

  /**
   * Returns the number of bytes read so far.
   *
   * @return the position, from the start of the region
   */
  public int position() {
    return pos - start;
  }

  /**
   * Returns the number of bytes left to read.
   *
   * @return the bytes remaining
   */
  public int remaining() {
    return end - pos;
  }

  /**
   * Tells whether any bytes are left to read.
   *
   * @return {@code true} if {@link #remaining()} is positive
   */
  public boolean hasRemaining() {
    return pos < end;
  }

  /**
   * Checks that every byte was read: a value followed by stray bytes is malformed.
   *
   * @throws CodecException if bytes remain
   */
  public void requireEnd() {
    if (pos != end) {
      throw malformed(remaining() + " unexpected bytes after the end of the value");
    }
  }

  /**
   * Reads one byte.
   *
   * @return the byte
   * @throws CodecException if no byte remains
   */
  public byte readByte() {
    return buf[take(1)];
  }

  /**
   * Reads a boolean written by {@link ByteSink#writeBoolean}.
   *
   * @return the boolean
   * @throws CodecException if no byte remains, or the byte is neither 0 nor 1
   */
  public boolean readBoolean() {
    int p = take(1);
    byte b = buf[p];
    if (b != 0 && b != 1) {
      throw malformedAt(p, "a boolean must be 0 or 1, but was " + b);
    }
    return b == 1;
  }

  /**
   * Reads a big-endian short.
   *
   * @return the short
   * @throws CodecException if fewer than 2 bytes remain
   */
  public short readShort() {
    return (short) SHORT.get(buf, take(Short.BYTES));
  }

  /**
   * Reads a big-endian char.
   *
   * @return the char
   * @throws CodecException if fewer than 2 bytes remain
   */
  public char readChar() {
    return (char) readShort();
  }

  /**
   * Reads a big-endian int.
   *
   * @return the int
   * @throws CodecException if fewer than 4 bytes remain
   */
  public int readInt() {
    return (int) INT.get(buf, take(Integer.BYTES));
  }

  /**
   * Reads a big-endian long.
   *
   * @return the long
   * @throws CodecException if fewer than 8 bytes remain
   */
  public long readLong() {
    return (long) LONG.get(buf, take(Long.BYTES));
  }

  /**
   * Reads a float written by {@link ByteSink#writeFloat}.
   *
   * @return the float
   * @throws CodecException if fewer than 4 bytes remain
   */
  public float readFloat() {
    return Float.intBitsToFloat(readInt());
  }

  /**
   * Reads a double written by {@link ByteSink#writeDouble}.
   *
   * @return the double
   * @throws CodecException if fewer than 8 bytes remain
   */
  public double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  /**
   * Reads a varint written by {@link ByteSink#writeVarInt}.
   *
   * @return a non-negative int
   * @throws CodecException if the input ends inside the varint, or the varint does not fit in a
   *     non-negative int, or it is not in its shortest form
   */
  public int readVarInt() {
    int first = pos;
    int result = 0;
    for (int shift = 0; ; shift += 7) {
      if (pos >= end) {
        throw malformedAt(first, "the input ends inside a varint");
      }
      int b = buf[pos++] & 0xFF;
      if (shift == 28 && b > 0x07) {
        throw malformedAt(first, "a varint does not fit in a non-negative int");
      }
      result |= (b & 0x7F) << shift;
      if (b < 0x80) {
        if (b == 0 && shift > 0) {
          throw malformedAt(first, "a varint is not in its shortest form");
        }
        return result;
      }
    }
  }

  /**
   * Reads a varint length or count and checks that the input still holds at least {@code
   * minBytesPerElement} bytes for each element, so a corrupt count is refused before anything is
   * allocated for it.
   *
   * @param minBytesPerElement the fewest bytes each element takes; 0 to skip the check
   * @return the length, at least 0
   * @throws IllegalArgumentException if {@code minBytesPerElement} is negative
   * @throws CodecException if the varint is malformed or the input is too short for that many
   *     elements
   */
  public int readLength(int minBytesPerElement) {
    if (minBytesPerElement < 0) {
      throw new IllegalArgumentException(
          "minBytesPerElement must not be negative, but was " + minBytesPerElement);
    }
    int first = pos;
    int length = readVarInt();
    if ((long) length * minBytesPerElement > remaining()) {
      throw malformedAt(
          first,
          "a length of "
              + length
              + " needs at least "
              + (long) length * minBytesPerElement
              + " bytes, but only "
              + remaining()
              + " remain");
    }
    return length;
  }

  /**
   * Reads {@code length} bytes into a new array.
   *
   * @param length the number of bytes
   * @return a new array holding them
   * @throws IllegalArgumentException if {@code length} is negative
   * @throws CodecException if fewer than {@code length} bytes remain
   */
  public byte[] readBytes(int length) {
    requireNonNegative(length);
    int p = take(length);
    byte[] bytes = new byte[length];
    System.arraycopy(buf, p, bytes, 0, length);
    return bytes;
  }

  /**
   * Reads {@code length} bytes into {@code target} from {@code offset}.
   *
   * @param target the array to fill
   * @param offset the index in {@code target} of the first byte
   * @param length the number of bytes
   * @throws IndexOutOfBoundsException if the range is not within {@code target}
   * @throws CodecException if fewer than {@code length} bytes remain
   */
  public void readBytes(byte[] target, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, target.length);
    int p = take(length);
    System.arraycopy(buf, p, target, offset, length);
  }

  /**
   * Reads a string written by {@link ByteSink#writeString}.
   *
   * @return the string
   * @throws CodecException if the length is malformed or larger than the bytes that remain, or the
   *     bytes are not valid UTF-8 as that method writes it
   */
  public String readString() {
    int byteCount = readLength(1);
    int from = take(byteCount);
    return decodeUtf8(from, from + byteCount);
  }

  /**
   * Skips {@code length} bytes.
   *
   * @param length the number of bytes to skip
   * @throws IllegalArgumentException if {@code length} is negative
   * @throws CodecException if fewer than {@code length} bytes remain
   */
  public void skip(int length) {
    requireNonNegative(length);
    take(length);
  }

  /**
   * Returns a new source over the next {@code length} bytes, and moves this source past them: for a
   * nested value whose length was written before it, so that its reader cannot read beyond it.
   *
   * @param length the number of bytes
   * @return a new source over those bytes, sharing this source's array
   * @throws IllegalArgumentException if {@code length} is negative
   * @throws CodecException if fewer than {@code length} bytes remain
   */
  public ByteSource slice(int length) {
    requireNonNegative(length);
    int p = take(length);
    return new ByteSource(buf, p, length);
  }

  @Override
  public String toString() {
    return "ByteSource[position=" + position() + ", remaining=" + remaining() + "]";
  }

  /** Consumes {@code count} bytes and returns the array index of the first. */
  private int take(int count) {
    int p = pos;
    if (count > end - p) {
      throw malformedAt(
          p,
          "the input is truncated: " + count + " bytes needed, but only " + (end - p) + " remain");
    }
    pos = p + count;
    return p;
  }

  /**
   * Decodes the bytes {@code [from, to)} of the array as {@link ByteSink#writeString} writes them:
   * UTF-8 in its shortest form, where a lone surrogate may appear as a three-byte sequence but a
   * surrogate pair must be one four-byte sequence.
   */
  private String decodeUtf8(int from, int to) {
    byte[] b = buf;
    int i = from;
    while (i < to && b[i] >= 0) {
      i++;
    }
    if (i == to) {
      return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
    char[] chars = new char[to - from];
    int n = 0;
    for (int k = from; k < i; k++) {
      chars[n++] = (char) b[k];
    }
    boolean afterLoneHigh = false;
    while (i < to) {
      int b0 = b[i] & 0xFF;
      if (b0 < 0x80) {
        chars[n++] = (char) b0;
        i++;
        afterLoneHigh = false;
      } else if (b0 < 0xC2) {
        throw malformedAt(i, "invalid UTF-8: a sequence cannot start with byte " + hex(b0));
      } else if (b0 < 0xE0) {
        requireSequence(i, 2, to);
        int b1 = continuation(i + 1, 0x80, 0xBF);
        chars[n++] = (char) (((b0 & 0x1F) << 6) | (b1 & 0x3F));
        i += 2;
        afterLoneHigh = false;
      } else if (b0 < 0xF0) {
        requireSequence(i, 3, to);
        int b1 = continuation(i + 1, b0 == 0xE0 ? 0xA0 : 0x80, 0xBF);
        int b2 = continuation(i + 2, 0x80, 0xBF);
        char c = (char) (((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F));
        if (afterLoneHigh && Character.isLowSurrogate(c)) {
          throw malformedAt(
              i, "invalid UTF-8: a surrogate pair must be one four-byte sequence, not two");
        }
        chars[n++] = c;
        i += 3;
        afterLoneHigh = Character.isHighSurrogate(c);
      } else if (b0 < 0xF5) {
        requireSequence(i, 4, to);
        int b1 = continuation(i + 1, b0 == 0xF0 ? 0x90 : 0x80, b0 == 0xF4 ? 0x8F : 0xBF);
        int b2 = continuation(i + 2, 0x80, 0xBF);
        int b3 = continuation(i + 3, 0x80, 0xBF);
        int codePoint =
            ((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F);
        chars[n++] = Character.highSurrogate(codePoint);
        chars[n++] = Character.lowSurrogate(codePoint);
        i += 4;
        afterLoneHigh = false;
      } else {
        throw malformedAt(i, "invalid UTF-8: a sequence cannot start with byte " + hex(b0));
      }
    }
    return new String(chars, 0, n);
  }

  private void requireSequence(int index, int length, int to) {
    if (length > to - index) {
      throw malformedAt(index, "invalid UTF-8: the string ends inside a character");
    }
  }

  private int continuation(int index, int min, int max) {
    int b = buf[index] & 0xFF;
    if (b < min || b > max) {
      throw malformedAt(index, "invalid UTF-8: unexpected byte " + hex(b) + " inside a character");
    }
    return b;
  }

  private static void requireNonNegative(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative, but was " + length);
    }
  }

  private static String hex(int b) {
    return String.format("0x%02X", b);
  }

  private CodecException malformed(String message) {
    return malformedAt(pos, message);
  }

  private CodecException malformedAt(int index, String message) {
    return new CodecException(message + " (at byte " + (index - start) + ")");
  }
}
