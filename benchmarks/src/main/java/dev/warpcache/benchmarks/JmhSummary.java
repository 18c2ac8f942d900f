package dev.warpcache.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Summarizes JMH JSON result files ({@code -rf json}) as Markdown: one table per benchmark and
 * thread count with every peer's score and its speed ratio to the bounded {@code ConcurrentHashMap}
 * (or the plain one where there is no bounded one) and to Caffeine, then the targets of issue 5
 * point 5, each met or not met with its numbers. The tables of {@link RedisTierBenchmark} compare
 * with the memory backend (near hits) or a bare Lettuce {@code GET} (remote hits) and with Caffeine
 * in front of Redis instead, and its own targets follow; so do the shared store's ({@link
 * SharedStoreBenchmark} against its floor, against Redis ({@link SharedStoreRedisBenchmark}),
 * against Chronicle Map ({@link SharedStoreChronicleBenchmark}) and from two processes at once).
 *
 * <p>Two estimates per peer, because the benchmarks run on shared machines: JMH's score (the mean
 * of all measurement iterations) and the best iteration (highest throughput, lowest time). Other
 * processes only ever slow a benchmark down, so the best iteration is the one least disturbed; the
 * two ratios agreeing is a sign the ratio is real. A target is "met" or "not met" when both agree,
 * and "unclear (noise)" when they do not.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.warpcache.benchmarks.JmhSummary
 * results/jmh/*.json}. Needs nothing but the JDK (the JSON parser is a small one of its own).
 */
public final class JmhSummary {

  /** Below this many bytes per call an allocation figure counts as zero (JMH's noise floor). */
  static final double ZERO_BYTES = 0.5;

  private final List<Result> results = new ArrayList<>();
  private final PrintStream out;

  private JmhSummary(PrintStream out) {
    this.out = out;
  }

  /**
   * Prints the summary of the given JMH JSON files.
   *
   * @param args the files
   * @throws IOException if a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: JmhSummary <jmh-result.json>...");
      System.exit(2);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    JmhSummary summary = new JmhSummary(out);
    for (String arg : args) {
      summary.read(Path.of(arg));
    }
    summary.print();
  }

  /**
   * One JMH result: a benchmark method (or group) at a thread count with its parameters.
   *
   * @param best the best measurement iteration: the highest throughput or the lowest time
   */
  record Result(
      String suite,
      String method,
      int threads,
      String mode,
      String peer,
      double score,
      double error,
      double best,
      String unit,
      Map<String, Double> secondary) {

    String key() {
      return suite + "." + method + " @" + threads;
    }

    boolean throughput() {
      return mode.equals("thrpt");
    }

    /** How much faster this is than {@code base}, by JMH's score: above 1 means faster. */
    double speedup(Result base) {
      return throughput() ? score / base.score : base.score / score;
    }

    /** The same by best iterations. */
    double bestSpeedup(Result base) {
      return throughput() ? best / base.best : base.best / best;
    }
  }

  // ------------------------------------------------------------------ reading

  private void read(Path file) throws IOException {
    for (Map<String, Object> run : runs(file)) {
      results.add(result(run));
    }
  }

  /** The runs of a JMH JSON file: one map per benchmark method and parameter set, in its order. */
  @SuppressWarnings("unchecked") // the shape of JMH's JSON
  static List<Map<String, Object>> runs(Path file) throws IOException {
    List<Map<String, Object>> runs = new ArrayList<>();
    Object root = new Json(Files.readString(file, StandardCharsets.UTF_8)).parse();
    for (Object item : (List<Object>) root) {
      runs.add((Map<String, Object>) item);
    }
    return runs;
  }

