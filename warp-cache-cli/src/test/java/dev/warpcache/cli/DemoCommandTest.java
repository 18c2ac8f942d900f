package dev.warpcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

  private static final Pattern HOT_SET_RATIOS =
      Pattern.compile("Hot-set hit ratio during the scan: SIEVE ([0-9.]+)%, LRU ([0-9.]+)%");

  private static String demoOutput;

  /** Runs the demo once, as {@code warp demo --delay-ms 1}; the tests read its output. */
  @BeforeAll
  static void runDemo() {
    Execution demo = execute("demo", "--delay-ms", "1");
    assertThat(demo.exitCode).as(demo.err).isZero();
    assertThat(demo.err).isEmpty();
    demoOutput = demo.out;
  }

  @Test
  void printsEachCallOfTheSlowFunctionWithHitOrMissAndTheStatistics() {
    assertThat(demoOutput)
        .containsPattern(
            "call 1: slowSquare\\( 3\\) =   9  miss +[0-9.]+ ms  CacheInfo\\(hits=0, misses=1,"
                + " max_size=3, current_size=1, evictions=0\\)")
        .containsPattern(
            "call 2: slowSquare\\( 3\\) =   9  hit +[0-9.]+ ms  CacheInfo\\(hits=1, misses=1,"
                + " max_size=3, current_size=1, evictions=0\\)")
        .containsPattern("call 6: slowSquare\\(20\\) = 400  miss .*evictions=1\\)")
        .containsPattern("call 7: slowSquare\\( 3\\) =   9  hit ")
        .containsPattern("call 8: slowSquare\\( 7\\) =  49  miss ")
        .contains("Final: CacheInfo(hits=3, misses=5, max_size=3, current_size=3, evictions=2)");
  }

  @Test
  void sieveKeepsTheHotSetThroughTheScanAndLruDoesNot() {
    Matcher ratios = HOT_SET_RATIOS.matcher(demoOutput);
    assertThat(ratios.find()).as(demoOutput).isTrue();
    double sieve = Double.parseDouble(ratios.group(1));
    double lru = Double.parseDouble(ratios.group(2));
    // The sequence is fixed by the seed. Exact SIEVE keeps every hot key (100%); LRU loses a
    // hot key each time more than 99 other keys come between two reads of it.
    assertThat(sieve).isGreaterThanOrEqualTo(95.0);
    assertThat(lru).isLessThan(sieve - 20);
    assertThat(demoOutput)
        .contains("whole scan           1000   ")
        .containsPattern(
            "Final: CacheInfo\\(hits=\\d+, misses=\\d+, max_size=100, current_size=100,");
  }

  @Test
  void concurrentAsyncMissesShareOneCall() {
    for (int caller = 1; caller <= AsyncCoalescingDemo.CALLERS; caller++) {
      assertThat(demoOutput).contains("caller " + caller + " got User(user-42)");
    }
    assertThat(demoOutput)
        .contains(
            "8 callers, 1 call of fetchUser: CacheInfo(hits=7, misses=1, max_size=100,"
                + " current_size=1, evictions=0)")
        .contains(
            "a later call is a hit: its future is already done (true): CacheInfo(hits=8,"
                + " misses=1,");
  }

  @Test
  void rejectsAHotSetThatDoesNotFitInTheCache() {
    Execution demo = execute("demo", "--cache-size", "10", "--hot-keys", "10");

    assertThat(demo.exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(demo.err).contains("--hot-keys must be between 1 and --cache-size - 1, but was 10");
  }

  @Test
  void withoutASubcommandReportsAUsageError() {
    Execution warp = execute();

    assertThat(warp.exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(warp.err).contains("Missing subcommand");
  }

  @Test
  void printsTheProjectVersion() {
    Execution warp = execute("--version");

    assertThat(warp.exitCode).isZero();
    assertThat(warp.out).startsWith("warp ").doesNotContain("${").doesNotContain("unknown");
  }

  private record Execution(int exitCode, String out, String err) {}

  private static Execution execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine warp = WarpCli.commandLine();
    warp.setOut(new PrintWriter(out, true));
    warp.setErr(new PrintWriter(err, true));
    int exitCode = warp.execute(args);
    return new Execution(exitCode, out.toString(), err.toString());
  }
}
