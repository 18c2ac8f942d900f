package dev.warpcache.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain LRU cache of keys, the baseline of the demo: a {@link LinkedHashMap} in access order that
 * drops its least recently read key when it grows past its size. Not thread-safe.
 *
 * @param <K> the key type
 */
final class LruCache<K> {

  private final Map<K, Boolean> keys;

  LruCache(int maxSize) {
    this.keys =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Boolean> eldest) {
            return size() > maxSize;
          }
        };
  }

  /**
   * Reads {@code key}: on a hit it becomes the most recently used key; on a miss it is stored,
   * evicting the least recently used key if the cache is full.
   *
   * @return whether the key was in the cache
   */
  boolean read(K key) {
    return keys.put(key, Boolean.TRUE) != null;
  }
}
