package dev.warpcache.cli.sim;

import java.util.Objects;

/**
 * The outcome of replaying one workload through one policy at one cache size.
 *
 * @param workload the workload's (trace's) name
 * @param size the cache size, in entries
 * @param policy the policy's display name (see {@link PolicyKind#displayName()})
 * @param requests the requests replayed
 * @param hits the requests that hit
 */
public record SimResult(String workload, int size, String policy, long requests, long hits) {

  /**
   * Checks the values.
   *
   * @param workload the workload's name
   * @param size the cache size, at least 1
   * @param policy the policy's name
   * @param requests the requests replayed, not negative
   * @param hits the hits, from 0 to {@code requests}
   */
  public SimResult {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(policy, "policy");
    if (size < 1 || requests < 0 || hits < 0 || hits > requests) {
      throw new IllegalArgumentException(
          "inconsistent result: size " + size + ", requests " + requests + ", hits " + hits);
    }
  }

  /**
   * Returns {@code hits / requests}, or 0 for an empty workload.
   *
   * @return the hit ratio, from 0 to 1
   */
  public double hitRatio() {
    return requests == 0 ? 0.0 : (double) hits / requests;
  }
}
