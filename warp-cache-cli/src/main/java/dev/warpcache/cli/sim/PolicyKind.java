package dev.warpcache.cli.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The policies {@code warp sim} compares, by the names shown in its output. */
public enum PolicyKind {
  /** warp-cache's real cache, through its public API ({@link WarpCachePolicy}). */
  WARP_CACHE("warp-cache"),
  /** First in, first out ({@link FifoPolicy}). */
  FIFO("FIFO"),
  /** Least recently used ({@link LruPolicy}). */
  LRU("LRU"),
  /** The reference SIEVE of the paper ({@link SievePolicy}). */
  SIEVE("SIEVE"),
  /** Caffeine's W-TinyLFU ({@link CaffeinePolicy}). */
  CAFFEINE("Caffeine"),
  /** Belady's optimal policy, the upper limit ({@link OptimalPolicy}). */
  OPT("OPT");

  private final String displayName;

  PolicyKind(String displayName) {
    this.displayName = displayName;
  }

  /**
   * Returns the name shown in the table, the CSV and the chart.
   *
   * @return the display name, for example {@code warp-cache} or {@code Caffeine}
   */
  public String displayName() {
    return displayName;
  }

  /**
   * Creates an empty cache of this policy for one replay of {@code trace}.
   *
   * @param capacity the most keys the cache holds, at least 1
   * @param trace the trace that will be replayed (only OPT looks at it in advance)
   * @return a new policy instance
   */
  public Policy create(int capacity, Trace trace) {
    return switch (this) {
      case WARP_CACHE -> new WarpCachePolicy(capacity);
      case FIFO -> new FifoPolicy(capacity);
      case LRU -> new LruPolicy(capacity);
      case SIEVE -> new SievePolicy(capacity);
      case CAFFEINE -> new CaffeinePolicy(capacity);
      case OPT -> new OptimalPolicy(capacity, trace);
    };
  }

  /**
   * Finds a policy by its display name or constant name, ignoring case ({@code warp}, {@code
   * warpcache} and {@code belady} are accepted too).
   *
   * @param name the name to look up
   * @return the policy
   * @throws IllegalArgumentException if no policy has that name
   */
  public static PolicyKind parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT).replace("_", "-");
    for (PolicyKind kind : values()) {
      if (kind.displayName.toLowerCase(Locale.ROOT).equals(wanted)
          || kind.name().toLowerCase(Locale.ROOT).replace("_", "-").equals(wanted)) {
        return kind;
      }
    }
    switch (wanted) {
      case "warp", "warpcache":
        return WARP_CACHE;
      case "belady":
        return OPT;
      default:
        throw new IllegalArgumentException(
            "unknown policy '"
                + name
                + "'; the policies are "
                + Arrays.stream(values())
                    .map(PolicyKind::displayName)
                    .collect(Collectors.joining(", ")));
    }
  }
}