  /**
   * One run of a JMH JSON file as a result. The peer is the first parameter's value; a suite
   * without parameters (HitPathBenchmark) makes each method a peer of one table, method {@code *}.
   * The {@code redis} parameter is a server's address, not a peer: a suite with no other
   * (SharedStoreRedisBenchmark) counts as one without parameters.
   */
  @SuppressWarnings("unchecked") // the shape of JMH's JSON
  static Result result(Map<String, Object> run) {
    String benchmark = (String) run.get("benchmark");
    int dot = benchmark.lastIndexOf('.');
    String suite = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
    String method = benchmark.substring(dot + 1);
    Map<String, Object> params = new LinkedHashMap<>();
    if (run.get("params") != null) {
      params.putAll((Map<String, Object>) run.get("params"));
    }
    params.remove(SERVER_PARAM);
    String peer = params.isEmpty() ? method : String.valueOf(params.values().iterator().next());
    if (params.isEmpty()) {
      // A suite without a peer parameter (HitPathBenchmark): each method is a row of one table.
      method = "*";
    }
    String mode = (String) run.get("mode");
    Map<String, Object> primary = (Map<String, Object>) run.get("primaryMetric");
    Map<String, Double> secondary = new LinkedHashMap<>();
    Object secondaries = run.get("secondaryMetrics");
    if (secondaries instanceof Map) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) secondaries).entrySet()) {
        secondary.put(e.getKey(), number(((Map<String, Object>) e.getValue()).get("score")));
      }
    }
    double score = number(primary.get("score"));
    return new Result(
        suite,
        method,
        ((Number) run.get("threads")).intValue(),
        mode,
        peer,
        score,
        number(primary.get("scoreError")),
        best(primary.get("rawData"), mode.equals("thrpt"), score),
        (String) primary.get("scoreUnit"),
        secondary);
  }

  private static double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    return Double.NaN; // JMH writes "NaN" as a string
  }

  /** The best of the raw iterations (a list per fork), or {@code fallback} if there are none. */
  private static double best(Object rawData, boolean throughput, double fallback) {
    double best = Double.NaN;
    if (rawData instanceof List<?> forks) {
      for (Object fork : forks) {
        if (fork instanceof List<?> iterations) {
          for (Object iteration : iterations) {
            double v = number(iteration);
            if (Double.isNaN(best) || (throughput ? v > best : v < best)) {
              best = v;
            }
          }
        }
      }
    }
    return Double.isNaN(best) ? fallback : best;
  }

  // ------------------------------------------------------------------ tables

  private void print() {
    Map<String, List<Result>> tables = new TreeMap<>();
    for (Result r : results) {
      tables.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<String, List<Result>> table : tables.entrySet()) {
      printTable(table.getKey(), table.getValue());
    }
    printTargets();
  }

  private void printTable(String title, List<Result> rows) {
    Result first = rows.get(0);
    boolean throughput = first.throughput();
    Result base = find(rows, BasicCache.CHM_BOUNDED);
    if (base == null) {
      base = find(rows, BasicCache.CHM);
    }
    if (base == null) {
      base = find(rows, RedisTierBenchmark.MEMORY);
    }
    if (base == null) {
      base = find(rows, RedisTierBenchmark.LETTUCE_GET);
    }
    Result caffeine = find(rows, BasicCache.CAFFEINE);
    if (caffeine == null) {
      caffeine = find(rows, RedisTierBenchmark.CAFFEINE_REDIS);
    }
    boolean alloc = rows.stream().anyMatch(r -> gcNorm(r) != null);
    out.printf(Locale.ROOT, "%n### %s (%s)%n%n", title.replace(".*", ""), first.mode());
    out.printf(
        "| peer | score (%s, %s) | best iteration | speed vs %s (score / best) | speed vs"
            + " %s (score / best) |%s%n",
        first.unit(),
        throughput ? "higher is better" : "lower is better",
        base == null ? "-" : base.peer(),
        caffeine == null ? BasicCache.CAFFEINE : caffeine.peer(),
        alloc ? " B/op |" : "");
    out.printf("|---|---:|---:|---:|---:|%s%n", alloc ? "---:|" : "");
    for (Result r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %.2f%s | %.2f | %s | %s |%s%n",
          r.peer(),
          r.score(),
          Double.isNaN(r.error()) ? "" : String.format(Locale.ROOT, " ± %.2f", r.error()),
          r.best(),
          ratios(r, base),
          ratios(r, caffeine),
          alloc ? String.format(Locale.ROOT, " %.1f |", orNaN(gcNorm(r))) : "");
      for (Map.Entry<String, Double> e : r.secondary().entrySet()) {
        if (e.getKey().startsWith(r.method() + "_")) { // a group's member, e.g. readwrite_get
          out.printf(
              Locale.ROOT,
              "| %s · %s | %.2f | | | |%s%n",
              r.peer(),
              e.getKey(),
              e.getValue(),
              alloc ? " |" : "");
        }
      }
    }
  }

  /** The row's speed ratios to {@code base}, by score and by best iteration. */
  private static String ratios(Result r, Result base) {
    if (base == null) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f× / %.2f×", r.speedup(base), r.bestSpeedup(base));
  }

  private static Double gcNorm(Result r) {
    for (Map.Entry<String, Double> e : r.secondary().entrySet()) {
      if (e.getKey().endsWith("gc.alloc.rate.norm")) {
        return e.getValue();
      }
    }
    return null;
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }

  private static Result find(List<Result> rows, String peer) {
    for (Result r : rows) {
      if (r.peer().equals(peer)) {
        return r;
      }
    }
    return null;
  }

  private Result find(String suite, String method, int threads, String peer) {
    Result found = null;
    for (Result r : results) {
      if (r.suite().equals(suite)
          && r.method().equals(method)
          && r.threads() == threads
          && r.peer().equals(peer)) {
        found = r; // the last file given wins
      }
    }
    return found;
  }

  // ------------------------------------------------------------------ targets

  private void printTargets() {
    if (results.stream()
        .anyMatch(
            r ->
                r.suite().equals("GetPutBenchmark")
                    || r.suite().equals("MemoizeHitBenchmark")
                    || r.suite().equals("TtlBenchmark"))) {
      printIssueTargets();
    }
    if (results.stream().anyMatch(r -> r.suite().equals(REDIS_SUITE))) {
      printRedisTargets();
    }
    if (results.stream()
        .anyMatch(
            r ->
                r.suite().equals(SHARED_SUITE)
                    || r.suite().equals(SHARED_REDIS_SUITE)
                    || r.suite().equals(SHARED_CHRONICLE_SUITE))) {
      printSharedTargets();
    }
  }

  private void printIssueTargets() {
    out.printf("%n### Targets (issue 5, point 5)%n%n");
    out.println(
        "Ratios are speed ratios of warp-cache to the peer (time ratios for the memoized hit),"
            + " by JMH's score, then by best iterations.");
    out.println();
    out.println("| target | measured (score; best iteration) | verdict |");
    out.println("|---|---|---|");
    speedTarget("read, 2 threads: ≥ 3× Caffeine", "GetPutBenchmark", "read", 2, null, 3.0);
    speedTarget(
        "read, 2 threads: ≥ 0.9× bounded ConcurrentHashMap",
        "GetPutBenchmark",
        "read",
        2,
        BasicCache.CHM_BOUNDED,
        0.9);
    speedTarget(
        "readwrite, 1 reader + 1 writer: ≥ 2× Caffeine",
        "GetPutBenchmark",
        "readwrite",
        2,
        null,
        2.0);
    speedTarget("write, 2 threads: ≥ 1× Caffeine", "GetPutBenchmark", "write", 2, null, 1.0);
    for (String method : List.of("oneArg", "twoArgs")) {
      memoTargets(method);
    }
    for (int threads : new int[] {1, 2}) {
      Result plain = find("TtlBenchmark", "read", threads, BasicCache.WARP_CACHE);
      Result ttl = find("TtlBenchmark", "read", threads, BasicCache.WARP_CACHE_TTL);
      String what =
          "TTL on, read, " + threads + " thread" + (threads > 1 ? "s" : "") + ": ≥ 0.9× without";
      if (plain == null || ttl == null) {
        if (threads == 2) {
          row(what, "not run", "-");
        }
        continue;
      }
      String caffeine = "";
      Result c = find("TtlBenchmark", "read", threads, BasicCache.CAFFEINE);
      Result cTtl = find("TtlBenchmark", "read", threads, BasicCache.CAFFEINE_TTL);
      if (c != null && cTtl != null) {
        caffeine =
            String.format(
                Locale.ROOT,
                "; Caffeine's own: %.2f×; %.2f×",
                cTtl.speedup(c),
                cTtl.bestSpeedup(c));
      }
      row(what, measured(ttl, plain) + caffeine, verdict(ttl, plain, 0.9));
    }
  }

  private static final String REDIS_SUITE = "RedisTierBenchmark";
  private static final String SHARED_SUITE = "SharedStoreBenchmark";
  private static final String SHARED_REDIS_SUITE = "SharedStoreRedisBenchmark";
  private static final String SHARED_CHRONICLE_SUITE = "SharedStoreChronicleBenchmark";

  /** The parameter that gives a benchmark its Redis server's URI. */
  private static final String SERVER_PARAM = "redis";

  /** The targets of the near cache over Redis, per thread count measured, and its peers. */
  private void printRedisTargets() {
    out.printf("%n### Targets of the near cache over Redis%n%n");
    out.println(
        "Time ratios: warp-cache's time per call over the peer's (below 1: warp-cache is faster),"
            + " by JMH's score, then by best iterations.");
    out.println();
    out.println("| target | measured (score; best iteration) | verdict |");
    out.println("|---|---|---|");
    for (int threads : new int[] {1, 2}) {
      String at = ", " + threads + " thread" + (threads > 1 ? "s" : "");
      Result near = find(REDIS_SUITE, "nearHit", threads, RedisTierBenchmark.WARP_CACHE);
      Result remote = find(REDIS_SUITE, "remoteHit", threads, RedisTierBenchmark.WARP_CACHE);
      if (near == null && remote == null) {
        continue;
      }
      timeTarget(
          "near hit" + at + ": ≤ 1.1× the memory backend's hit",
          near,
          find(REDIS_SUITE, "nearHit", threads, RedisTierBenchmark.MEMORY),
          1.1);
      timeTarget(
          "remote hit" + at + ": ≤ 1.2× a Lettuce GET",
          remote,
          find(REDIS_SUITE, "remoteHit", threads, RedisTierBenchmark.LETTUCE_GET),
          1.2);
      for (String peer : List.of(RedisTierBenchmark.CAFFEINE_REDIS, RedisTierBenchmark.REDIS)) {
        timeTarget(
            "*for comparison:* near hit" + at + " / " + peer,
            near,
            find(REDIS_SUITE, "nearHit", threads, peer),
            0);
        timeTarget(
            "*for comparison:* remote hit" + at + " / " + peer,
            remote,
            find(REDIS_SUITE, "remoteHit", threads, peer),
            0);
      }
    }
  }

  /**
   * The targets of the shared store: a hit against the floor (1 thread), against a Redis {@code
   * GET} and a Chronicle Map {@code get} (per thread count measured), and two processes reading at
   * once against one. The one-process runs are those of the JVM's own region (an empty {@code
   * region}); the two-process runs share a named one, one result per process, summed.
   */
  private void printSharedTargets() {
    out.printf("%n### Targets of the shared store%n%n");
    out.println(
        "Speed ratios (throughput over throughput), except against the floor: a time ratio, the"
            + " hit's time per call over the floor's; by JMH's score, then by best iterations (for"
            + " two processes, the sum of each one's best).");
    out.println();
    out.println("| target | measured (score; best iteration) | verdict |");
    out.println("|---|---|---|");
    Result hit = find(SHARED_SUITE, "hit", 1, "");
    Result floor = find(SHARED_SUITE, "floorHit", 1, "");
    String what = "shared hit, 1 thread: ≤ 2× the floor's time";
    if (hit == null || floor == null) {
      row(what, "not run", "-");
    } else {
      row(
          what,
          String.format(
              Locale.ROOT,
              "%.2f× (%s vs %s %s); %.2f× (%s vs %s)",
              1 / hit.speedup(floor),
              num(hit.score()),
              num(floor.score()),
              hit.unit(),
              1 / hit.bestSpeedup(floor),
              num(hit.best()),
              num(floor.best())),
          verdict(hit, floor, 1 / 2.0));
    }
    peerTargets(SHARED_REDIS_SUITE, "≥ 50× Redis's throughput (GET)", 50, "Redis SET");
    peerTargets(
        SHARED_CHRONICLE_SUITE, "≥ 3× Chronicle Map's throughput (get)", 3, "Chronicle Map put");
    twoProcesses("2 processes reading: ≥ 1.8× one process's total", "hit", 1.8);
    twoProcesses("*for comparison:* 2 processes overwriting / one process", "overwrite", 0);
  }

  /**
   * The shared store's hit over a peer suite's (a target: {@code needed} times its throughput) and
   * its overwrite over the peer's (for comparison), per thread count measured; the peer suite has
   * no parameters, so its methods are its peers. One row "not run" when neither suite ran.
   */
  private void peerTargets(String suite, String target, double needed, String peerWrite) {
    boolean run = false;
    for (int threads : new int[] {1, 2}) {
      String at = ", " + threads + " thread" + (threads > 1 ? "s" : "");
      Result shared = find(SHARED_SUITE, "hit", threads, "");
      Result peer = find(suite, "*", threads, "hit");
      if (shared == null && peer == null) {
        continue;
      }
      run = true;
      sharedSpeedRow("shared hit, one process" + at + ": " + target, shared, peer, needed);
      sharedSpeedRow(
          "*for comparison:* shared overwrite" + at + " / " + peerWrite,
          find(SHARED_SUITE, "overwrite", threads, ""),
          find(suite, "*", threads, "overwrite"),
          0);
    }
    if (!run) {
      row("shared hit, one process: " + target, "not run", "-");
    }
  }

  /** A row of the shared store's speed over a peer's; a target when {@code needed} is positive. */
  private void sharedSpeedRow(String what, Result r, Result base, double needed) {
    if (r == null || base == null) {
      row(what, "not run", "-");
      return;
    }
    String measured =
        String.format(
            Locale.ROOT,
            "%.1f× (%s vs %s %s); %.1f× (%s vs %s)",
            r.speedup(base),
            num(r.score()),
            num(base.score()),
            r.unit(),
            r.bestSpeedup(base),
            num(r.best()),
            num(base.best()));
    row(what, measured, needed > 0 ? verdict(r, base, needed) : "-");
  }

  /**
   * The sum of two processes' throughput on one named region, one thread each, over one process's
   * (one thread); a target when {@code needed} is positive.
   */
  private void twoProcesses(String what, String method, double needed) {
    Result one = find(SHARED_SUITE, method, 1, "");
    Map<String, List<Result>> regions = new LinkedHashMap<>(); // in the order of the files
    for (Result r : results) {
      if (r.suite().equals(SHARED_SUITE)
          && r.method().equals(method)
          && r.threads() == 1
          && !r.peer().isEmpty()) {
        regions.computeIfAbsent(r.peer(), k -> new ArrayList<>()).add(r);
      }
    }
    List<Result> both = null;
    for (List<Result> processes : regions.values()) {
      if (processes.size() == 2) {
        both = processes; // the last region with both processes' results
      }
    }
    if (one == null || both == null) {
      row(
          what,
          one != null && !regions.isEmpty() ? "one process's results of the two only" : "not run",
          "-");
      return;
    }
    Result a = both.get(0);
    Result b = both.get(1);
    double score = a.score() + b.score();
    double best = a.best() + b.best();
    String measured =
        String.format(
            Locale.ROOT,
            "%.2f× (%s + %s = %s vs %s %s); %.2f× (%s vs %s)",
            score / one.score(),
            num(a.score()),
            num(b.score()),
            num(score),
            num(one.score()),
            one.unit(),
            best / one.best(),
            num(best),
            num(one.best()));
    row(what, measured, needed > 0 ? verdict(score / one.score(), best / one.best(), needed) : "-");
  }

  /** Three significant digits: throughputs here run from hundredths (Redis) to tens (the floor). */
  private static String num(double value) {
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : "%.3g", value);
  }

  /**
   * A row of warp-cache's time over a peer's ({@code r} over {@code base}); a target when {@code
   * most} (the largest time ratio that meets it) is positive, a comparison otherwise.
   */
  private void timeTarget(String what, Result r, Result base, double most) {
    if (r == null || base == null) {
      row(what, "not run", "-");
      return;
    }
    String measured =
        String.format(
            Locale.ROOT,
            "%.2f× (%.1f vs %.1f %s); %.2f× (%.1f vs %.1f)",
            r.score() / base.score(),
            r.score(),
            base.score(),
            r.unit(),
            r.best() / base.best(),
            r.best(),
            base.best());
    row(what, measured, most > 0 ? verdict(r, base, 1 / most) : "-");
  }

  /** A target on warp-cache's speed relative to a peer ({@code null}: Caffeine). */
  private void speedTarget(
      String what, String suite, String method, int threads, String basePeer, double needed) {
    Result warp = find(suite, method, threads, BasicCache.WARP_CACHE);
    Result base = find(suite, method, threads, basePeer == null ? BasicCache.CAFFEINE : basePeer);
    if (warp == null || base == null) {
      row(what, "not run", "-");
      return;
    }
    row(what, measured(warp, base), verdict(warp, base, needed));
  }

  private void memoTargets(String method) {
    String label = method.equals("oneArg") ? "one argument" : "two arguments";
    Result warp = find("MemoizeHitBenchmark", method, 1, "warp-cache");
    Result chm = find("MemoizeHitBenchmark", method, 1, "chm");
    if (warp == null) {
      row("memoized hit, " + label + ": 0 B/op", "not run", "-");
      return;
    }
    Double bytes = gcNorm(warp);
    row(
        "memoized hit, " + label + ": 0 B/op",
        bytes == null
            ? "not measured (run with -prof gc)"
            : String.format(Locale.ROOT, "%.2f B/op", bytes),
        bytes == null ? "-" : bytes < ZERO_BYTES ? "met" : "**not met**");
    if (chm != null) {
      // A time ratio: warp-cache's time over the map's, at most 1.1.
      String measured =
          String.format(
              Locale.ROOT,
              "%.2f× (%.1f vs %.1f %s); %.2f× (%.1f vs %.1f)",
              warp.score() / chm.score(),
              warp.score(),
              chm.score(),
              warp.unit(),
              warp.best() / chm.best(),
              warp.best(),
              chm.best());
      row(
          "memoized hit, " + label + ": ≤ 1.1× ConcurrentHashMap.get time",
          measured,
          verdict(warp, chm, 1 / 1.1));
    }
  }

  /** "ratio (score vs score unit); ratio (best vs best)", as speed ratios of r to base. */
  private static String measured(Result r, Result base) {
    return String.format(
        Locale.ROOT,
        "%.2f× (%.1f vs %.1f %s); %.2f× (%.1f vs %.1f)",
        r.speedup(base),
        r.score(),
        base.score(),
        r.unit(),
        r.bestSpeedup(base),
        r.best(),
        base.best());
  }

  /** Met when both estimates reach {@code needed} (a speed ratio), not met when neither does. */
  private static String verdict(Result r, Result base, double needed) {
    return verdict(r.speedup(base), r.bestSpeedup(base), needed);
  }

  /** The same from the two speed ratios: by score and by best iterations. */
  private static String verdict(double speedup, double bestSpeedup, double needed) {
    boolean byScore = speedup >= needed;
    boolean byBest = bestSpeedup >= needed;
    if (byScore && byBest) {
      return "met";
    }
    if (!byScore && !byBest) {
      return "**not met**";
    }
    return "unclear (noise): " + (byScore ? "met by score only" : "met by best iteration only");
  }

  private void row(String what, String measured, String verdict) {
    out.printf("| %s | %s | %s |%n", what, measured, verdict);
  }

  // ------------------------------------------------------------------ a small JSON parser

  /** Parses JSON into maps, lists, strings, doubles, booleans and null. Enough for JMH's files. */
  static final class Json {
    private final String text;
    private int at;

    Json(String text) {
      this.text = text;
    }

    Object parse() {
      Object value = value();
      skipSpace();
      if (at != text.length()) {
        throw error("trailing text");
      }
      return value;
    }

    private Object value() {
      skipSpace();
      if (at >= text.length()) {
        throw error("unexpected end");
      }
      char c = text.charAt(at);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        case 't':
          return literal("true", Boolean.TRUE);
        case 'f':
          return literal("false", Boolean.FALSE);
        case 'n':
          return literal("null", null);
        default:
          return number();
      }
    }

    private Map<String, Object> object() {
      Map<String, Object> map = new LinkedHashMap<>();
      at++; // {
      skipSpace();
      if (peek() == '}') {
        at++;
        return map;
      }
      while (true) {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':');
        map.put(key, value());
        skipSpace();
        if (peek() == ',') {
          at++;
        } else {
          expect('}');
          return map;
        }
      }
    }

    private List<Object> array() {
      List<Object> list = new ArrayList<>();
      at++; // [
      skipSpace();
      if (peek() == ']') {
        at++;
        return list;
      }
      while (true) {
        list.add(value());
        skipSpace();
        if (peek() == ',') {
          at++;
        } else {
          expect(']');
          return list;
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = text.charAt(at++);
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = text.charAt(at++);
        switch (e) {
          case 'n':
            sb.append('\n');
            break;
          case 't':
            sb.append('\t');
            break;
          case 'r':
            sb.append('\r');
            break;
          case 'b':
            sb.append('\b');
            break;
          case 'f':
            sb.append('\f');
            break;
          case 'u':
            sb.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
            break;
          default:
            sb.append(e); // \" \\ \/
        }
      }
    }

    private Double number() {
      int start = at;
      while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
      if (start == at) {
        throw error("unexpected character '" + text.charAt(at) + "'");
      }
      return Double.valueOf(text.substring(start, at));
    }

    private Object literal(String word, Object value) {
      if (!text.startsWith(word, at)) {
        throw error("expected " + word);
      }
      at += word.length();
      return value;
    }

    private char peek() {
      return at < text.length() ? text.charAt(at) : '\0';
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      at++;
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    private IllegalArgumentException error(String message) {
      return new IllegalArgumentException("JSON: " + message + " at offset " + at);
    }
  }
}
