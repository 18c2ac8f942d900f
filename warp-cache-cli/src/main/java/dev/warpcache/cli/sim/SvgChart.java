package dev.warpcache.cli.sim;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the results as an SVG chart, with no library: one small panel per workload, hit ratio (in
 * percent) against cache size, one line per policy. Sizes are evenly spaced categories (they span
 * orders of magnitude), the y axis of each panel runs from 0 to a round value just above its
 * largest hit ratio. warp-cache is drawn as a thin line over a wide pale SIEVE line, so that the
 * two show as one when they agree, as they should.
 */
public final class SvgChart {

  private static final int COLUMNS = 3;
  private static final int PANEL_WIDTH = 430;
  private static final int PANEL_HEIGHT = 280;
  private static final int MARGIN = 20;
  private static final int HEADER_HEIGHT = 70;
  private static final int PLOT_LEFT = 52;
  private static final int PLOT_RIGHT = 16;
  private static final int PLOT_TOP = 44;
  private static final int PLOT_BOTTOM = 46;

  /** How each known policy is drawn: colour, line width, dash pattern, opacity. */
  private record Style(String color, double width, String dash, double opacity) {}

  private static final Map<String, Style> STYLES =
      Map.of(
          PolicyKind.OPT.displayName(), new Style("#222222", 1.5, "6,4", 1),
          PolicyKind.FIFO.displayName(), new Style("#8c8c8c", 2, "2,3", 1),
          PolicyKind.LRU.displayName(), new Style("#2ca02c", 2, "", 1),
          PolicyKind.CAFFEINE.displayName(), new Style("#9467bd", 2, "", 1),
          PolicyKind.SIEVE.displayName(), new Style("#1f77b4", 7, "", 0.35),
          PolicyKind.WARP_CACHE.displayName(), new Style("#d62728", 2, "", 1));

  private static final String[] OTHER_COLORS = {"#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

  /** The drawing order: the wide SIEVE line below, warp-cache last, on top. */
  private static final List<String> DRAW_ORDER =
      List.of(
          PolicyKind.OPT.displayName(),
          PolicyKind.FIFO.displayName(),
          PolicyKind.LRU.displayName(),
          PolicyKind.CAFFEINE.displayName(),
          PolicyKind.SIEVE.displayName(),
          PolicyKind.WARP_CACHE.displayName());

  private SvgChart() {}

  /**
   * Writes the chart to a file, replacing it.
   *
   * @param results the results to draw
   * @param file the SVG file
   * @throws IOException if writing fails
   */
  public static void write(List<SimResult> results, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(results, out);
    }
  }

