package dev.warpcache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A growable byte buffer that a {@link Codec} writes a value into. Numbers are written big-endian
 * and in fixed width; lengths and counts as unsigned varints ({@link #writeVarInt}); strings as a
 * varint byte count followed by their UTF-8 bytes ({@link #writeString}). {@link ByteSource} reads
 * all of these back.
 *
 * <p>A sink is meant to be reused: {@link #reset()} empties it and keeps its array, so a thread
 * that keeps one sink encodes keys without allocating once the array is large enough. A sink may
 * have a {@linkplain #limit() limit}: a write that would take it past the limit throws a {@link
 * CodecException} and marks the sink {@linkplain #isOverLimit() over the limit}, so an oversized
 * value is abandoned as soon as it is known to be too large.
 *
 * <p>Not thread-safe.
 */
public final class ByteSink {

  /** The largest size a sink can reach: the largest array length every JVM can allocate. */
  public static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

  private static final int DEFAULT_CAPACITY = 64;
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final int limit;
  private byte[] buf;
  private int size;
  private boolean overLimit;

  /** Creates an empty sink with a small initial array and no limit but {@link #MAX_CAPACITY}. */
  public ByteSink() {
    this(DEFAULT_CAPACITY, MAX_CAPACITY);
  }

  /**
   * Creates an empty sink with no limit but {@link #MAX_CAPACITY}.
   *
   * @param initialCapacity the initial array length, at least 0
   * @throws IllegalArgumentException if {@code initialCapacity} is negative or over {@link
   *     #MAX_CAPACITY}
   */
  public ByteSink(int initialCapacity) {
    this(initialCapacity, MAX_CAPACITY);
  }

  /**
   * Creates an empty sink that refuses to grow past {@code limit} bytes.
   *
   * @param initialCapacity the initial array length, at least 0; capped at {@code limit}
   * @param limit the most bytes the sink may hold, from 0 to {@link #MAX_CAPACITY}
   * @throws IllegalArgumentException if either argument is negative or over {@link #MAX_CAPACITY}
   */
  public ByteSink(int initialCapacity, int limit) {
    if (initialCapacity < 0 || initialCapacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "initialCapacity must be between 0 and " + MAX_CAPACITY + ", but was " + initialCapacity);
    }
    if (limit < 0 || limit > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "limit must be between 0 and " + MAX_CAPACITY + ", but was " + limit);
    }
    this.limit = limit;
    this.buf = new byte[Math.min(initialCapacity, limit)];
  }

  /**
   * Returns the number of bytes written since the sink was created or last reset.
   *
   * @return the size in bytes
   */
  public int size() {
    return size;
  }

  /**
   * Returns the most bytes this sink may hold.
   *
   * @return the limit given at creation, or {@link #MAX_CAPACITY}
   */
  public int limit() {
    return limit;
  }

  /**
   * Tells whether a write was refused because it would have gone past the {@linkplain #limit()
   * limit} since the sink was created or last reset. It stays set even if a codec caught the
   * exception, so the caller can tell an oversized value from a failed one.
   *
   * @return {@code true} if the limit was hit
   */
  public boolean isOverLimit() {
    return overLimit;
  }

  /**
   * Empties the sink, keeping its array, and clears the {@linkplain #isOverLimit() over-limit}
   * mark.
   *
   * @return this sink
   */
  public ByteSink reset() {
    size = 0;
    overLimit = false;
    return this;
  }

  /**
   * Returns the sink's own array, not a copy: its first {@link #size()} bytes are the bytes
   * written. The array is replaced when the sink grows and overwritten after a {@link #reset()};
   * use it at once, for example to hash or compare the bytes without copying them.
   *
   * @return the backing array
   */
  public byte[] array() {
    return buf;
  }

  /**
   * Returns a copy of the bytes written.
   *
   * @return a new array of length {@link #size()}
   */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /**
   * Writes the low 8 bits of {@code value}.
   *
   * @param value the byte to write
   * @throws CodecException if the sink is full
   */
  public void writeByte(int value) {
    int p = reserve(1);
    buf[p] = (byte) value;
  }

  /**
   * Writes a boolean as one byte, 1 or 0.
   *
   * @param value the boolean to write
   * @throws CodecException if the sink is full
   */
  public void writeBoolean(boolean value) {
    writeByte(value ? 1 : 0);
  }

  /**
   * Writes the low 16 bits of {@code value}, big-endian.
   *
   * @param value the short to write
   * @throws CodecException if the sink is full
   */
  public void writeShort(int value) {
    int p = reserve(Short.BYTES);
    SHORT.set(buf, p, (short) value);
  }

  /**
   * Writes a char as two bytes, big-endian (a UTF-16 code unit, not UTF-8).
   *
   * @param value the char to write
   * @throws CodecException if the sink is full
   */
  public void writeChar(char value) {
    writeShort(value);
  }

  /**
   * Writes an int as four bytes, big-endian.
   *
   * @param value the int to write
   * @throws CodecException if the sink is full
   */
  public void writeInt(int value) {
    int p = reserve(Integer.BYTES);
    INT.set(buf, p, value);
  }

  /**
   * Writes a long as eight bytes, big-endian.
   *
   * @param value the long to write
   * @throws CodecException if the sink is full
   */
  public void writeLong(long value) {
    int p = reserve(Long.BYTES);
    LONG.set(buf, p, value);
  }

  /**
   * Writes a float as the four bytes of {@link Float#floatToIntBits}, big-endian. Every NaN is
   * written as the canonical NaN, so equal floats in the sense of {@link Float#equals} have equal
   * bytes; {@code 0.0f} and {@code -0.0f} are different, as they are for {@code equals}.
   *
   * @param value the float to write
   * @throws CodecException if the sink is full
   */
  public void writeFloat(float value) {
    writeInt(Float.floatToIntBits(value));
  }

  /**
   * Writes a double as the eight bytes of {@link Double#doubleToLongBits}, big-endian. Every NaN is
   * written as the canonical NaN, so equal doubles in the sense of {@link Double#equals} have equal
   * bytes; {@code 0.0} and {@code -0.0} are different, as they are for {@code equals}.
   *
   * @param value the double to write
   * @throws CodecException if the sink is full
   */
  public void writeDouble(double value) {
    writeLong(Double.doubleToLongBits(value));
  }

  /**
   * Writes a non-negative int as an unsigned varint: 7 bits per byte, least significant group
   * first, the high bit set on every byte but the last; 1 to 5 bytes, always the shortest form.
   * Meant for lengths and counts, read back with {@link ByteSource#readVarInt()} or {@link
   * ByteSource#readLength(int)}.
   *
   * @param value the value, at least 0
   * @throws IllegalArgumentException if {@code value} is negative
   * @throws CodecException if the sink is full
   */
  public void writeVarInt(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("a varint must not be negative, but was " + value);
    }
    int p = reserve(varIntSize(value));
    while (value >= 0x80) {
      buf[p++] = (byte) (value | 0x80);
      value >>>= 7;
    }
    buf[p] = (byte) value;
  }

  /**
   * Writes all of {@code bytes}, with no length prefix.
   *
   * @param bytes the bytes to write
   * @throws CodecException if the sink is full
   */
  public void writeBytes(byte[] bytes) {
    writeBytes(bytes, 0, bytes.length);
  }

  /**
   * Writes {@code length} bytes of {@code bytes} from {@code offset}, with no length prefix.
   *
   * @param bytes the array to copy from
   * @param offset the index of the first byte to write
   * @param length the number of bytes to write
   * @throws IndexOutOfBoundsException if the range is not within {@code bytes}
   * @throws CodecException if the sink is full
   */
  public void writeBytes(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int p = reserve(length);
    System.arraycopy(bytes, offset, buf, p, length);
  }

  /**
   * Writes a string as a {@linkplain #writeVarInt varint} byte count followed by its UTF-8 bytes,
   * without allocating. A well-formed string gets exactly its standard UTF-8 bytes. A lone
   * surrogate, which UTF-8 cannot represent, is written as its own three-byte sequence (the WTF-8
   * convention) rather than replaced, so every string reads back exactly and two different strings
   * never have the same bytes.
   *
   * @param value the string, not {@code null}
   * @throws NullPointerException if {@code value} is {@code null}
   * @throws CodecException if the sink is full
   */
  public void writeString(String value) {
    long byteCount = utf8Length(value);
    if (byteCount > MAX_CAPACITY) {
      overLimit = true;
      throw new CodecException(
          "a string of " + byteCount + " UTF-8 bytes is over the limit of " + limit + " bytes");
    }
    writeVarInt((int) byteCount);
    int p = reserve((int) byteCount);
    byte[] b = buf;
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >>> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int codePoint = Character.toCodePoint(c, value.charAt(++i));
        b[p++] = (byte) (0xF0 | (codePoint >>> 18));
        b[p++] = (byte) (0x80 | ((codePoint >>> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((codePoint >>> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (codePoint & 0x3F));
      } else {
        b[p++] = (byte) (0xE0 | (c >>> 12));
        b[p++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }

  /**
   * Overwrites four bytes already written with an int, big-endian: for a codec that writes a
   * placeholder and fills it in once it knows the value, such as a length.
   *
   * @param index the position of the first of the four bytes
   * @param value the int to write
   * @throws IndexOutOfBoundsException if the four bytes are not within the {@link #size()} bytes
   *     written
   */
  public void setInt(int index, int value) {
    Objects.checkFromIndexSize(index, Integer.BYTES, size);
    INT.set(buf, index, value);
  }

  @Override
  public String toString() {
    return "ByteSink[size=" + size + ", limit=" + limit + "]";
  }

  /** Returns the number of bytes {@link #writeVarInt} takes for a non-negative value. */
  static int varIntSize(int value) {
    return value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;
  }

  /** Returns the number of bytes {@link #writeString} writes for the characters of a string. */
  static long utf8Length(String value) {
    int length = value.length();
    long bytes = length;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          bytes += 2; // two chars, four bytes
          i++;
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }

  /**
   * Makes room for {@code count} more bytes and returns the position where they go, advancing the
   * size past them.
   */
  private int reserve(int count) {
    int position = size;
    long needed = (long) position + count;
    if (needed > buf.length) {
      grow(needed);
    }
    size = (int) needed;
    return position;
  }

  private void grow(long needed) {
    if (needed > limit) {
      overLimit = true;
      throw new CodecException(
          "the encoding is over the limit of "
              + limit
              + " bytes ("
              + needed
              + " bytes needed so far)");
    }
    long doubled = Math.max(2L * buf.length, DEFAULT_CAPACITY);
    buf = Arrays.copyOf(buf, (int) Math.min(Math.max(doubled, needed), limit));
  }
}
