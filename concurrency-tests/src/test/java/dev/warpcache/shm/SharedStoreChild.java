package dev.warpcache.shm;

import dev.warpcache.internal.shm.SharedStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * The main class of the child JVMs that {@link SharedStoreProcessTest} starts. Modes:
 *
 * <ul>
 *   <li>{@code write DIR NAME COUNT}: puts COUNT checksummed values, then exits.
 *   <li>{@code churn DIR NAME MILLIS SEED}: puts and reads random keys for MILLIS ms, checking
 *       every value it reads, then exits (status 3 on a torn value).
 *   <li>{@code park DIR NAME}: puts once with the test hook that parks the writer while it holds
 *       the region's lock, so that the parent can kill it there.
 * </ul>
 */
public final class SharedStoreChild {
  static final int MAX_SIZE = 64;
  static final int MAX_KEY = 32;
  static final int MAX_VALUE = 128;

  private SharedStoreChild() {}

  /**
   * Runs one mode.
   *
   * @param args the mode and its arguments
   * @throws Exception on any failure (the exit status is then non-zero)
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    try (SharedStore store = SharedStore.open(dir, args[2], MAX_SIZE, MAX_KEY, MAX_VALUE, 0)) {
      switch (args[0]) {
        case "write" -> {
          for (int i = 0; i < Integer.parseInt(args[3]); i++) {
            put(store, "key" + i, i);
          }
        }
        case "churn" -> {
          long end = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000L;
          SplittableRandom random = new SplittableRandom(Long.parseLong(args[4]));
          while (System.nanoTime() < end) {
            String key = "key" + random.nextInt(200);
            if (random.nextBoolean()) {
              put(store, key, random.nextInt(1000));
            } else if (!check(get(store, key), key)) {
              System.exit(3);
            }
          }
        }
        case "park" -> {
          System.out.println("locking");
          System.out.flush();
          put(store, "parked", 1); // parks inside, holding the lock
        }
        default -> throw new IllegalArgumentException(args[0]);
      }
    }
  }

  static long hash(String key) {
    return key.hashCode() * 0x9E3779B97F4A7C15L;
  }

  /** A value: the key, a variable-length filler, and a CRC32 of both, so a torn copy shows. */
  static byte[] value(String key, int n) {
    byte[] body = (key + ":" + "x".repeat(n % 90)).getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(body);
    byte[] value = new byte[body.length + 8];
    System.arraycopy(body, 0, value, 0, body.length);
    long c = crc.getValue();
    for (int i = 0; i < 8; i++) {
      value[body.length + i] = (byte) (c >>> (8 * i));
    }
    return value;
  }

  /** Whether {@code value} is null or an intact value of {@code key}. */
  static boolean check(byte[] value, String key) {
    if (value == null) {
      return true;
    }
    if (value.length < 8) {
      return false;
    }
    CRC32 crc = new CRC32();
    crc.update(value, 0, value.length - 8);
    long c = 0;
    for (int i = 0; i < 8; i++) {
      c |= (value[value.length - 8 + i] & 0xFFL) << (8 * i);
    }
    String body = new String(value, 0, value.length - 8, StandardCharsets.UTF_8);
    return c == crc.getValue() && body.startsWith(key + ":");
  }

  static void put(SharedStore store, String key, int n) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] v = value(key, n);
    store.put(k, k.length, hash(key), v, v.length, System.nanoTime());
  }

  static byte[] get(SharedStore store, String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    return store.get(k, k.length, hash(key), System.nanoTime());
  }
}