  /**
   * Writes the chart.
   *
   * @param results the results to draw
   * @param out where to write the SVG document; not closed
   * @throws IOException if writing fails
   */
  public static void write(List<SimResult> results, Writer out) throws IOException {
    ResultGrid grid = new ResultGrid(results);
    List<String> workloads = grid.workloads();
    List<String> policies = drawOrder(grid.policies());
    int columns = Math.max(1, Math.min(COLUMNS, workloads.size()));
    int panelRows = (workloads.size() + columns - 1) / columns;
    int width = 2 * MARGIN + columns * PANEL_WIDTH;
    int height = 2 * MARGIN + HEADER_HEIGHT + Math.max(1, panelRows) * PANEL_HEIGHT;
    StringBuilder svg = new StringBuilder();
    svg.append(
        fmt(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\">%n",
            width, height, width, height));
    svg.append(fmt("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    svg.append(
        fmt(
            "<text x=\"%d\" y=\"%d\" font-size=\"20\" font-weight=\"bold\">%s</text>%n",
            MARGIN,
            MARGIN + 20,
            escape("Hit ratio (%) by cache size (entries), per workload: warp sim")));
    legend(svg, policies, MARGIN, MARGIN + 50);
    for (int i = 0; i < workloads.size(); i++) {
      int x = MARGIN + (i % columns) * PANEL_WIDTH;
      int y = MARGIN + HEADER_HEIGHT + (i / columns) * PANEL_HEIGHT;
      panel(svg, grid.rowsOf(workloads.get(i)), policies, x, y);
    }
    svg.append("</svg>\n");
    out.write(svg.toString());
    out.flush();
  }

  private static List<String> drawOrder(List<String> policies) {
    return policies.stream()
        .sorted(
            (a, b) -> {
              int ia = DRAW_ORDER.indexOf(a);
              int ib = DRAW_ORDER.indexOf(b);
              return Integer.compare(ia < 0 ? -1 : ia, ib < 0 ? -1 : ib);
            })
        .toList();
  }

  private static void legend(StringBuilder svg, List<String> policies, int x, int y) {
    int cursor = x;
    for (int i = policies.size() - 1; i >= 0; i--) {
      String policy = policies.get(i);
      Style style = style(policy, i);
      svg.append(
          fmt(
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" %s/>%n",
              cursor, y - 4, cursor + 28, y - 4, stroke(style)));
      String label =
          policy.equals(PolicyKind.SIEVE.displayName())
              ? "SIEVE (reference; warp-cache drawn on top)"
              : policy;
      svg.append(
          fmt(
              "<text x=\"%d\" y=\"%d\" font-size=\"14\">%s</text>%n",
              cursor + 34, y, escape(label)));
      cursor += 34 + label.length() * 8 + 24;
    }
  }

  private static void panel(
      StringBuilder svg, List<ResultGrid.Row> rows, List<String> policies, int x, int y) {
    int left = x + PLOT_LEFT;
    int right = x + PANEL_WIDTH - PLOT_RIGHT;
    int top = y + PLOT_TOP;
    int bottom = y + PANEL_HEIGHT - PLOT_BOTTOM;
    ResultGrid.Row first = rows.get(0);
    svg.append(
        fmt(
            "<text x=\"%d\" y=\"%d\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
            left, y + 22, escape(first.workload())));
    svg.append(
        fmt(
            "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#555\" text-anchor=\"end\">%s</text>%n",
            right, y + 22, escape(String.format(Locale.ROOT, "%,d requests", first.requests()))));

    double max = 0;
    for (ResultGrid.Row row : rows) {
      for (String policy : policies) {
        max = Math.max(max, row.ratio(policy).orElse(0.0) * 100);
      }
    }
    double step = max <= 20 ? 5 : max <= 50 ? 10 : 20;
    double yMax = Math.max(step, Math.ceil(max / step) * step);
    for (double tick = 0; tick <= yMax + 1e-9; tick += step) {
      double ty = bottom - (bottom - top) * tick / yMax;
      svg.append(
          fmt(
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>%n",
              left, ty, right, ty));
      svg.append(
          fmt(
              "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\">%s</text>%n",
              left - 6, ty + 4, fmt("%.0f%%", tick)));
    }
    svg.append(
        fmt(
            "<polyline points=\"%d,%d %d,%d %d,%d\" fill=\"none\" stroke=\"#444\"/>%n",
            left, top, left, bottom, right, bottom));

    int n = rows.size();
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] =
          n == 1 ? (left + right) / 2.0 : left + 18 + (right - left - 36) * i / (double) (n - 1);
      svg.append(
          fmt(
              "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%d</text>%n",
              xs[i], bottom + 17, rows.get(i).size()));
    }
    svg.append(
        fmt(
            "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"#555\" text-anchor=\"middle\">"
                + "cache size (entries)</text>%n",
            (left + right) / 2.0, bottom + 36));

    for (int p = 0; p < policies.size(); p++) {
      String policy = policies.get(p);
      Style style = style(policy, p);
      StringBuilder points = new StringBuilder();
      StringBuilder markers = new StringBuilder();
      for (int i = 0; i < n; i++) {
        ResultGrid.Row row = rows.get(i);
        if (row.ratio(policy).isEmpty()) {
          continue;
        }
        double percent = row.ratio(policy).get() * 100;
        double py = bottom - (bottom - top) * percent / yMax;
        points.append(fmt("%.1f,%.1f ", xs[i], py));
        markers.append(
            fmt(
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"%.2f\">"
                    + "<title>%s</title></circle>%n",
                xs[i],
                py,
                Math.max(3, style.width() / 2 + 1),
                style.color(),
                style.opacity(),
                escape(
                    String.format(
                        Locale.ROOT,
                        "%s, %d entries, %s: %.2f%%",
                        row.workload(),
                        row.size(),
                        policy,
                        percent))));
      }
      if (points.length() > 0) {
        svg.append(
            fmt(
                "<polyline points=\"%s\" fill=\"none\" %s/>%n",
                points.toString().strip(), stroke(style)));
        svg.append(markers);
      }
    }
  }

  private static Style style(String policy, int index) {
    Style known = STYLES.get(policy);
    return known != null
        ? known
        : new Style(OTHER_COLORS[Math.floorMod(index, OTHER_COLORS.length)], 2, "", 1);
  }

  private static String stroke(Style style) {
    return fmt(
        "stroke=\"%s\" stroke-width=\"%.1f\" stroke-opacity=\"%.2f\"%s stroke-linejoin=\"round\"",
        style.color(),
        style.width(),
        style.opacity(),
        style.dash().isEmpty() ? "" : " stroke-dasharray=\"" + style.dash() + "\"");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
