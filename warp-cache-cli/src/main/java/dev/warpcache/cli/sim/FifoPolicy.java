package dev.warpcache.cli.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FIFO: evicts the key that was stored first. A hit changes nothing. A {@link LinkedHashMap} in
 * insertion order that drops its eldest key when it grows past its size.
 */
public final class FifoPolicy implements Policy {

  private final Map<Long, Boolean> keys;

  /**
   * Creates an empty FIFO cache.
   *
   * @param capacity the most keys it holds, at least 1
   */
  public FifoPolicy(int capacity) {
    Capacity.check(capacity);
    this.keys = Capacity.boundedMap(capacity, false);
  }

  @Override
  public boolean access(long key) {
    if (keys.containsKey(key)) {
      return true;
    }
    keys.put(key, Boolean.TRUE);
    return false;
  }
}
