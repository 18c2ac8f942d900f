package dev.warpcache.cli.shm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.cli.WarpCli;
import dev.warpcache.internal.shm.SharedStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code warp shm} end to end, on regions created in a temporary directory. */
class ShmCommandTest {

  @TempDir Path home;

  private Path dir() {
    return home.resolve("warp_cache-test");
  }

  /** Creates region {@code name}: {@code entries} entries, one hit, one miss, one oversize skip. */
  private void populate(String name, int capacity, int entries) throws IOException {
    try (SharedStore store =
        SharedStore.open(dir(), name, capacity, 32, 128, TimeUnit.SECONDS.toNanos(60))) {
      for (int i = 0; i < entries; i++) {
        put(store, "key" + i, "value" + i);
      }
      put(store, "big", "x".repeat(200));
      get(store, "key0");
      get(store, "absent");
    }
  }

  private static long hash(String s) {
    return s.hashCode() * 0x9E3779B97F4A7C15L;
  }

  private static void put(SharedStore store, String key, String value) {
    byte[] k = key.getBytes(UTF_8);
    byte[] v = value.getBytes(UTF_8);
    store.put(k, k.length, hash(key), v, v.length, System.nanoTime());
  }

  private static void get(SharedStore store, String key) {
    byte[] k = key.getBytes(UTF_8);
    store.get(k, k.length, hash(key), System.nanoTime());
  }

  @Test
  void listSaysSoWhenThereAreNoSharedCaches() {
    Execution list = execute("shm", "list", "--dir", dir().toString());

    assertThat(list.exitCode).as(list.err).isZero();
    assertThat(list.out.strip()).isEqualTo("no shared caches in " + dir());
  }

  @Test
  void listShowsEveryCacheAsAnAlignedTable() throws IOException {
    populate("users", 100, 3);
    populate("orders-by-id", 8, 8);
    Files.writeString(dir().resolve("stranger.region"), "not a region at all, just some text here");

    Execution list = execute("shm", "list", "--dir", dir().toString());

    assertThat(list.exitCode).as(list.err).isZero();
    assertThat(list.err).isEmpty();
    String pid = Long.toString(ProcessHandle.current().pid());
    List<String> lines = list.out.lines().toList();
    assertThat(lines.get(0)).isEqualTo("Shared caches in " + dir() + ":");
    assertThat(lines.get(1))
        .matches("NAME +CAPACITY +SIZE +HITS +MISSES +OVERSIZE +FILE SIZE +WRITER PID +STATUS");
    assertThat(lines.get(2)).matches("orders-by-id +8 +8 +1 +1 +1 +[0-9.]+ KiB +" + pid + " +ok");
    assertThat(lines.get(3)).matches("stranger +- +- +- +- +- +[0-9]+ B +- +foreign");
    assertThat(lines.get(4)).matches("users +100 +3 +1 +1 +1 +[0-9.]+ KiB +" + pid + " +ok");
    assertThat(lines).hasSize(5);
    // aligned: every column ends (numbers) or starts (status) at the same place on every line
    int status = lines.get(1).indexOf("STATUS");
    int capacityEnd = lines.get(1).indexOf("CAPACITY") + "CAPACITY".length();
    for (String line : lines.subList(2, 5)) {
      assertThat(line.indexOf(" ok") + 1 == status || line.indexOf("foreign") == status)
          .as(line)
          .isTrue();
      assertThat(line.charAt(capacityEnd - 1)).as(line).isNotEqualTo(' ');
    }
    assertThat(execute("shm", "ls", "--dir", dir().toString()).out).isEqualTo(list.out);
  }

  @Test
  void statPrintsEveryHeaderFieldOnePerLine() throws IOException {
    populate("users", 100, 3);

    Execution stat = execute("shm", "stat", "users", "--dir", dir().toString());

    assertThat(stat.exitCode).as(stat.err).isZero();
    assertThat(stat.out)
        .containsPattern("(?m)^name: +users$")
        .containsPattern("(?m)^file: +" + java.util.regex.Pattern.quote(dir() + "/users.region"))
        .containsPattern("(?m)^status: +ok$")
        .containsPattern("(?m)^magic: +ok$")
        .containsPattern("(?m)^layout version: +3$")
        .containsPattern("(?m)^state: +ready$")
        .containsPattern("(?m)^capacity: +100 entries$")
        .containsPattern("(?m)^size: +3 entries$")
        .containsPattern("(?m)^bucket count: +256$")
        .containsPattern("(?m)^slot size: +200 B$")
        .containsPattern("(?m)^max key size: +32 B$")
        .containsPattern("(?m)^max value size: +128 B$")
        .containsPattern("(?m)^ttl: +60 s$")
        .containsPattern("(?m)^boot id: +[0-9a-f-]{36} \\(this boot\\)$")
        .containsPattern("(?m)^hits: +1$")
        .containsPattern("(?m)^misses: +1$")
        .containsPattern("(?m)^hit ratio: +50.0%$")
        .containsPattern("(?m)^evictions: +0$")
        .containsPattern("(?m)^oversize skips: +1$")
        .containsPattern("(?m)^recoveries: +0$")
        .containsPattern("(?m)^last writer pid: +" + ProcessHandle.current().pid() + "$")
        .containsPattern("(?m)^lock: +free$")
        .containsPattern("(?m)^sequence: +[0-9]*[02468]$")
        .containsPattern("(?m)^queue head: +slot 2$")
        .containsPattern("(?m)^queue tail: +slot 0$")
        .containsPattern("(?m)^sieve hand: +none$")
        .containsPattern("(?m)^free list head: +slot 3$")
        .containsPattern("(?m)^file size: +[0-9.]+ KiB$");
    // one field per line, the values starting in one column
    List<String> lines = stat.out.lines().toList();
    assertThat(lines).allMatch(line -> line.matches("[a-z ]+: +\\S.*"));
    assertThat(
            lines.stream().map(line -> line.replaceFirst(":( +)\\S.*", ":$1").length()).distinct())
        .hasSize(1);
  }

