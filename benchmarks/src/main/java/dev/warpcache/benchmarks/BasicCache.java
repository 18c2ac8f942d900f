package dev.warpcache.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.cache.CacheBuilder;
import dev.warpcache.Cache;
import dev.warpcache.WarpCache;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The smallest common face of every peer in the throughput suites: a read that does not load and a
 * write. Each JMH fork creates exactly one implementation (the one its {@code cache} parameter
 * names), so the calls through this interface stay monomorphic and inline.
 *
 * @param <K> keys
 * @param <V> values
 */
interface BasicCache<K, V> {

  /** warp-cache's {@code Cache}, memory backend, statistics on (always). */
  String WARP_CACHE = "warp-cache";

  /** Caffeine, {@code maximumSize}, statistics off (its default). */
  String CAFFEINE = "caffeine";

  /** Guava's cache, {@code maximumSize}, default concurrency level (4 segments). */
  String GUAVA = "guava";

  /** A synchronized access-order {@code LinkedHashMap} that removes its eldest entry when full. */
  String LINKED_HASH_MAP = "linked-hash-map";

  /** An unbounded {@code ConcurrentHashMap}. */
  String CHM = "chm";

  /** A {@code ConcurrentHashMap} that stops taking new keys once full. */
  String CHM_BOUNDED = "chm-bounded";

  /** warp-cache with a TTL (an hour: nothing expires during a run). */
  String WARP_CACHE_TTL = "warp-cache-ttl";

  /** Caffeine with {@code expireAfterWrite} (an hour: nothing expires during a run). */
  String CAFFEINE_TTL = "caffeine-ttl";

  /** The TTL of the TTL variants: long enough that nothing expires while measuring. */
  Duration TTL = Duration.ofHours(1);

  /**
   * Reads a key without loading on a miss.
   *
   * @param key the key
   * @return the value or {@code null}
   */
  V get(K key);

  /**
   * Writes a key.
   *
   * @param key the key
   * @param value the value
   */
  void put(K key, V value);

  /**
   * Whether the key is held, without touching recency, frequency or statistics (setup only).
   *
   * @param key the key
   * @return whether it is held
   */
  boolean contains(K key);

  /**
   * Creates the named peer.
   *
   * @param type one of the constants of this interface
   * @param maximumSize the bound of the bounded peers
   * @param <K> keys
   * @param <V> values
   * @return the peer
   */
  static <K, V> BasicCache<K, V> create(String type, int maximumSize) {
    switch (type) {
      case WARP_CACHE:
        return new WarpPeer<>(WarpCache.builder().maxSize(maximumSize).build());
      case WARP_CACHE_TTL:
        return new WarpPeer<>(WarpCache.builder().maxSize(maximumSize).ttl(TTL).build());
      case CAFFEINE:
        return new CaffeinePeer<>(Caffeine.newBuilder().maximumSize(maximumSize).build());
      case CAFFEINE_TTL:
        return new CaffeinePeer<>(
            Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(TTL).build());
      case GUAVA:
        return new GuavaPeer<>(CacheBuilder.newBuilder().maximumSize(maximumSize).build());
      case LINKED_HASH_MAP:
        return new LinkedHashMapPeer<>(maximumSize);
      case CHM:
        return new MapPeer<>(new ConcurrentHashMap<>());
      case CHM_BOUNDED:
        return new BoundedMapPeer<>(maximumSize);
      default:
        throw new IllegalArgumentException("unknown cache type: " + type);
    }
  }

  /** warp-cache's {@link Cache}, memory backend; its statistics are always on. */
  final class WarpPeer<K, V> implements BasicCache<K, V> {
    private final Cache<K, V> cache;

    WarpPeer(Cache<K, V> cache) {
      this.cache = cache;
    }

    @Override
    public V get(K key) {
      return cache.getIfPresent(key);
    }

    @Override
    public void put(K key, V value) {
      cache.put(key, value);
    }

    @Override
    public boolean contains(K key) {
      return cache.asMap().containsKey(key);
    }

    @Override
    public String toString() {
      return cache.info().toString();
    }
  }

