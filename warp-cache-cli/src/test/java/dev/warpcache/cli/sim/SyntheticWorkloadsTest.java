package dev.warpcache.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticWorkloadsTest {

  @Test
  void theSameSeedGivesTheSameKeysAndAnotherSeedOthers() {
    List<Workload> first = SyntheticWorkloads.all(42, 5_000);
    List<Workload> again = SyntheticWorkloads.all(42, 5_000);
    List<Workload> other = SyntheticWorkloads.all(43, 5_000);

    assertThat(first)
        .extracting(Workload::name)
        .containsExactly(
            "zipf-1.0",
            "hot-scan",
            "one-hit-0%",
            "one-hit-25%",
            "one-hit-50%",
            "one-hit-75%",
            "ws-shift");
    for (int i = 0; i < first.size(); i++) {
      assertThat(first.get(i).trace().keysUnsafe()).isEqualTo(again.get(i).trace().keysUnsafe());
      assertThat(first.get(i).trace().keysUnsafe()).isNotEqualTo(other.get(i).trace().keysUnsafe());
      assertThat(first.get(i).trace().requests()).isEqualTo(5_000);
    }
  }

  @Test
  void zipfRanksFollowOneOverRank() {
    Workload zipf = SyntheticWorkloads.zipf(1, 1_000_000);
    Map<Long, Integer> counts = counts(zipf.trace());

    // P(rank 1) = 1 / H(10,000) = 1 / 9.7876 = 10.2%; rank 2 half of that.
    List<Integer> top = counts.values().stream().sorted((a, b) -> b - a).limit(2).toList();
    assertThat(top.get(0) / 1e6).isBetween(0.099, 0.105);
    assertThat((double) top.get(1) / top.get(0)).isBetween(0.47, 0.53);
    assertThat(counts).hasSizeLessThanOrEqualTo(SyntheticWorkloads.ZIPF_KEYS);
    assertThat(zipf.sizes()).containsExactly(10, 100, 500, 1_000, 2_500, 5_000);
  }

  @Test
  void hotScanMixesAHundredHotKeysWithKeysRequestedOnce() {
    Map<Long, Integer> counts = counts(SyntheticWorkloads.hotScan(1, 100_000).trace());

    long hot = counts.values().stream().filter(c -> c > 1).count();
    long once = counts.values().stream().filter(c -> c == 1).count();
    assertThat(hot).isEqualTo(SyntheticWorkloads.HOT_KEYS);
    assertThat(once / 100_000.0).isBetween(0.48, 0.52);
  }

  @Test
  void oneHitWondersAreTheGivenShareOfRequests() {
    for (int percent : new int[] {0, 25, 50, 75}) {
      Trace trace = SyntheticWorkloads.oneHitWonders(3, percent, 200_000).trace();
      Map<Long, Integer> counts = counts(trace);
      long once = counts.values().stream().filter(c -> c == 1).count();
      // Rare Zipf keys are requested once too, so the share is a little above the percentage.
      assertThat(100.0 * once / trace.requests()).isBetween(percent - 0.5, percent + 3.0);
      assertThat(trace.name()).isEqualTo("one-hit-" + percent + "%");
    }
  }

  @Test
  void theWorkingSetChangesHalfway() {
    Trace trace = SyntheticWorkloads.workingSetShift(9, 100_000).trace();
    Set<Long> firstHalf = new HashSet<>();
    Set<Long> secondHalf = new HashSet<>();
    for (int i = 0; i < trace.requests(); i++) {
      (i < trace.requests() / 2 ? firstHalf : secondHalf).add(trace.key(i));
    }

    Set<Long> common = new HashSet<>(firstHalf);
    common.retainAll(secondHalf);
    assertThat(common).isEmpty();
    assertThat(firstHalf.size()).isBetween(5_000, 10_000);
  }

  private static Map<Long, Integer> counts(Trace trace) {
    Map<Long, Integer> counts = new HashMap<>();
    for (int i = 0; i < trace.requests(); i++) {
      counts.merge(trace.key(i), 1, Integer::sum);
    }
    return counts;
  }
}
