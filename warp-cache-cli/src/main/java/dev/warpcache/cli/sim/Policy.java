package dev.warpcache.cli.sim;

/**
 * A cache eviction policy as the simulator sees it: a sequence of requests for keys, each a hit or
 * a miss. On a miss the policy stores the key (or, for policies that may decline, does not),
 * evicting another key if it is full. Implementations are single-threaded.
 */
public interface Policy {

  /**
   * Requests {@code key}.
   *
   * @param key the requested key
   * @return {@code true} if the key was in the cache (a hit), {@code false} on a miss
   */
  boolean access(long key);
}
