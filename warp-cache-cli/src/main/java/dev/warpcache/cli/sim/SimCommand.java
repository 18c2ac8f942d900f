package dev.warpcache.cli.sim;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warp sim}: the hit-ratio simulator. Replays key traces and synthetic workloads through
 * warp-cache's real cache and through FIFO, LRU, a reference SIEVE, Caffeine and OPT at several
 * cache sizes, and prints the hit ratios as a table (optionally also as CSV and as an SVG chart).
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replays key traces and synthetic workloads through warp-cache and through FIFO, LRU, a"
          + " reference SIEVE, Caffeine (W-TinyLFU) and OPT (Belady) at several cache sizes, and"
          + " prints the hit ratios.",
      "",
      "Traces: every *.keys.gz in --traces DIR, and the FILEs given; one signed 64-bit key per"
          + " line, gzip or plain text.",
      "Synthetic workloads (on by default): zipf-1.0 (Zipf alpha=1.0 over 10,000 keys), hot-scan"
          + " (100 hot keys mixed with one-time scan keys), one-hit-0%%/25%%/50%%/75%% (one-hit"
          + " wonders), ws-shift (the popular set changes halfway).",
      ""
    })
public final class SimCommand implements Callable<Integer> {

  /** Where the traces are looked for when {@code --traces} is not given. */
  static final Path DEFAULT_TRACES = Path.of("..", "shared", "traces");

  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "FILE",
      arity = "0..*",
      description = "More trace files to replay (same format as the *.keys.gz files).")
  private List<Path> files = new ArrayList<>();

  @Option(
      names = "--traces",
      paramLabel = "DIR",
      description =
          "Directory of *.keys.gz traces (default: ../shared/traces if it exists; the ./warp"
              + " script runs from the repository root).")
  private Path tracesDirectory;

  @Option(
      names = "--no-traces",
      description = "Replay no trace directory, only FILEs and synthetic.")
  private boolean noTraces;

  @Option(
      names = "--synthetic",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Include the synthetic workloads (default: yes; --no-synthetic leaves them out).")
  private boolean synthetic;

  @Option(
      names = "--sizes",
      split = ",",
      paramLabel = "SIZE",
      description =
          "Cache sizes of the traces: fractions of a trace's unique keys (0.001 or 0.1%%) or entry"
              + " counts (1000). Default: 0.001,0.01,0.1,0.25, and 256,512,1000,1024 for the trace"
              + " named loop. Synthetic workloads keep their own sizes.")
  private List<String> sizes;

  @Option(
      names = "--policies",
      split = ",",
      paramLabel = "POLICY",
      description =
          "Policies to compare (default: all): warp-cache, FIFO, LRU, SIEVE, Caffeine, OPT.")
  private List<String> policyNames;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the synthetic workloads (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--max-requests",
      paramLabel = "N",
      description = "Replay at most the first N requests of each trace and workload.")
  private Integer maxRequests;

  @Option(names = "--csv", paramLabel = "FILE", description = "Also write the results as CSV.")
  private Path csv;

  @Option(
      names = "--svg",
      paramLabel = "FILE",
      description = "Also draw the results as an SVG chart (hit ratio against size per workload).")
  private Path svg;

  @Option(
      names = "--from-csv",
      paramLabel = "FILE",
      description =
          "Simulate nothing: read the results of an earlier --csv, print the table, and write"
              + " --svg (or --csv) from them.")
  private Path fromCsv;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Replays run at once (default: the number of processors).")
  private Integer threads;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Show a progress bar on standard error (default: only when it is a terminal).")
  private Boolean progress;

  /** Creates the command; picocli fills in its options. */
  public SimCommand() {}

  /**
   * Runs the simulation (or reads the results of an earlier one) and prints and writes them.
   *
   * @return the exit code: 0, or 1 if a file could not be read or written
   * @throws InterruptedException if interrupted while the replays run
   */
  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    require(threadCount >= 1, "--threads must be at least 1, but was " + threadCount);
    require(
        maxRequests == null || maxRequests >= 1,
        "--max-requests must be at least 1, but was " + maxRequests);
    try {
      List<SimResult> results;
      if (fromCsv != null) {
        results = ResultCsv.read(fromCsv);
        ResultTable.print(results, out);
      } else {
        results = simulate(out, err, threadCount);
      }
      if (csv != null) {
        ResultCsv.write(results, csv);
        out.println("Wrote " + csv);
      }
      if (svg != null) {
        SvgChart.write(results, svg);
        out.println("Wrote " + svg);
      }
      out.flush();
      return 0;
    } catch (IOException e) {
      err.println("warp sim: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private List<SimResult> simulate(PrintWriter out, PrintWriter err, int threadCount)
      throws IOException, InterruptedException {
    List<PolicyKind> policies = policies();
    List<Workload> workloads = workloads(err);
    require(!workloads.isEmpty(), "nothing to replay: no traces and --no-synthetic");
    out.printf(
        Locale.ROOT,
        "warp sim: %d workloads, policies %s, seed %d%n%n",
        workloads.size(),
        policies.stream().map(PolicyKind::displayName).collect(Collectors.joining(", ")),
        seed);
    out.flush();
    boolean showProgress = progress != null ? progress : ProgressBar.stderrIsTerminal();
    Simulator.Progress listener = showProgress ? new ProgressBar(err) : Simulator.Progress.NONE;
    long start = System.nanoTime();
    List<SimResult> results = new Simulator(policies, threadCount, listener).run(workloads);
    double seconds = (System.nanoTime() - start) / 1e9;
    ResultTable.print(results, out);
    out.printf(
        Locale.ROOT,
        "%nReplayed %,d requests (%d replays) in %.1f s on %d thread%s.%n",
        results.stream().mapToLong(SimResult::requests).sum(),
        results.size(),
        seconds,
        threadCount,
        threadCount == 1 ? "" : "s");
    return results;
  }

  private List<PolicyKind> policies() {
    if (policyNames == null || policyNames.isEmpty()) {
      return List.of(PolicyKind.values());
    }
    LinkedHashSet<PolicyKind> chosen = new LinkedHashSet<>();
    for (String name : policyNames) {
      try {
        chosen.add(PolicyKind.parse(name));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--policies: " + e.getMessage(), e);
      }
    }
    return List.copyOf(chosen);
  }

  private List<Workload> workloads(PrintWriter err) throws IOException {
    CacheSizes traceSizes = null;
    if (sizes != null) {
      try {
        traceSizes = CacheSizes.parse(sizes);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--sizes: " + e.getMessage(), e);
      }
    }
    int cap = maxRequests == null ? Trace.MAX_REQUESTS : maxRequests;
    List<Workload> workloads = new ArrayList<>();
    for (Path file : traceFiles(err)) {
      Trace trace = TraceReader.read(file, cap);
      if (trace.requests() == 0) {
        err.println("warp sim: skipping " + file + ": no keys");
        continue;
      }
      CacheSizes forTrace =
          traceSizes != null
              ? traceSizes
              : trace.name().equals("loop") ? CacheSizes.LOOP : CacheSizes.DEFAULT;
      workloads.add(new Workload(trace, forTrace.resolve(trace.uniqueKeys())));
    }
    if (synthetic) {
      workloads.addAll(SyntheticWorkloads.all(seed, cap));
    }
    return workloads;
  }

  private List<Path> traceFiles(PrintWriter err) throws IOException {
    List<Path> traceFiles = new ArrayList<>();
    if (!noTraces) {
      if (tracesDirectory != null) {
        require(
            Files.isDirectory(tracesDirectory),
            "--traces: not a directory: " + tracesDirectory.toAbsolutePath());
        traceFiles.addAll(TraceReader.traceFiles(tracesDirectory));
      } else if (Files.isDirectory(DEFAULT_TRACES)) {
        traceFiles.addAll(TraceReader.traceFiles(DEFAULT_TRACES));
      } else {
        err.println(
            "warp sim: no trace directory ("
                + DEFAULT_TRACES.toAbsolutePath().normalize()
                + " does not exist); give one with --traces DIR");
      }
    }
    for (Path file : files) {
      require(Files.isRegularFile(file), "no such trace file: " + file);
      traceFiles.add(file);
    }
    return traceFiles;
  }

  private void require(boolean condition, String message) {
    if (!condition) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }
}
