package dev.warpcache.cli.sim;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Prints the results as a text table: one row per workload and cache size, one column per policy
 * with its hit ratio in percent, and a last column with warp-cache's hit ratio minus the reference
 * SIEVE's in percentage points (which should be 0: it is the same algorithm).
 */
public final class ResultTable {

  /** The header of the difference column. */
  public static final String DIFFERENCE_HEADER = "warp-SIEVE pp";

  private ResultTable() {}

  /**
   * Prints the table, followed by a line with the largest warp-cache minus SIEVE difference when
   * both policies ran.
   *
   * @param results the results, in the order the rows should appear
   * @param out where to print
   */
  public static void print(List<SimResult> results, PrintWriter out) {
    ResultGrid grid = new ResultGrid(results);
    List<String> header = new ArrayList<>(List.of("workload", "size", "requests"));
    for (String policy : grid.policies()) {
      header.add(policy + " %");
    }
    if (grid.hasWarpAndSieve()) {
      header.add(DIFFERENCE_HEADER);
    }
    List<List<String>> lines = new ArrayList<>();
    for (ResultGrid.Row row : grid.rows()) {
      List<String> line = new ArrayList<>();
      line.add(row.workload());
      line.add(Integer.toString(row.size()));
      line.add(Long.toString(row.requests()));
      for (String policy : grid.policies()) {
        line.add(row.ratio(policy).map(r -> format("%.2f", 100 * r)).orElse("-"));
      }
      if (grid.hasWarpAndSieve()) {
        line.add(row.warpMinusSievePoints().map(ResultTable::points).orElse("-"));
      }
      lines.add(line);
    }
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = header.get(c).length();
      for (List<String> line : lines) {
        widths[c] = Math.max(widths[c], line.get(c).length());
      }
    }
    printLine(out, header, widths);
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
    }
    out.println(rule);
    String previousWorkload = null;
    for (List<String> line : lines) {
      if (previousWorkload != null && !previousWorkload.equals(line.get(0))) {
        out.println();
      }
      previousWorkload = line.get(0);
      printLine(out, line, widths);
    }
    maxWarpMinusSieve(results)
        .ifPresent(
            worst ->
                out.printf(
                    Locale.ROOT,
                    "%nLargest |warp-cache - SIEVE| over %d rows: %s pp (%s @ %d)%n",
                    grid.rows().stream().filter(r -> r.warpMinusSievePoints().isPresent()).count(),
                    format("%.4f", Math.abs(worst.points())),
                    worst.workload(),
                    worst.size()));
    out.flush();
  }

  /**
   * A difference between warp-cache and the reference SIEVE.
   *
   * @param workload the workload
   * @param size the cache size
   * @param points warp-cache's hit ratio minus SIEVE's, in percentage points
   */
  public record Difference(String workload, int size, double points) {}

  /**
   * Finds the row where warp-cache's hit ratio differs most from the reference SIEVE's.
   *
   * @param results the results
   * @return that row's difference, or empty if no row has both policies
   */
  public static Optional<Difference> maxWarpMinusSieve(List<SimResult> results) {
    Difference worst = null;
    for (ResultGrid.Row row : new ResultGrid(results).rows()) {
      Optional<Double> points = row.warpMinusSievePoints();
      if (points.isPresent()
          && (worst == null || Math.abs(points.get()) > Math.abs(worst.points()))) {
        worst = new Difference(row.workload(), row.size(), points.get());
      }
    }
    return Optional.ofNullable(worst);
  }

  private static String points(double points) {
    return points == 0 ? "0.00" : format("%+.2f", points);
  }

  private static void printLine(PrintWriter out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      if (c > 0) {
        line.append("  ");
      }
      if (c == 0) {
        line.append(cell).append(" ".repeat(widths[c] - cell.length()));
      } else {
        line.append(" ".repeat(widths[c] - cell.length())).append(cell);
      }
    }
    out.println(line.toString().stripTrailing());
  }

  private static String format(String pattern, double value) {
    return String.format(Locale.ROOT, pattern, value);
  }
}
