package dev.warpcache.cli.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Which cache sizes to replay a trace at: a list of fractions of the trace's unique keys (such as
 * {@code 0.001} or {@code 1%}) and absolute entry counts (such as {@code 1000}). A value with a
 * decimal point, an exponent or a {@code %} sign is a fraction; a whole number is a count.
 */
public final class CacheSizes {

  /** 0.1%, 1%, 10% and 25% of a trace's unique keys, as in the literature. */
  public static final CacheSizes DEFAULT = parse(List.of("0.001", "0.01", "0.1", "0.25"));

  /** The sizes of the {@code loop} trace, just below and just above its 1,011 keys. */
  public static final CacheSizes LOOP = parse(List.of("256", "512", "1000", "1024"));

  private final List<Double> fractions;
  private final List<Integer> counts;

  private CacheSizes(List<Double> fractions, List<Integer> counts) {
    this.fractions = List.copyOf(fractions);
    this.counts = List.copyOf(counts);
  }

  /**
   * Parses size values.
   *
   * @param values fractions ({@code 0.01}, {@code 1%}) or entry counts ({@code 100})
   * @return the sizes
   * @throws IllegalArgumentException if a value is not a number, or is not positive, or is a
   *     fraction above 1
   */
  public static CacheSizes parse(List<String> values) {
    List<Double> fractions = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (String raw : values) {
      String value = raw.strip().toLowerCase(Locale.ROOT);
      try {
        if (value.endsWith("%")) {
          fractions.add(fraction(Double.parseDouble(value.substring(0, value.length() - 1)) / 100));
        } else if (value.contains(".") || value.contains("e")) {
          fractions.add(fraction(Double.parseDouble(value)));
        } else {
          int count = Integer.parseInt(value);
          if (count < 1) {
            throw new IllegalArgumentException("a cache size must be at least 1, but was " + raw);
          }
          counts.add(count);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "not a cache size: '" + raw + "' (a fraction such as 0.01 or 1%, or a count)", e);
      }
    }
    if (fractions.isEmpty() && counts.isEmpty()) {
      throw new IllegalArgumentException("no cache sizes given");
    }
    return new CacheSizes(fractions, counts);
  }

  private static double fraction(double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(
          "a fraction of the unique keys must be above 0 and at most 1 (100%), but was " + value);
    }
    return value;
  }

  /**
   * Resolves the sizes for a trace: each fraction times the unique keys, rounded, at least 1; then
   * the counts; ascending, without duplicates.
   *
   * @param uniqueKeys the trace's number of distinct keys
   * @return the sizes in entries
   */
  public List<Integer> resolve(int uniqueKeys) {
    TreeSet<Integer> sizes = new TreeSet<>(counts);
    for (double fraction : fractions) {
      sizes.add((int) Math.max(1, Math.round(fraction * uniqueKeys)));
    }
    return List.copyOf(sizes);
  }
}
