package dev.warpcache.benchmarks;

import dev.warpcache.benchmarks.JmhSummary.Result;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws JMH JSON result files ({@code -rf json}) as an SVG bar chart, with no library: one panel
 * per benchmark method and thread count, one horizontal bar per peer (the {@code cache} parameter),
 * warp-cache's bars highlighted. A suite without a {@code cache} parameter (HitPathBenchmark,
 * SharedStoreBenchmark) gets one panel per thread count with a bar per method.
 *
 * <p>Each bar is the score normalized within its panel: its length is the score over the panel's
 * axis, which runs from 0 to a round value just above the largest score (throughput: the longest
 * bar is the fastest; time per call: the shortest is). Where the scores of one panel span more than
 * {@value #LOG_RATIO}× (a near hit next to a Redis round trip), the axis is logarithmic instead and
 * says so. The score and JMH's error (the half-width of its 99.9% confidence interval) are written
 * next to each bar and the error is drawn as a whisker.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.warpcache.benchmarks.JmhChart
 * out.svg results/jmh/*.json}. The JSON is read by {@link JmhSummary}'s reader.
 */
public final class JmhChart {

  /** Above this ratio of the largest to the smallest score, a panel's axis is logarithmic. */
  static final double LOG_RATIO = 100;

  private static final String PEER_PARAM = "cache";
  private static final String WARP = "#d62728";
  private static final String OTHER = "#8fa3b8";
  private static final int COLUMNS = 2;
  private static final int MARGIN = 20;
  private static final int HEADER_HEIGHT = 96;
  private static final int PLOT_WIDTH = 300;
  private static final int PANEL_GAP = 24;
  private static final int PANEL_TOP = 30;
  private static final int PANEL_BOTTOM = 44;
  private static final int BAR_HEIGHT = 18;
  private static final int BAR_STEP = 26;
  private static final double CHAR_WIDTH = 7;

  /** A run's date tag in a result file's name, as {@code bench.sh} writes it. */
  private static final Pattern TAG = Pattern.compile("-(\\d{8}-\\d{6})\\.json$");

  /**
   * One bar: a result, its label, the stem of the file it came from, and whether it is a method of
   * a suite without a peer parameter.
   */
  private record Bar(String label, Result result, String stem, boolean method) {
    boolean warp() {
      return !method && label.startsWith(BasicCache.WARP_CACHE);
    }
  }

  /** One panel: its title and bars, all in one mode and unit. */
  private record Panel(String title, List<Bar> bars) {
    Result first() {
      return bars.get(0).result();
    }
  }

  /** How a panel maps scores to bar lengths: a linear or a logarithmic axis. */
  private record Scale(double low, double high, boolean log, List<Double> ticks) {
    double fraction(double value) {
      double v = Math.max(low, Math.min(high, value));
      return log ? Math.log(v / low) / Math.log(high / low) : (v - low) / (high - low);
    }
  }

  private JmhChart() {}

  /**
   * Writes the chart of the given JMH JSON files.
   *
   * @param args the SVG file to write (replaced), then the JMH JSON files
   * @throws IOException if a file cannot be read or the chart cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: JmhChart <out.svg> <jmh-result.json>...");
      System.exit(2);
    }
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      files.add(Path.of(args[i]));
    }
    Files.writeString(Path.of(args[0]), svg(files), StandardCharsets.UTF_8);
  }

  /**
   * Draws the chart of the given JMH JSON files.
   *
   * @param files the files; results of one benchmark method and thread count share a panel
   * @return the SVG document
   * @throws IOException if a file cannot be read
   */
  public static String svg(List<Path> files) throws IOException {
    Set<String> tags = new LinkedHashSet<>();
    List<String> stems = new ArrayList<>();
    List<Panel> panels = panels(files, tags, stems);
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("no JMH results in " + files);
    }
    int labelWidth = 0;
    int textWidth = 0;
    for (Panel panel : panels) {
      for (Bar bar : panel.bars()) {
        labelWidth = Math.max(labelWidth, width(bar.label()));
        textWidth = Math.max(textWidth, width(scoreText(bar.result())));
      }
    }
    labelWidth += 12;
    textWidth += 12;
    int panelWidth = labelWidth + PLOT_WIDTH + textWidth;
    int columns = Math.min(COLUMNS, panels.size());
    int width = 2 * MARGIN + columns * panelWidth + (columns - 1) * PANEL_GAP;
    List<Integer> rowHeights = new ArrayList<>();
    for (int i = 0; i < panels.size(); i += columns) {
      int bars = 0;
      for (int j = i; j < Math.min(panels.size(), i + columns); j++) {
        bars = Math.max(bars, panels.get(j).bars().size());
      }
      rowHeights.add(PANEL_TOP + bars * BAR_STEP + PANEL_BOTTOM);
    }
    int height = 2 * MARGIN + HEADER_HEIGHT + rowHeights.stream().mapToInt(Integer::intValue).sum();

    StringBuilder svg = new StringBuilder();
    svg.append(
        fmt(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\">%n",
            width, height, width, height));
    svg.append(fmt("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    String title =
        tags.isEmpty()
            ? "JMH results"
            : (tags.size() == 1 ? "JMH results, run " : "JMH results, runs ")
                + String.join(", ", tags);
    text(svg, MARGIN, MARGIN + 20, 20, "start", "bold", "#000", title);
    text(
        svg,
        MARGIN,
        MARGIN + 44,
        13,
        "start",
        "normal",
        "#444",
        "One panel per benchmark and thread count (@n: n threads); bar: the score, normalized"
            + " within the panel; text and whisker: score ± JMH's error (99.9% interval).");
    text(
        svg,
        MARGIN,
        MARGIN + 62,
        13,
        "start",
        "normal",
        "#444",
        "Files: " + String.join(", ", stems));
    legend(svg, panels, MARGIN, MARGIN + 86);

    int y = MARGIN + HEADER_HEIGHT;
    for (int i = 0; i < panels.size(); i++) {
      int column = i % columns;
      int x = MARGIN + column * (panelWidth + PANEL_GAP);
      panel(svg, panels.get(i), x, y, labelWidth);
      if (column == columns - 1) {
        y += rowHeights.get(i / columns);
      }
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  // ------------------------------------------------------------------ grouping

  @SuppressWarnings("unchecked") // the shape of JMH's JSON
  private static List<Panel> panels(List<Path> files, Set<String> tags, List<String> stems)
      throws IOException {
    Map<String, Panel> panels = new TreeMap<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      Matcher tag = TAG.matcher(name);
      String stem = name.replaceFirst("(-t\\d+)?(-\\d{8}-\\d{6})?\\.json$", "");
      if (tag.find()) {
        tags.add(tag.group(1));
      }
      stems.add(name.replaceFirst("(-\\d{8}-\\d{6})?\\.json$", ""));
      for (Map<String, Object> run : JmhSummary.runs(file)) {
        Result r = JmhSummary.result(run);
        Object params = run.get("params");
        Object peer = params instanceof Map ? ((Map<String, Object>) params).get(PEER_PARAM) : null;
        // Without a peer parameter, the methods of a suite are the bars of one panel.
        boolean byMethod = peer == null;
        String method = r.method().equals("*") ? "" : r.method();
        String label = byMethod ? (method.isEmpty() ? r.peer() : method) : String.valueOf(peer);
        String title =
            r.suite() + (byMethod || method.isEmpty() ? "" : "." + method) + " @" + r.threads();
        String key =
            fmt(
                "%s\u0000%s\u0000%05d\u0000%s\u0000%s",
                r.suite(), byMethod ? "" : method, r.threads(), r.mode(), r.unit());
        panels
            .computeIfAbsent(key, k -> new Panel(title, new ArrayList<>()))
            .bars()
            .add(new Bar(label, r, stem, byMethod));
      }
    }
    List<Panel> list = new ArrayList<>();
    for (Panel panel : panels.values()) {
      list.add(new Panel(panel.title(), distinct(panel.bars())));
    }
    return list;
  }

  /**
   * The bars with every label that occurs more than once suffixed by its file's stem (the two
   * processes of the shared store's two-process runs, or one peer from two runs), methods in the
   * order of their names.
   */
  private static List<Bar> distinct(List<Bar> bars) {
    Map<String, Integer> counts = new HashMap<>();
    for (Bar bar : bars) {
      counts.merge(bar.label(), 1, Integer::sum);
    }
    List<Bar> out = new ArrayList<>();
    boolean renamed = false;
    for (Bar bar : bars) {
      if (counts.get(bar.label()) > 1) {
        out.add(new Bar(bar.label() + " · " + bar.stem(), bar.result(), bar.stem(), bar.method()));
        renamed = true;
      } else {
        out.add(bar);
      }
    }
    if (renamed || out.get(0).method()) {
      // A stable sort: methods by name, the same label's bars side by side in the files' order.
      out.sort(Comparator.comparing(b -> b.label().split(" · ", 2)[0]));
    }
    return out;
  }

  // ------------------------------------------------------------------ drawing

  /** The colours used, and what they mean. */
  private static void legend(StringBuilder svg, List<Panel> panels, int x, int y) {
    List<Bar> bars = panels.stream().flatMap(p -> p.bars().stream()).toList();
    List<String[]> entries = new ArrayList<>();
    if (bars.stream().anyMatch(Bar::warp)) {
      entries.add(new String[] {WARP, "warp-cache"});
    }
    if (bars.stream().anyMatch(b -> !b.method() && !b.warp())) {
      entries.add(new String[] {OTHER, "its peers (the cache parameter)"});
    }
    if (bars.stream().anyMatch(Bar::method)) {
      entries.add(new String[] {OTHER, "the methods of a suite without a peer parameter"});
    }
    int cursor = x;
    for (String[] entry : entries) {
      svg.append(
          fmt(
              "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"12\" fill=\"%s\"/>%n",
              cursor, y - 11, entry[0]));
      text(svg, cursor + 20, y, 13, "start", "normal", "#000", entry[1]);
      cursor += 20 + width(entry[1]) + 24;
    }
  }

  private static void panel(StringBuilder svg, Panel panel, int x, int y, int labelWidth) {
    Result first = panel.first();
    boolean throughput = first.throughput();
    Scale scale = scale(panel.bars());
    int left = x + labelWidth;
    int right = left + PLOT_WIDTH;
    int top = y + PANEL_TOP;
    int bottom = top + panel.bars().size() * BAR_STEP;
    text(svg, x, y + 18, 15, "start", "bold", "#000", panel.title());

    for (double tick : scale.ticks()) {
      double tx = left + PLOT_WIDTH * scale.fraction(tick);
      svg.append(
          fmt(
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e0e0e0\"/>%n",
              tx, top, tx, bottom));
      text(svg, tx, bottom + 15, 11, "middle", "normal", "#333", tickText(tick));
    }
    svg.append(
        fmt(
            "<polyline points=\"%d,%d %d,%d %d,%d\" fill=\"none\" stroke=\"#444\"/>%n",
            left, top, left, bottom, right, bottom));
    String unit = unit(first.unit());
    text(
        svg,
        (left + right) / 2.0,
        bottom + 32,
        12,
        "middle",
        "normal",
        "#555",
        unit
            + (throughput ? ", higher is better" : ", lower is better")
            + (scale.log() ? " (log scale)" : ""));

    for (int i = 0; i < panel.bars().size(); i++) {
      Bar bar = panel.bars().get(i);
      Result r = bar.result();
      double by = top + i * BAR_STEP + (BAR_STEP - BAR_HEIGHT) / 2.0;
      double mid = by + BAR_HEIGHT / 2.0;
      boolean warp = bar.warp();
      text(svg, left - 8, mid + 4, 12, "end", warp ? "bold" : "normal", "#000", bar.label());
      if (!Double.isNaN(r.score())) {
        double length = Math.max(1, PLOT_WIDTH * scale.fraction(r.score()));
        svg.append(
            fmt(
                "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                    + "<title>%s</title></rect>%n",
                left, by, length, BAR_HEIGHT, warp ? WARP : OTHER, escape(tooltip(panel, bar))));
        if (!Double.isNaN(r.error()) && r.error() > 0) {
          double low = r.score() - r.error();
          double high = r.score() + r.error();
          double from = left + PLOT_WIDTH * scale.fraction(low);
          double to = left + PLOT_WIDTH * scale.fraction(high);
          // A whisker cut by the axis has no cap at that end.
          svg.append(
              fmt(
                  "<path d=\"%sM%.1f %.1fH%.1f%s\" stroke=\"#222\" fill=\"none\"/>%n",
                  low < scale.low() ? "" : fmt("M%.1f %.1fV%.1f", from, mid - 4, mid + 4),
                  from,
                  mid,
                  to,
                  high > scale.high() ? "" : fmt("M%.1f %.1fV%.1f", to, mid - 4, mid + 4)));
        }
      }
      text(svg, right + 8, mid + 4, 12, "start", warp ? "bold" : "normal", "#000", scoreText(r));
    }
  }

  /** The axis of a panel: linear from 0, or by decades when the scores span too much. */
  private static Scale scale(List<Bar> bars) {
    double max = 0;
    double min = Double.POSITIVE_INFINITY;
    for (Bar bar : bars) {
      double score = bar.result().score();
      if (score > 0) {
        max = Math.max(max, score);
        min = Math.min(min, score);
      }
    }
    List<Double> ticks = new ArrayList<>();
    if (max > 0 && max / min > LOG_RATIO) {
      double low = Math.pow(10, Math.floor(Math.log10(min)));
      if (low >= min) {
        low /= 10;
      }
      double high = Math.pow(10, Math.ceil(Math.log10(max)));
      for (double tick = low; tick <= high * 1.0001; tick *= 10) {
        ticks.add(tick);
      }
      return new Scale(low, high, true, ticks);
    }
    if (max <= 0) {
      max = 1;
    }
    double raw = max / 4;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double norm = raw / magnitude;
    double step =
        magnitude * (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10);
    double high = Math.ceil(max / step - 1e-9) * step;
    for (int k = 0; k * step <= high + step / 1000; k++) {
      ticks.add(k * step);
    }
    return new Scale(0, high, false, ticks);
  }

  private static String tooltip(Panel panel, Bar bar) {
    Result r = bar.result();
    return fmt(
        "%s, %s: %s %s (best iteration %s), from %s",
        panel.title(),
        bar.label(),
        scoreText(r),
        unit(r.unit()),
        number(r.best(), decimals(r.score())),
        bar.stem());
  }

  /** "score ± error", both with the decimals the score's size calls for. */
  private static String scoreText(Result r) {
    int decimals = decimals(r.score());
    String score = number(r.score(), decimals);
    return Double.isNaN(r.error()) ? score : score + " ± " + number(r.error(), decimals);
  }

  private static int decimals(double value) {
    double v = Math.abs(value);
    return v >= 1000 ? 0 : v >= 100 ? 1 : v >= 1 ? 2 : 3;
  }

  private static String number(double value, int decimals) {
    return Double.isNaN(value) ? "NaN" : fmt("%,." + decimals + "f", value);
  }

  /** A tick's value, short: 250, 0.5, 50k, 1M. */
  private static String tickText(double tick) {
    if (tick >= 1e6) {
      return plain(tick / 1e6) + "M";
    }
    if (tick >= 1e4) {
      return plain(tick / 1e3) + "k";
    }
    return plain(tick);
  }

  private static String plain(double value) {
    return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  private static String unit(String unit) {
    return unit.replace("us", "µs");
  }

  private static int width(String text) {
    return (int) Math.ceil(text.length() * CHAR_WIDTH);
  }

  private static void text(
      StringBuilder svg,
      double x,
      double y,
      int size,
      String anchor,
      String weight,
      String color,
      String text) {
    svg.append(
        fmt(
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" font-weight=\"%s\""
                + " fill=\"%s\">%s</text>%n",
            x, y, size, anchor, weight, color, escape(text)));
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
