package dev.warpcache.redis.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where the entries and the invalidations of one cache name live in Redis.
 *
 * <p>Layout version 1:
 *
 * <ul>
 *   <li>an entry is the Redis key {@code warp:v1:<name>:} followed by the raw bytes of the encoded
 *       key, so keys of any bytes are stored as they are;
 *   <li>the invalidations of a cache name are published on the channel {@code warp:v1:inv:<name>}.
 * </ul>
 *
 * <p>{@code <name>} is the cache name in UTF-8 with {@code %} written {@code %25} and {@code :}
 * written {@code %3A}, so that no name is a prefix of another's keys: without the escape the keys
 * of the cache {@code a} would include those of the cache {@code a:b}. A name without these two
 * characters is written as it is.
 */
public final class KeyLayout {

  /** The first bytes of every Redis key and channel of layout version 1. */
  public static final String ROOT = "warp:v1:";

  private final String cacheName;
  private final byte[] prefix;
  private final byte[] channel;
  private final byte[] pattern;

  private KeyLayout(String cacheName) {
    this.cacheName = cacheName;
    String escaped = escape(cacheName);
    this.prefix = (ROOT + escaped + ":").getBytes(StandardCharsets.UTF_8);
    this.channel = (ROOT + "inv:" + escaped).getBytes(StandardCharsets.UTF_8);
    this.pattern = globPrefix(prefix);
  }

  /**
   * Returns the layout of a cache name.
   *
   * @param cacheName the cache name
   * @return its layout
   */
  public static KeyLayout of(String cacheName) {
    if (cacheName == null) {
      throw new NullPointerException("cacheName");
    }
    return new KeyLayout(cacheName);
  }

  /**
   * Returns the cache name.
   *
   * @return the cache name
   */
  public String cacheName() {
    return cacheName;
  }

  /**
   * Returns the Redis key of an encoded key of this cache.
   *
   * @param key the encoded key
   * @return a new array: the prefix of this cache followed by {@code key}
   */
  public byte[] key(byte[] key) {
    byte[] redisKey = Arrays.copyOf(prefix, prefix.length + key.length);
    System.arraycopy(key, 0, redisKey, prefix.length, key.length);
    return redisKey;
  }

  /**
   * Returns the prefix of every Redis key of this cache.
   *
   * @return a copy of the prefix
   */
  public byte[] prefix() {
    return prefix.clone();
  }

  /**
   * Returns the pub/sub channel of this cache's invalidations.
   *
   * @return the channel, shared: not to be modified
   */
  public byte[] channel() {
    return channel;
  }

  /**
   * Returns the {@code SCAN MATCH} pattern of every Redis key of this cache: the prefix with its
   * glob characters escaped, then {@code *}.
   *
   * @return the pattern, shared: not to be modified
   */
  public byte[] pattern() {
    return pattern;
  }

  static String escape(String cacheName) {
    if (cacheName.indexOf('%') < 0 && cacheName.indexOf(':') < 0) {
      return cacheName;
    }
    StringBuilder escaped = new StringBuilder(cacheName.length() + 8);
    for (int i = 0; i < cacheName.length(); i++) {
      char c = cacheName.charAt(i);
      if (c == '%') {
        escaped.append("%25");
      } else if (c == ':') {
        escaped.append("%3A");
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static byte[] globPrefix(byte[] prefix) {
    // Redis glob patterns treat * ? [ ] and \ specially; a backslash makes the next byte literal.
    // The bytes of a multi-byte UTF-8 character are all >= 0x80, so none of them is escaped.
    byte[] pattern = new byte[prefix.length * 2 + 1];
    int n = 0;
    for (byte b : prefix) {
      if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
        pattern[n++] = '\\';
      }
      pattern[n++] = b;
    }
    pattern[n++] = '*';
    return Arrays.copyOf(pattern, n);
  }
}
