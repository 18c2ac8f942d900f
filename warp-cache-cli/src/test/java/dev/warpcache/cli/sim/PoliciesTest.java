package dev.warpcache.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each policy on tiny sequences whose hits and misses were worked out by hand. */
class PoliciesTest {

  private static final long A = 1;
  private static final long B = 2;
  private static final long C = 3;
  private static final long D = 4;
  private static final long E = 5;

  @Test
  void fifoEvictsTheFirstStoredKeyEvenIfItWasJustHit() {
    // capacity 2: A B stored; A hits but stays oldest; C evicts A; A misses.
    assertThat(outcomes(new FifoPolicy(2), A, B, A, C, A)).isEqualTo("MMHMM");
  }

  @Test
  void lruEvictsTheLeastRecentlyUsedKey() {
    // capacity 2: A B stored; the hit on A makes B the least recent; C evicts B; A hits.
    assertThat(outcomes(new LruPolicy(2), A, B, A, C, A)).isEqualTo("MMHMH");
  }

  @Test
  void sieveSkipsVisitedKeysAndItsHandStaysWhereItStopped() {
    // capacity 3, queue shown head (newest) first, * = visited.
    // A B C miss: [C B A]. A hits: [C B A*].
    // D misses: the hand starts at the tail A*, clears it, moves toward the head to B (not
    // visited) and evicts it; the hand stays at C. [D C A].
    // C hits: [D C* A].
    // E misses: the hand is at C*: clears it, moves to D and evicts it; D was the head, so the
    // hand goes back to the tail next time. [E C A].
    // A hits: a hand restarted at the tail would have evicted A instead of D. C hits.
    assertThat(outcomes(new SievePolicy(3), A, B, C, A, D, C, E, A, C)).isEqualTo("MMMHMHMHH");
  }

  @Test
  void sieveHandWrapsAroundWhenEveryKeyIsVisited() {
    // capacity 2: A B miss, both hit: [B* A*]. C misses: the hand clears A* and B*, wraps to the
    // tail and evicts A; it stays at B. [C B]. B hits: [C B*]. A misses: the hand at B* clears
    // it, moves to C and evicts it. [A B]. C misses.
    assertThat(outcomes(new SievePolicy(2), A, B, A, B, C, B, A, C)).isEqualTo("MMHHMHMM");
  }

  @Test
  void optOnTheTextbookReferenceStringHasNineFaultsWhenItMustStoreEveryMiss() {
    // Silberschatz et al., Operating System Concepts: this reference string with 3 frames has 9
    // page faults under the optimal algorithm (15 under FIFO, 12 under LRU).
    long[] keys = {7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1};
    Trace trace = Trace.of("textbook", keys);
    assertThat(misses(new OptimalPolicy(3, trace, true), keys)).isEqualTo(9);
    assertThat(misses(new FifoPolicy(3), keys)).isEqualTo(15);
    assertThat(misses(new LruPolicy(3), keys)).isEqualTo(12);
    // Allowed not to store a key, OPT saves one more: at the 4 (request 7) it keeps 0, 2 and 3,
    // all needed before the 4's next use (never), so 0 at request 10 hits.
    assertThat(outcomes(new OptimalPolicy(3, trace), keys)).isEqualTo("MMMMHMHMHHHHHMHHHMHH");
  }

  @Test
  void optDoesNotStoreAKeyThatIsNeededLaterThanEveryCachedOne() {
    // capacity 1: A, then B (needed again only after A), then A: OPT keeps A and hits.
    long[] keys = {A, B, A, B};
    assertThat(outcomes(new OptimalPolicy(1, Trace.of("t", keys)), keys)).isEqualTo("MMHM");
  }

