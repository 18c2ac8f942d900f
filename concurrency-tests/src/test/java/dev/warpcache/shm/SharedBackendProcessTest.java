package dev.warpcache.shm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.Backend;
import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.CachedBiFunction;
import dev.warpcache.WarpCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /** Runs a {@link SharedCacheChild} to its end and returns what it printed. */
  private static String runChild(Path dir, String name, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SharedCacheChild.class.getName());
    command.add(dir.toString());
    command.add(name);
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as(output).isZero();
      return output;
    } finally {
      child.destroyForcibly();
    }
  }

  /** The value and time of {@code key=value@nanos} in a child's output. */
  private static String[] found(String output, String key) {
    for (String line : output.split("\\R")) {
      if (line.startsWith(key + "=")) {
        return line.substring(key.length() + 1).split("@");
      }
    }
    throw new AssertionError("no read of " + key + " in: " + output);
  }

  @Test
  void sieveEvictsAcrossProcessesAndKeepsWhatAnotherProcessVisited() throws Exception {
    Path dir = home.resolve("warp_cache-test");
    String name = "evict-" + UUID.randomUUID().toString().substring(0, 8);
    Cache<String, String> cache = SharedCacheChild.open(dir, name, 8, "0");
    List<String> args = new ArrayList<>(List.of("8", "0"));
    for (int i = 0; i < 12; i++) {
      args.add("put:k" + i + ":v" + i);
    }
    runChild(
        dir, name, args.toArray(String[]::new)); // 12 writes into 8 slots: k0..k3 go, oldest first

    assertThat(cache.asMap().keySet())
        .containsExactlyInAnyOrder("k4", "k5", "k6", "k7", "k8", "k9", "k10", "k11");
    assertThat(cache.info().evictions()).isEqualTo(4);

    assertThat(cache.getIfPresent("k4")).isEqualTo("v4"); // this process marks k4 visited
    runChild(dir, name, "8", "0", "put:n1:x", "put:n2:x");

    // The other process's SIEVE hand passed over k4, which this process had visited.
    assertThat(cache.asMap()).containsKey("k4").doesNotContainKeys("k5", "k6").hasSize(8);
    assertThat(cache.info().evictions()).isEqualTo(6);
  }

  @Test
  void ttlCountsOnTheClockEveryProcessShares() throws Exception {
    Path dir = home.resolve("warp_cache-test");
    String name = "ttl-" + UUID.randomUUID().toString().substring(0, 8);
    long ttl = TimeUnit.SECONDS.toNanos(3);
    Cache<String, String> cache = SharedCacheChild.open(dir, name, 16, "3000");
    cache.put("mine", "1");
    long written = System.nanoTime();

    String output = runChild(dir, name, "16", "3000", "get:mine", "put:theirs:2", "get:theirs");
    String[] mine = found(output, "mine");
    String[] theirs = found(output, "theirs");
    long theirsWritten = Long.parseLong(theirs[1]); // just after the child's put: a lower bound
    // Whether the child saw this process's entry depends only on the host's clock.
    assertThat(mine[0]).isEqualTo(Long.parseLong(mine[1]) - written < ttl ? "1" : "null");
    assertThat(theirs[0]).isEqualTo("2");

    long deadline = theirsWritten + ttl;
    while (System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(cache.getIfPresent("theirs")).isNull(); // expired here, written there
    assertThat(cache.getIfPresent("mine")).isNull();
    assertThat(cache.asMap()).isEmpty();
  }
}
