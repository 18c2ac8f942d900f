package dev.warpcache.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.cli.WarpCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code warp sim} end to end, on a tiny trace written for the test. */
class SimCommandTest {

  @TempDir Path dir;
  private Path traces;
  private Path extraTrace;

  @BeforeEach
  void writeTraces() throws IOException {
    traces = Files.createDirectory(dir.resolve("traces"));
    SplittableRandom random = new SplittableRandom(3);
    StringBuilder tiny = new StringBuilder();
    for (int i = 0; i < 3_000; i++) {
      // a small hot set and a long tail
      tiny.append(random.nextInt(4) == 0 ? random.nextInt(20) : random.nextInt(1_000)).append('\n');
    }
    TraceReaderTest.gzip(traces.resolve("tiny.keys.gz"), tiny.toString());
    extraTrace = Files.writeString(dir.resolve("extra.txt"), "1\n2\n1\n3\n1\n2\n");
  }

  @Test
  void replaysTheTracesAndWritesTheTableTheCsvAndTheChart() throws IOException {
    Path csv = dir.resolve("out.csv");
    Path svg = dir.resolve("out.svg");

    Execution sim =
        execute(
            "sim",
            "--traces",
            traces.toString(),
            "--no-synthetic",
            "--sizes",
            "0.01,0.1,50",
            "--csv",
            csv.toString(),
            "--svg",
            svg.toString(),
            extraTrace.toString());

    assertThat(sim.exitCode).as(sim.err).isZero();
    assertThat(sim.err).as("no progress bar when stderr is not a terminal").isEmpty();
    assertThat(sim.out)
        .contains("warp sim: 2 workloads, policies warp-cache, FIFO, LRU, SIEVE, Caffeine, OPT")
        .containsPattern(
            "workload +size +requests +warp-cache % +FIFO % +LRU % +SIEVE % +Caffeine % +OPT %"
                + " +warp-SIEVE pp")
        // tiny has 890 distinct keys (1% = 9, 10% = 89), extra has 3 (1% and 10% round to 1)
        .containsPattern("(?m)^tiny +9 +3000 ")
        .containsPattern("(?m)^tiny +50 +3000 ")
        .containsPattern("(?m)^tiny +89 +3000 ")
        .containsPattern("(?m)^extra +1 +6 +0.00 +0.00 +0.00 +0.00 +0.00 +33.33 +0.00$")
        .containsPattern("(?m)^extra +50 +6 ")
        .contains("Largest |warp-cache - SIEVE| over 5 rows: 0.0000 pp")
        .contains("Wrote " + csv)
        .contains("Wrote " + svg);

    List<SimResult> results = ResultCsv.read(csv);
    assertThat(results).hasSize(5 * PolicyKind.values().length);
    assertThat(results)
        .filteredOn(r -> r.policy().equals("warp-cache"))
        .extracting(SimResult::hits)
        .isEqualTo(
            results.stream().filter(r -> r.policy().equals("SIEVE")).map(SimResult::hits).toList());
    for (SimResult result : results) {
      long opt =
          results.stream()
              .filter(r -> r.policy().equals("OPT"))
              .filter(r -> r.workload().equals(result.workload()) && r.size() == result.size())
              .findFirst()
              .orElseThrow()
              .hits();
      assertThat(result.hits()).as(result.toString()).isLessThanOrEqualTo(opt);
    }
    assertThat(Files.readString(svg)).startsWith("<svg").contains(">tiny<").contains(">extra<");
  }

  @Test
  void theSyntheticWorkloadsRunByDefaultAndTheChosenPoliciesOnly() {
    Execution sim =
        execute("sim", "--no-traces", "--max-requests", "2000", "--policies", "SIEVE,warp-cache");

    assertThat(sim.exitCode).as(sim.err).isZero();
    assertThat(sim.out)
        .contains("policies SIEVE, warp-cache")
        .containsPattern("(?m)^zipf-1.0 +5000 +2000 ")
        .containsPattern("(?m)^hot-scan +100 +2000 ")
        .containsPattern("(?m)^one-hit-75% +1000 +2000 ")
        .containsPattern("(?m)^ws-shift +100 +2000 ")
        .doesNotContain("LRU")
        .contains("over 20 rows: 0.0000 pp");
  }

  @Test
  void theLoopTraceGetsSizesAroundItsKeys() throws IOException {
    StringBuilder loop = new StringBuilder();
    for (int i = 0; i < 3_000; i++) {
      loop.append(i % 1_011).append('\n');
    }
    Path loopFile = Files.writeString(dir.resolve("loop.keys"), loop.toString());

    Execution sim =
        execute("sim", "--no-traces", "--no-synthetic", "--policies", "LRU", "" + loopFile);

    assertThat(sim.exitCode).as(sim.err).isZero();
    assertThat(sim.out)
        .containsPattern("(?m)^loop +256 +3000 +0.00$")
        .containsPattern("(?m)^loop +1000 +3000 +0.00$")
        .containsPattern("(?m)^loop +1024 +3000 +66.30$");
  }

  @Test
  void drawsTheChartFromAnEarlierCsvWithoutSimulating() throws IOException {
    Path csv = dir.resolve("earlier.csv");
    ResultCsv.write(
        List.of(new SimResult("w", 5, "warp-cache", 10, 4), new SimResult("w", 5, "SIEVE", 10, 4)),
        csv);
    Path svg = dir.resolve("chart.svg");

    Execution sim = execute("sim", "--from-csv", csv.toString(), "--svg", svg.toString());

    assertThat(sim.exitCode).as(sim.err).isZero();
    assertThat(sim.out).containsPattern("(?m)^w +5 +10 +40.00 +40.00 +0.00$");
    assertThat(Files.readString(svg)).contains(">w<");
  }

  @Test
  void showsAProgressBarOnlyWhenAsked() {
    Execution sim =
        execute(
            "sim",
            "--no-traces",
            "--no-synthetic",
            "--progress",
            "--threads",
            "1",
            "" + extraTrace);

    assertThat(sim.exitCode).as(sim.err).isZero();
    assertThat(sim.err).contains("\r[").contains("%");
    assertThat(sim.out).doesNotContain("\r");
  }

  @Test
  void rejectsUnknownPoliciesAndBadSizes() {
    Execution badPolicy = execute("sim", "--no-traces", "--policies", "ARC", "" + extraTrace);
    Execution badSize = execute("sim", "--no-traces", "--sizes", "0", "" + extraTrace);
    Execution nothing = execute("sim", "--no-traces", "--no-synthetic");
    Execution missing = execute("sim", "--no-traces", dir.resolve("nope.keys.gz").toString());

    assertThat(badPolicy.exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(badPolicy.err).contains("--policies: unknown policy 'ARC'");
    assertThat(badSize.exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(badSize.err).contains("--sizes: a cache size must be at least 1");
    assertThat(nothing.exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(nothing.err).contains("nothing to replay");
    assertThat(missing.exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(missing.err).contains("no such trace file");
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
