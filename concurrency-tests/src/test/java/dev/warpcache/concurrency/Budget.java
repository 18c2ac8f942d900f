package dev.warpcache.concurrency;

import java.time.Duration;

/**
 * How much work each concurrency test does: sized so that the whole module runs well under three
 * minutes on the two-core CI machine, on JDK 17 and on JDK 25.
 */
final class Budget {

  /** How long one time-bounded stress run lasts at most. */
  static final Duration STRESS_DURATION = Duration.ofSeconds(2);

  /** How many operations one thread of a stress run does at most. */
  static final int STRESS_OPERATIONS_PER_THREAD = 2_000_000;

  /** Platform threads of a stress run: more than the two cores, so that they are preempted. */
  static final int PLATFORM_THREADS = 8;

  /** Virtual threads of a stress run (JDK 21 and later). */
  static final int VIRTUAL_THREADS = 64;

  /*
   * Lincheck's model checker costs about 5 ms per explored interleaving on the CI machine, so its
   * budget is counted in interleavings. Raise these with -Dlincheck.iterations=...,
   * -Dlincheck.invocations=... and -Dlincheck.knownRaceInvocations=... for a longer local run.
   */

  /** Lincheck model checking of random scenarios: how many scenarios. */
  static final int MODEL_CHECKING_ITERATIONS = Integer.getInteger("lincheck.iterations", 4);

  /** Lincheck model checking of random scenarios: interleavings explored per scenario. */
  static final int MODEL_CHECKING_INVOCATIONS = Integer.getInteger("lincheck.invocations", 300);

  /**
   * Lincheck model checking of a hand-written scenario: interleavings explored (the checker tries
   * those with the fewest thread switches first, where most races show).
   */
  static final int KNOWN_RACE_INVOCATIONS =
      Integer.getInteger("lincheck.knownRaceInvocations", 300);

  /** Lincheck stress mode: how many scenarios. */
  static final int STRESS_ITERATIONS = 2 * MODEL_CHECKING_ITERATIONS;

  /** Lincheck stress mode: runs per scenario. */
  static final int STRESS_INVOCATIONS = 5 * MODEL_CHECKING_INVOCATIONS;

  private Budget() {}
}
