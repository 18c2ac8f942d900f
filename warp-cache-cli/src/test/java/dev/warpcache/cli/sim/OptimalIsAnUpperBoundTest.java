package dev.warpcache.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** No policy beats OPT, on uniform and on skewed random sequences, at small and large sizes. */
class OptimalIsAnUpperBoundTest {

  @Test
  void optHitsAtLeastAsOftenAsEveryOtherPolicy() {
    SplittableRandom random = new SplittableRandom(11);
    ZipfSampler zipf = new ZipfSampler(2_000, 0.8);
    for (int round = 0; round < 8; round++) {
      long[] keys = new long[10_000];
      int distinct = 10 + random.nextInt(3_000);
      boolean skewed = round % 2 == 0;
      for (int i = 0; i < keys.length; i++) {
        keys[i] = skewed ? zipf.next(random) : random.nextInt(distinct);
      }
      Trace trace = Trace.of("random-" + round, keys);
      for (int size : new int[] {1, 5, 50, 500}) {
        long opt = Simulator.replay(trace, size, PolicyKind.OPT).hits();
        for (PolicyKind other : PolicyKind.values()) {
          assertThat(Simulator.replay(trace, size, other).hits())
              .as("%s at size %d on %s", other.displayName(), size, trace.name())
              .isLessThanOrEqualTo(opt);
        }
      }
    }
  }
}
