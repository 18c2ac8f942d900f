package dev.warpcache.cli.sim;

import java.util.List;
import java.util.Objects;

/**
 * A trace and the cache sizes to replay it at.
 *
 * @param trace the requests
 * @param sizes the cache sizes, in entries, ascending and distinct
 */
public record Workload(Trace trace, List<Integer> sizes) {

  /**
   * Checks and copies the sizes.
   *
   * @param trace the requests
   * @param sizes the cache sizes, in entries, each at least 1
   */
  public Workload {
    Objects.requireNonNull(trace, "trace");
    sizes = List.copyOf(sizes);
    for (int size : sizes) {
      if (size < 1) {
        throw new IllegalArgumentException("cache sizes must be at least 1, but one was " + size);
      }
    }
  }

  /**
   * Returns the workload's name, the trace's.
   *
   * @return the name
   */
  public String name() {
    return trace.name();
  }
}
