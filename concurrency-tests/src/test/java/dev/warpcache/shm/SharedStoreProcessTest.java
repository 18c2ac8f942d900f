package dev.warpcache.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.warpcache.internal.shm.SharedStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared store across real processes: child JVMs write, read and die while the parent watches
 * the same region.
 */
class SharedStoreProcessTest {

  @TempDir Path home;

  private final List<Process> children = new ArrayList<>();
  private final String name = "proc-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void killChildren() throws InterruptedException {
    for (Process child : children) {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Path dir() {
    return home.resolve("warp_cache-test");
  }

  private SharedStore open() throws IOException {
    return SharedStore.open(
        dir(),
        name,
        SharedStoreChild.MAX_SIZE,
        SharedStoreChild.MAX_KEY,
        SharedStoreChild.MAX_VALUE,
        0);
  }

  private Process start(String... args) throws IOException {
    return start(List.of(), args);
  }

  private Process start(List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(jvmOptions);
    command.add(SharedStoreChild.class.getName());
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    children.add(child);
    return child;
  }

  private static int finish(Process child) throws InterruptedException {
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished in time").isTrue();
    return child.exitValue();
  }

  @Test
  void whatOneProcessWritesAnotherReads() throws Exception {
    try (SharedStore parent = open()) {
      Process writer = start("write", dir().toString(), name, "40");
      assertThat(finish(writer)).isZero();
      for (int i = 0; i < 40; i++) {
        byte[] value = SharedStoreChild.get(parent, "key" + i);
        assertThat(value).as("key%d", i).isNotNull();
        assertThat(SharedStoreChild.check(value, "key" + i)).isTrue();
      }
      assertThat(parent.stats().lastWriterPid()).isEqualTo(writer.pid());
    }
  }

  @Test
  void concurrentColdStartsAndWritersNeverTearAValue() throws Exception {
    List<Process> churners = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      churners.add(start("churn", dir().toString(), name, "2000", String.valueOf(i)));
    }
    try (SharedStore parent = open()) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      long reads = 0;
      while (System.nanoTime() < end) {
        String key = "key" + (reads % 200);
        assertThat(SharedStoreChild.check(SharedStoreChild.get(parent, key), key))
            .as("intact value of %s", key)
            .isTrue();
        reads++;
      }
      for (Process churner : churners) {
        assertThat(finish(churner)).as("churner exit status (3: torn value)").isZero();
      }
      SharedStore.Stats stats = parent.stats();
      assertThat(stats.size()).isLessThanOrEqualTo(SharedStoreChild.MAX_SIZE);
      assertThat(stats.evictions()).isPositive();
      assertThat(stats.recoveries()).isZero();
    }
  }

  @Test
  void aWriterKilledWhileHoldingTheLockDoesNotHangOrCorruptTheOthers() throws Exception {
    try (SharedStore parent = open()) {
      SharedStoreChild.put(parent, "before", 1);
      Process parked =
          start(List.of("-Dwarpcache.test.parkWriter=true"), "park", dir().toString(), name);
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(parked.getInputStream(), StandardCharsets.UTF_8))) {
        assertThat(out.readLine()).isEqualTo("locking");
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (parent.stats().lastWriterPid() != parked.pid() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(parent.stats().lastWriterPid())
          .as("the child holds the lock")
          .isEqualTo(parked.pid());

      parked.destroyForcibly(); // kill -9, the lock still held
      parked.waitFor(10, TimeUnit.SECONDS);

      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> {
            SharedStoreChild.put(parent, "after", 2);
            assertThat(SharedStoreChild.check(SharedStoreChild.get(parent, "after"), "after"))
                .isTrue();
            assertThat(SharedStoreChild.get(parent, "after")).isNotNull();
          });
      assertThat(parent.stats().recoveries()).isEqualTo(1);
    }
  }
}