  /** Caffeine's manual {@code Cache}. */
  final class CaffeinePeer<K, V> implements BasicCache<K, V> {
    private final com.github.benmanes.caffeine.cache.Cache<K, V> cache;

    CaffeinePeer(com.github.benmanes.caffeine.cache.Cache<K, V> cache) {
      this.cache = cache;
    }

    @Override
    public V get(K key) {
      return cache.getIfPresent(key);
    }

    @Override
    public void put(K key, V value) {
      cache.put(key, value);
    }

    @Override
    public boolean contains(K key) {
      return cache.asMap().containsKey(key);
    }

    @Override
    public String toString() {
      cache.cleanUp();
      return "Caffeine{size=" + cache.estimatedSize() + "}";
    }
  }

  /** Guava's {@code Cache}. */
  final class GuavaPeer<K, V> implements BasicCache<K, V> {
    private final com.google.common.cache.Cache<K, V> cache;

    GuavaPeer(com.google.common.cache.Cache<K, V> cache) {
      this.cache = cache;
    }

    @Override
    public V get(K key) {
      return cache.getIfPresent(key);
    }

    @Override
    public void put(K key, V value) {
      cache.put(key, value);
    }

    @Override
    public boolean contains(K key) {
      return cache.asMap().containsKey(key);
    }

    @Override
    public String toString() {
      return "Guava{size=" + cache.size() + "}";
    }
  }

  /** {@code Collections.synchronizedMap} over an access-order {@link LinkedHashMap}: LRU. */
  final class LinkedHashMapPeer<K, V> implements BasicCache<K, V> {
    private final Map<K, V> map;

    LinkedHashMapPeer(int maximumSize) {
      this.map =
          Collections.synchronizedMap(
              new LinkedHashMap<K, V>(2 * maximumSize, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                  return size() > maximumSize;
                }
              });
    }

    @Override
    public V get(K key) {
      return map.get(key);
    }

    @Override
    public void put(K key, V value) {
      map.put(key, value);
    }

    @Override
    public boolean contains(K key) {
      return map.containsKey(key); // containsKey does not reorder an access-order map
    }

    @Override
    public String toString() {
      return "LinkedHashMap{size=" + map.size() + "}";
    }
  }

  /** A plain {@link ConcurrentHashMap}: it never evicts. */
  final class MapPeer<K, V> implements BasicCache<K, V> {
    private final ConcurrentHashMap<K, V> map;

    MapPeer(ConcurrentHashMap<K, V> map) {
      this.map = map;
    }

    @Override
    public V get(K key) {
      return map.get(key);
    }

    @Override
    public void put(K key, V value) {
      map.put(key, value);
    }

    @Override
    public boolean contains(K key) {
      return map.containsKey(key);
    }

    @Override
    public String toString() {
      return "ConcurrentHashMap{size=" + map.size() + "}";
    }
  }

  /**
   * A {@link ConcurrentHashMap} that holds at most {@code maximumSize} keys: a write to a held key
   * replaces its value, a write of a new key is dropped once the map is full (a racy size check, so
   * it may overshoot by a few entries under concurrent writers). No eviction, no policy, no
   * statistics: the practical limit of a bounded cache's hit path, its table being as small as a
   * cache's.
   */
  final class BoundedMapPeer<K, V> implements BasicCache<K, V> {
    private final ConcurrentHashMap<K, V> map;
    private final int maximumSize;

    BoundedMapPeer(int maximumSize) {
      this.map = new ConcurrentHashMap<>(maximumSize);
      this.maximumSize = maximumSize;
    }

    @Override
    public V get(K key) {
      return map.get(key);
    }

    @Override
    public void put(K key, V value) {
      if (map.replace(key, value) == null && map.mappingCount() < maximumSize) {
        map.putIfAbsent(key, value);
      }
    }

    @Override
    public boolean contains(K key) {
      return map.containsKey(key);
    }

    @Override
    public String toString() {
      return "BoundedConcurrentHashMap{size=" + map.size() + "}";
    }
  }
}
