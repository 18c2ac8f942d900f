package dev.warpcache.cli.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks from a Zipf distribution: rank {@code r} (from 0) has probability proportional to
 * {@code 1 / (r + 1)^alpha}. Exact, by inverting the cumulative distribution with a binary search.
 */
final class ZipfSampler {

  private final double[] cumulative;

  ZipfSampler(int items, double alpha) {
    if (items < 1) {
      throw new IllegalArgumentException("items must be at least 1, but was " + items);
    }
    cumulative = new double[items];
    double sum = 0;
    for (int r = 0; r < items; r++) {
      sum += 1 / Math.pow(r + 1, alpha);
      cumulative[r] = sum;
    }
  }

  /** Returns a rank in {@code [0, items)}. */
  int next(SplittableRandom random) {
    double u = random.nextDouble() * cumulative[cumulative.length - 1];
    int i = Arrays.binarySearch(cumulative, u);
    int rank = i >= 0 ? i : -i - 1;
    return Math.min(rank, cumulative.length - 1);
  }
}
