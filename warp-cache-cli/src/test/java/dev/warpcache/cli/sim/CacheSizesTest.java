package dev.warpcache.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CacheSizesTest {

  @Test
  void theDefaultIsAThousandthAHundredthATenthAndAQuarterOfTheUniqueKeys() {
    assertThat(CacheSizes.DEFAULT.resolve(76_349)).containsExactly(76, 763, 7_635, 19_087);
  }

  @Test
  void sizesAreRoundedAtLeastOneAndWithoutDuplicates() {
    assertThat(CacheSizes.DEFAULT.resolve(2_529)).containsExactly(3, 25, 253, 632);
    assertThat(CacheSizes.DEFAULT.resolve(4)).containsExactly(1);
  }

  @Test
  void fractionsPercentagesAndCountsMix() {
    CacheSizes sizes = CacheSizes.parse(List.of("1%", "100", "0.5", "2e-3"));

    assertThat(sizes.resolve(1_000)).containsExactly(2, 10, 100, 500);
  }

  @Test
  void loopIsReplayedJustBelowAndAboveItsKeys() {
    assertThat(CacheSizes.LOOP.resolve(1_011)).containsExactly(256, 512, 1_000, 1_024);
  }

  @Test
  void rejectsSizesThatMeanNothing() {
    for (String bad : List.of("0", "-5", "0.0", "1.5", "150%", "ten", "")) {
      assertThatThrownBy(() -> CacheSizes.parse(List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
