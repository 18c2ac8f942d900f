package dev.warpcache.cli.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LRU: evicts the key that was requested least recently. A {@link LinkedHashMap} in access order
 * that drops its eldest key when it grows past its size.
 */
public final class LruPolicy implements Policy {

  private final Map<Long, Boolean> keys;

  /**
   * Creates an empty LRU cache.
   *
   * @param capacity the most keys it holds, at least 1
   */
  public LruPolicy(int capacity) {
    Capacity.check(capacity);
    this.keys = Capacity.boundedMap(capacity, true);
  }

  @Override
  public boolean access(long key) {
    // get() moves a present key to the most recently used end.
    if (keys.get(key) != null) {
      return true;
    }
    keys.put(key, Boolean.TRUE);
    return false;
  }
}
