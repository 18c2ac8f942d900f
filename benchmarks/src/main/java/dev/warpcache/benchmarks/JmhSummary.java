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
 * thread count with every peer's score and its ratio to the bounded {@code ConcurrentHashMap} and
 * to Caffeine, then the targets of issue 5 point 5, each met or not met with its numbers.
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

  /** One JMH result: a benchmark method (or group) at a thread count with its parameters. */
  record Result(
      String suite,
      String method,
      int threads,
      String mode,
      String peer,
      double score,
      double error,
      String unit,
      Map<String, Double> secondary) {

    String key() {
      return suite + "." + method + " @" + threads;
    }
  }

  // ------------------------------------------------------------------ reading

  @SuppressWarnings("unchecked") // the shape of JMH's JSON
  private void read(Path file) throws IOException {
    Object root = new Json(Files.readString(file, StandardCharsets.UTF_8)).parse();
    for (Object item : (List<Object>) root) {
      Map<String, Object> run = (Map<String, Object>) item;
      String benchmark = (String) run.get("benchmark");
      int dot = benchmark.lastIndexOf('.');
      String suite = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
      String method = benchmark.substring(dot + 1);
      Map<String, Object> params =
          run.get("params") == null ? Map.of() : (Map<String, Object>) run.get("params");
      String peer = params.isEmpty() ? method : String.valueOf(params.values().iterator().next());
      if (params.isEmpty()) {
        // A suite without a peer parameter (HitPathBenchmark): each method is a row of one table.
        method = "*";
      }
      Map<String, Object> primary = (Map<String, Object>) run.get("primaryMetric");
      Map<String, Double> secondary = new LinkedHashMap<>();
      Object secondaries = run.get("secondaryMetrics");
      if (secondaries instanceof Map) {
        for (Map.Entry<String, Object> e : ((Map<String, Object>) secondaries).entrySet()) {
          secondary.put(e.getKey(), number(((Map<String, Object>) e.getValue()).get("score")));
        }
      }
      results.add(
          new Result(
              suite,
              method,
              ((Number) run.get("threads")).intValue(),
              (String) run.get("mode"),
              peer,
              number(primary.get("score")),
              number(primary.get("scoreError")),
              (String) primary.get("scoreUnit"),
              secondary));
    }
  }

  private static double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    return Double.NaN; // JMH writes "NaN" as a string
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
    boolean throughput = first.mode().equals("thrpt");
    Result bounded = find(rows, BasicCache.CHM_BOUNDED);
    if (bounded == null) {
      bounded = find(rows, first.suite().equals("MemoizeHitBenchmark") ? "chm" : "");
    }
    if (bounded == null && first.suite().equals("HitPathBenchmark")) {
      bounded = find(rows, "chm");
    }
    Result caffeine = find(rows, BasicCache.CAFFEINE);
    boolean alloc = rows.stream().anyMatch(r -> gcNorm(r) != null);
    String baseName = bounded == null ? "-" : bounded.peer();
    out.printf(Locale.ROOT, "%n### %s (%s)%n%n", title.replace(".*", ""), first.mode());
    out.printf(
        "| peer | score (%s, %s) | speed vs %s | speed vs caffeine |%s%n",
        first.unit(),
        throughput ? "higher is better" : "lower is better",
        baseName,
        alloc ? " B/op |" : "");
    out.printf("|---|---:|---:|---:|%s%n", alloc ? "---:|" : "");
    for (Result r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %.2f%s | %s | %s |%s%n",
          r.peer(),
          r.score(),
          Double.isNaN(r.error()) ? "" : String.format(Locale.ROOT, " ± %.2f", r.error()),
          ratio(r, bounded, throughput),
          ratio(r, caffeine, throughput),
          alloc ? String.format(Locale.ROOT, " %.1f |", orNaN(gcNorm(r))) : "");
      for (Map.Entry<String, Double> e : r.secondary().entrySet()) {
        if (e.getKey().startsWith(r.method() + "_")) { // a group's member, e.g. readwrite_get
          out.printf(
              Locale.ROOT,
              "| %s · %s | %.2f | | |%s%n",
              r.peer(),
              e.getKey(),
              e.getValue(),
              alloc ? " |" : "");
        }
      }
    }
  }

  /** The peer's advantage as a speed ratio: above 1 means faster than {@code base}. */
  private static String ratio(Result r, Result base, boolean throughput) {
    if (base == null) {
      return "-";
    }
    double speed = throughput ? r.score() / base.score() : base.score() / r.score();
    return String.format(Locale.ROOT, "%.2f×", speed);
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
    out.printf("%n### Targets (issue 5, point 5)%n%n");
    out.println("| target | measured | verdict |");
    out.println("|---|---|---|");
    throughputTarget("read, 2 threads: ≥ 3× Caffeine", "read", 2, BasicCache.CAFFEINE, 3.0);
    throughputTarget(
        "read, 2 threads: ≥ 0.9× bounded ConcurrentHashMap",
        "read",
        2,
        BasicCache.CHM_BOUNDED,
        0.9);
    throughputTarget(
        "readwrite, 1 reader + 1 writer: ≥ 2× Caffeine", "readwrite", 2, BasicCache.CAFFEINE, 2.0);
    throughputTarget("write, 2 threads: ≥ 1× Caffeine", "write", 2, BasicCache.CAFFEINE, 1.0);
    for (String method : List.of("oneArg", "twoArgs")) {
      memoTargets(method);
    }
    for (int threads : new int[] {1, 2}) {
      Result plain = find("TtlBenchmark", "read", threads, BasicCache.WARP_CACHE);
      Result ttl = find("TtlBenchmark", "read", threads, BasicCache.WARP_CACHE_TTL);
      String what = "TTL on, read, " + threads + " thread" + (threads > 1 ? "s" : "");
      if (plain == null || ttl == null) {
        if (threads == 2) {
          row(what + ": ≥ 0.9× without TTL", "not run", "-");
        }
        continue;
      }
      double ratio = ttl.score() / plain.score();
      String caffeine = "";
      Result c = find("TtlBenchmark", "read", threads, BasicCache.CAFFEINE);
      Result cTtl = find("TtlBenchmark", "read", threads, BasicCache.CAFFEINE_TTL);
      if (c != null && cTtl != null) {
        caffeine = String.format(Locale.ROOT, " (Caffeine's own: %.2f×)", cTtl.score() / c.score());
      }
      row(
          what + ": ≥ 0.9× without TTL",
          String.format(
              Locale.ROOT,
              "%.2f× (%.1f vs %.1f %s)%s",
              ratio,
              ttl.score(),
              plain.score(),
              ttl.unit(),
              caffeine),
          verdict(ratio >= 0.9));
    }
  }

  private void throughputTarget(
      String what, String method, int threads, String basePeer, double needed) {
    Result warp = find("GetPutBenchmark", method, threads, BasicCache.WARP_CACHE);
    Result base = find("GetPutBenchmark", method, threads, basePeer);
    if (warp == null || base == null) {
      row(what, "not run", "-");
      return;
    }
    double ratio = warp.score() / base.score();
    row(
        what,
        String.format(
            Locale.ROOT, "%.2f× (%.1f vs %.1f %s)", ratio, warp.score(), base.score(), warp.unit()),
        verdict(ratio >= needed));
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
        bytes == null ? "-" : verdict(bytes < ZERO_BYTES));
    if (chm != null) {
      double ratio = warp.score() / chm.score();
      row(
          "memoized hit, " + label + ": ≤ 1.1× ConcurrentHashMap.get time",
          String.format(
              Locale.ROOT,
              "%.2f× (%.1f vs %.1f %s)",
              ratio,
              warp.score(),
              chm.score(),
              warp.unit()),
          verdict(ratio <= 1.1));
    }
  }

  private void row(String what, String measured, String verdict) {
    out.printf("| %s | %s | %s |%n", what, measured, verdict);
  }

  private static String verdict(boolean met) {
    return met ? "met" : "**not met**";
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
