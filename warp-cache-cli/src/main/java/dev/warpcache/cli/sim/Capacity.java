package dev.warpcache.cli.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/** Checks cache capacities and makes the bounded maps of the FIFO and LRU policies. */
final class Capacity {

  private Capacity() {}

  static void check(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
    }
  }

  /** A map that drops its eldest entry once it holds more than {@code capacity} entries. */
  static Map<Long, Boolean> boundedMap(int capacity, boolean accessOrder) {
    int initialCapacity = (int) Math.min(1L << 30, (long) (capacity / 0.75f) + 2);
    return new LinkedHashMap<>(initialCapacity, 0.75f, accessOrder) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }
}
