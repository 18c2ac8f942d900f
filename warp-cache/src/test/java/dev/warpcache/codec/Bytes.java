package dev.warpcache.codec;

import java.util.HexFormat;

/** Byte-array helpers for the codec tests. */
final class Bytes {
  private Bytes() {}

  /** Returns the bytes of the given values' low 8 bits. */
  static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  /** Formats bytes as lower-case hex pairs separated by spaces. */
  static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }

  /** Parses hex pairs, with or without spaces. */
  static byte[] parse(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  /** Concatenates byte arrays. */
  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
