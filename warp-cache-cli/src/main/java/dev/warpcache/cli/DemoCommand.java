package dev.warpcache.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code warp demo}: memoizes a slow function step by step, shows SIEVE keeping a hot set of keys
 * through a scan of one-time keys next to an LRU cache of the same size, and shows concurrent
 * misses of an async function sharing one call.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Shows memoization and SIEVE eviction at work.",
      "",
      "Part 1: a slow function, memoized; each call with hit or miss, time and statistics.",
      "Part 2: SIEVE keeping a hot set through a scan, next to an LRU of the same size.",
      "Part 3: an async function; concurrent misses on one key share one call."
    })
public final class DemoCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--delay-ms",
      defaultValue = "50",
      description = "How long the slow function takes per call, in ms (default: ${DEFAULT-VALUE}).")
  private long delayMs;

  @Option(
      names = "--cache-size",
      defaultValue = "100",
      description = "Entries in each cache of the scan part (default: ${DEFAULT-VALUE}).")
  private int cacheSize;

  @Option(
      names = "--hot-keys",
      defaultValue = "20",
      description = "Keys in the hot set (default: ${DEFAULT-VALUE}).")
  private int hotKeys;

  @Option(
      names = "--scan-keys",
      defaultValue = "4000",
      description = "One-time keys in the scan (default: ${DEFAULT-VALUE}).")
  private int scanKeys;

  @Option(
      names = "--scan-per-hot",
      defaultValue = "4",
      description = "Scan keys between two reads of a hot key (default: ${DEFAULT-VALUE}).")
  private int scanPerHot;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the random choice of hot keys (default: ${DEFAULT-VALUE}).")
  private long seed;

  /** Creates the command; picocli fills in its options. */
  public DemoCommand() {}

  /**
   * Runs both parts of the demo, printing to the command line's output.
   *
   * @return the exit code, 0
   */
  @Override
  public Integer call() {
    HotSetWorkload workload = validatedWorkload();
    PrintWriter out = spec.commandLine().getOut();
    new SlowFunctionDemo(out, Duration.ofMillis(delayMs)).run();
    out.println();
    new HotSetScanDemo(out, cacheSize, workload).run();
    out.println();
    new AsyncCoalescingDemo(out, Duration.ofMillis(delayMs)).run();
    out.flush();
    return 0;
  }

  private HotSetWorkload validatedWorkload() {
    require(delayMs >= 0, "--delay-ms must be 0 or more, but was " + delayMs);
    require(cacheSize >= 2, "--cache-size must be at least 2, but was " + cacheSize);
    require(
        hotKeys >= 1 && hotKeys < cacheSize,
        "--hot-keys must be between 1 and --cache-size - 1, but was " + hotKeys);
    require(scanKeys >= 1, "--scan-keys must be at least 1, but was " + scanKeys);
    require(scanPerHot >= 1, "--scan-per-hot must be at least 1, but was " + scanPerHot);
    return new HotSetWorkload(hotKeys, scanKeys, scanPerHot, seed);
  }

  private void require(boolean condition, String message) {
    if (!condition) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }
}