  @Test
  void statReportsAForeignFileWithoutAStackTrace() throws IOException {
    Files.createDirectories(dir());
    Files.writeString(dir().resolve("stranger.region"), "x".repeat(300));

    Execution stat = execute("shm", "stat", "stranger", "--dir", dir().toString());

    assertThat(stat.exitCode).as(stat.err).isZero();
    assertThat(stat.out)
        .containsPattern("(?m)^status: +foreign: not a warp-cache region")
        .containsPattern("(?m)^magic: +bad \\(0x7878787878787878\\)$")
        .doesNotContain("capacity");
  }

  @Test
  void clearEmptiesTheCache() throws IOException {
    populate("users", 100, 3);

    Execution clear = execute("shm", "clear", "users", "--dir", dir().toString());

    assertThat(clear.exitCode).as(clear.err).isZero();
    assertThat(clear.out.strip())
        .isEqualTo("cleared users in " + dir() + " (3 entries removed, capacity 100)");
    Execution stat = execute("shm", "stat", "users", "--dir", dir().toString());
    assertThat(stat.out)
        .containsPattern("(?m)^size: +0 entries$")
        .containsPattern("(?m)^hits: +0$")
        .containsPattern("(?m)^capacity: +100 entries$")
        .containsPattern("(?m)^ttl: +60 s$");
  }

  @Test
  void clearRefusesAForeignFile() throws IOException {
    Files.createDirectories(dir());
    Files.writeString(dir().resolve("stranger.region"), "x".repeat(300));

    Execution clear = execute("shm", "clear", "stranger", "--dir", dir().toString());

    assertThat(clear.exitCode).isEqualTo(1);
    assertThat(clear.err)
        .startsWith("warp shm clear: cannot clear \"stranger\": not a warp-cache region")
        .contains("warp shm rm stranger")
        .doesNotContain("Exception");
  }

  @Test
  void rmDeletesTheRegionAndItsLockFile() throws IOException {
    populate("users", 100, 3);
    populate("orders", 10, 1);

    Execution rm = execute("shm", "rm", "users", "--dir", dir().toString());

    assertThat(rm.exitCode).as(rm.err).isZero();
    assertThat(rm.out.strip()).isEqualTo("removed users from " + dir());
    assertThat(dir().resolve("users.region")).doesNotExist();
    assertThat(dir().resolve("users.lock")).doesNotExist();
    assertThat(execute("shm", "list", "--dir", dir().toString()).out)
        .contains("orders")
        .doesNotContain("users ");
  }

  @Test
  void unknownNamesFailWithExitCodeOneListingTheKnownNames() throws IOException {
    populate("users", 100, 3);
    populate("orders", 10, 1);

    for (String command : List.of("stat", "clear", "rm")) {
      Execution run = execute("shm", command, "nope", "--dir", dir().toString());

      assertThat(run.exitCode).as(command).isEqualTo(1);
      assertThat(run.out).isEmpty();
      assertThat(run.err.strip())
          .isEqualTo(
              "warp shm "
                  + command
                  + ": no shared cache named \"nope\" in "
                  + dir()
                  + " (known: orders, users)");
    }
    Execution none = execute("shm", "stat", "nope", "--dir", home.resolve("empty").toString());
    assertThat(none.exitCode).isEqualTo(1);
    assertThat(none.err).contains("(there are none)");
  }

  @Test
  void withoutASubcommandOrNameItIsAUsageError() {
    Execution bare = execute("shm");
    assertThat(bare.exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(bare.err).contains("Missing subcommand");

    Execution noName = execute("shm", "stat", "--dir", dir().toString());
    assertThat(noName.exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(noName.err).contains("Missing required parameter: 'NAME'");
  }

  @Test
  void formatsByteCounts() {
    assertThat(ShmCommand.bytes(0)).isEqualTo("0 B");
    assertThat(ShmCommand.bytes(1023)).isEqualTo("1023 B");
    assertThat(ShmCommand.bytes(1024)).isEqualTo("1.0 KiB");
    assertThat(ShmCommand.bytes(9 * 1024 + 512)).isEqualTo("9.5 KiB");
    assertThat(ShmCommand.bytes(3L << 30)).isEqualTo("3.0 GiB");
  }

  private record Execution(int exitCode, String out, String err) {}

  private static Execution execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine warp = WarpCli.commandLine();
    warp.setOut(new PrintWriter(out, true));
    warp.setErr(new PrintWriter(err, true));
    int exitCode = warp.execute(new ArrayList<>(List.of(args)).toArray(String[]::new));
    return new Execution(exitCode, out.toString(), err.toString());
  }
}
