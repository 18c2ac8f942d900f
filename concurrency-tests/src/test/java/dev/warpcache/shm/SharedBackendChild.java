package dev.warpcache.shm;

import dev.warpcache.Backend;
import dev.warpcache.CachedBiFunction;
import dev.warpcache.WarpCache;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of {@link SharedBackendProcessTest}: memoizes {@code describe(unit, text)} under a
 * shared name and calls it for keys 0..COUNT-1, printing how many times the function ran.
 */
public final class SharedBackendChild {
  private SharedBackendChild() {}

  /**
   * Runs the calls.
   *
   * @param args directory, cache name, count
   */
  public static void main(String[] args) {
    int[] runs = {0};
    CachedBiFunction<TimeUnit, String, String> describe =
        WarpCache.builder()
            .backend(Backend.SHARED)
            .name(args[1])
            .sharedDirectory(Path.of(args[0]))
            .maxSize(256)
            .memoize(
                (TimeUnit unit, String text) -> {
                  runs[0]++;
                  return describe(unit, text);
                });
    for (int i = 0; i < Integer.parseInt(args[2]); i++) {
      describe.apply(TimeUnit.values()[i % TimeUnit.values().length], "key" + i);
    }
    System.out.println("runs=" + runs[0]);
  }

  static String describe(TimeUnit unit, String text) {
    return unit.name().toLowerCase(java.util.Locale.ROOT) + "/" + text;
  }
}
