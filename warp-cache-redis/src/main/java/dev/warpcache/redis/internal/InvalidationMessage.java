package dev.warpcache.redis.internal;

import java.util.Arrays;

/**
 * One message on an invalidation channel: who sent it, and which key changed or that the whole
 * cache was cleared.
 *
 * <p>Wire format, version 1: one byte {@code 1} (the format version), one byte {@code 'k'} (a key)
 * or {@code 'a'} (all keys), the {@value #SENDER_LENGTH} bytes of the sender id, then, for a key,
 * the bytes of the encoded key (possibly none).
 */
public final class InvalidationMessage {

  /** The length of a sender id in bytes. */
  public static final int SENDER_LENGTH = 16;

  private static final byte VERSION = 1;
  private static final byte KEY = 'k';
  private static final byte ALL = 'a';
  private static final int HEADER = 2 + SENDER_LENGTH;

  private final byte[] message;

  private InvalidationMessage(byte[] message) {
    this.message = message;
  }

  /**
   * Encodes the message that one key changed.
   *
   * @param sender the sender id, of {@value #SENDER_LENGTH} bytes
   * @param key the encoded key
   * @return the message
   */
  public static byte[] key(byte[] sender, byte[] key) {
    byte[] message = header(KEY, sender, key.length);
    System.arraycopy(key, 0, message, HEADER, key.length);
    return message;
  }

  /**
   * Encodes the message that every key of a cache is gone.
   *
   * @param sender the sender id, of {@value #SENDER_LENGTH} bytes
   * @return the message
   */
  public static byte[] all(byte[] sender) {
    return header(ALL, sender, 0);
  }

  /**
   * Decodes a message.
   *
   * @param message the bytes received
   * @return the message, or {@code null} if the bytes are not a message of this format
   */
  public static InvalidationMessage decode(byte[] message) {
    if (message == null || message.length < HEADER || message[0] != VERSION) {
      return null;
    }
    if (message[1] == ALL ? message.length != HEADER : message[1] != KEY) {
      return null;
    }
    return new InvalidationMessage(message);
  }

  /**
   * Tells whether the message says that every key is gone rather than one.
   *
   * @return whether the whole cache was cleared
   */
  public boolean isAll() {
    return message[1] == ALL;
  }

  /**
   * Tells whether a given sender sent this message.
   *
   * @param sender a sender id
   * @return whether it is this message's sender
   */
  public boolean isFrom(byte[] sender) {
    return Arrays.equals(message, 2, HEADER, sender, 0, sender.length);
  }

  /**
   * Returns the key that changed.
   *
   * @return a new array holding the encoded key; empty for a message about every key
   */
  public byte[] key() {
    return Arrays.copyOfRange(message, HEADER, message.length);
  }

  private static byte[] header(byte kind, byte[] sender, int extra) {
    if (sender.length != SENDER_LENGTH) {
      throw new IllegalArgumentException("a sender id has " + SENDER_LENGTH + " bytes");
    }
    byte[] message = new byte[HEADER + extra];
    message[0] = VERSION;
    message[1] = kind;
    System.arraycopy(sender, 0, message, 2, SENDER_LENGTH);
    return message;
  }
}
