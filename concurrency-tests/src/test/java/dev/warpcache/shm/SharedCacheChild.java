package dev.warpcache.shm;

import dev.warpcache.Backend;
import dev.warpcache.Cache;
import dev.warpcache.WarpCache;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A child JVM of {@link SharedBackendProcessTest}: opens a shared {@code Cache<String, String>} and
 * runs the operations given on the command line, printing what each read found and when, on the
 * clock that every process of the host shares.
 */
public final class SharedCacheChild {
  private SharedCacheChild() {}

  /**
   * Runs the operations.
   *
   * @param args directory, cache name, maxSize, ttl in milliseconds (0 for none), then operations:
   *     {@code put:K:V} and {@code get:K} (prints {@code K=V@nanos} or {@code K=null@nanos})
   */
  public static void main(String[] args) {
    Cache<String, String> cache = open(Path.of(args[0]), args[1], Long.parseLong(args[2]), args[3]);
    for (int i = 4; i < args.length; i++) {
      String[] op = args[i].split(":", 3);
      switch (op[0]) {
        case "put" -> cache.put(op[1], op[2]);
        case "get" -> {
          String value = cache.getIfPresent(op[1]);
          System.out.println(op[1] + "=" + value + "@" + System.nanoTime());
        }
        default -> throw new IllegalArgumentException("unknown operation " + args[i]);
      }
    }
  }

  static Cache<String, String> open(Path dir, String name, long maxSize, String ttlMillis) {
    WarpCache.Builder builder =
        WarpCache.builder()
            .backend(Backend.SHARED)
            .name(name)
            .sharedDirectory(dir)
            .maxSize(maxSize);
    long ttl = Long.parseLong(ttlMillis);
    if (ttl > 0) {
      builder.ttl(Duration.ofMillis(ttl));
    }
    return builder.build();
  }
}
