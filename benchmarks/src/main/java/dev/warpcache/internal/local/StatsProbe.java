package dev.warpcache.internal.local;

/**
 * Benchmark-only access to warp-cache's package-private {@link StatsCounter}, so that the cost of
 * counting a hit can be measured on its own (see {@code HitPathBenchmark}). It lives in the core's
 * internal package inside the benchmarks jar only (a split package, which the class path allows);
 * nothing of the core depends on it.
 */
public final class StatsProbe {
  private final StatsCounter stats = new StatsCounter();

  /** Creates a counter of its own, like the one each store has. */
  public StatsProbe() {}

  /** Counts a hit exactly as a store's hit path does. */
  public void recordHit() {
    stats.recordHit();
  }

  /**
   * Returns the hits counted so far.
   *
   * @return the exact count
   */
  public long hits() {
    return stats.hits();
  }
}