  @Test
  void optMatchesAnExhaustiveSearchOfEveryEvictionChoice() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 300; round++) {
      int length = 1 + random.nextInt(14);
      int distinct = 1 + random.nextInt(5);
      int capacity = 1 + random.nextInt(3);
      long[] keys = new long[length];
      for (int i = 0; i < length; i++) {
        keys[i] = random.nextInt(distinct);
      }
      int hits = length - misses(new OptimalPolicy(capacity, Trace.of("r", keys)), keys);
      assertThat(hits)
          .as("capacity %d, keys %s", capacity, Arrays.toString(keys))
          .isEqualTo(new BestPossible(keys, capacity).hits(0, 0));
    }
  }

  @Test
  void optRequiresItsOwnTraceInOrder() {
    OptimalPolicy opt = new OptimalPolicy(2, Trace.of("t", A, B));
    opt.access(A);
    assertThatThrownBy(() -> opt.access(C))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("request 1 is key 2, not 3");
  }

  @Test
  void caffeineHitsEveryRepeatOfKeysThatFit() {
    assertThat(outcomes(new CaffeinePolicy(3), A, B, C, A, B, C, A)).isEqualTo("MMMHHHH");
  }

  @Test
  void caffeineNeverHoldsMoreThanItsCapacity() {
    CaffeinePolicy caffeine = new CaffeinePolicy(50);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 20_000; i++) {
      caffeine.access(random.nextInt(i % 3 == 0 ? 60 : 5_000));
      assertThat(caffeine.size()).isLessThanOrEqualTo(50);
    }
  }

  @Test
  void everyPolicyRejectsACapacityBelowOne() {
    for (PolicyKind kind : PolicyKind.values()) {
      assertThatThrownBy(() -> kind.create(0, Trace.of("t", A)))
          .as(kind.displayName())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void policiesAreFoundByTheirNamesInAnyCase() {
    assertThat(PolicyKind.parse("warp-cache")).isEqualTo(PolicyKind.WARP_CACHE);
    assertThat(PolicyKind.parse("WARP_CACHE")).isEqualTo(PolicyKind.WARP_CACHE);
    assertThat(PolicyKind.parse("caffeine")).isEqualTo(PolicyKind.CAFFEINE);
    assertThat(PolicyKind.parse(" lru ")).isEqualTo(PolicyKind.LRU);
    assertThat(PolicyKind.parse("belady")).isEqualTo(PolicyKind.OPT);
    assertThatThrownBy(() -> PolicyKind.parse("arc"))
        .hasMessageContaining("unknown policy 'arc'")
        .hasMessageContaining("warp-cache, FIFO, LRU, SIEVE, Caffeine, OPT");
  }

  /** "H" for each hit and "M" for each miss. */
  static String outcomes(Policy policy, long... keys) {
    StringBuilder s = new StringBuilder();
    for (long key : keys) {
      s.append(policy.access(key) ? 'H' : 'M');
    }
    return s.toString();
  }

  private static int misses(Policy policy, long... keys) {
    return (int) outcomes(policy, keys).chars().filter(c -> c == 'M').count();
  }

  /**
   * The most hits any policy can get: tries, at every miss, not storing the key and storing it in
   * place of each cached key. Keys must be small (they index a bit mask).
   */
  private static final class BestPossible {
    private final long[] keys;
    private final int capacity;
    private final Map<Long, Integer> memo = new HashMap<>();

    BestPossible(long[] keys, int capacity) {
      this.keys = keys;
      this.capacity = capacity;
    }

    int hits(int position, int cached) {
      if (position == keys.length) {
        return 0;
      }
      long state = ((long) position << 32) | cached;
      Integer known = memo.get(state);
      if (known != null) {
        return known;
      }
      int bit = 1 << keys[position];
      int best;
      if ((cached & bit) != 0) {
        best = 1 + hits(position + 1, cached);
      } else {
        best = hits(position + 1, cached); // do not store it
        if (Integer.bitCount(cached) < capacity) {
          best = Math.max(best, hits(position + 1, cached | bit));
        } else {
          for (int victims = cached; victims != 0; victims &= victims - 1) {
            int victim = Integer.lowestOneBit(victims);
            best = Math.max(best, hits(position + 1, (cached & ~victim) | bit));
          }
        }
      }
      memo.put(state, best);
      return best;
    }
  }
}
