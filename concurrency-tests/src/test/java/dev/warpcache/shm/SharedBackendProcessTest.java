package dev.warpcache.shm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.Backend;
import dev.warpcache.CacheInfo;
import dev.warpcache.CachedBiFunction;
import dev.warpcache.WarpCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backend.SHARED through the public API across JVMs: what one computes, another hits. */
class SharedBackendProcessTest {

  @TempDir Path home;

  @Test
  void aMemoizedFunctionComputedInOneJvmIsAHitInAnother() throws Exception {
    Path dir = home.resolve("warp_cache-test");
    String name = "api-" + UUID.randomUUID().toString().substring(0, 8);
    Process child =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    SharedBackendChild.class.getName(),
                    dir.toString(),
                    name,
                    "50"))
            .redirectErrorStream(true)
            .start();
    try {
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as(output).isZero();
      assertThat(output).contains("runs=50");
    } finally {
      child.destroyForcibly();
    }

    AtomicInteger runs = new AtomicInteger();
    CachedBiFunction<TimeUnit, String, String> describe =
        WarpCache.builder()
            .backend(Backend.SHARED)
            .name(name)
            .sharedDirectory(dir)
            .maxSize(256)
            .memoize(
                (TimeUnit unit, String text) -> {
                  runs.incrementAndGet();
                  return "computed here";
                });
    for (int i = 0; i < 50; i++) {
      TimeUnit unit = TimeUnit.values()[i % TimeUnit.values().length];
      // Enum and string keys encode to the same bytes in both JVMs.
      assertThat(describe.apply(unit, "key" + i))
          .isEqualTo(SharedBackendChild.describe(unit, "key" + i));
    }
    assertThat(runs).hasValue(0);
    CacheInfo info = describe.cacheInfo();
    assertThat(info.hits()).isEqualTo(50);
    assertThat(info.misses()).isEqualTo(50); // the child's
    assertThat(info.currentSize()).isEqualTo(50);
  }
}
