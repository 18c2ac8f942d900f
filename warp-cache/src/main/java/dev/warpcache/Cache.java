package dev.warpcache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * A bounded, thread-safe cache with SIEVE eviction and an optional TTL. Made by {@link
 * WarpCache.Builder#build()}.
 *
 * <p>Lookups never take a lock. {@code null} keys and {@code null} values are allowed: a value
 * computed as {@code null} is cached like any other. Because of that, {@link #getIfPresent} cannot
 * tell an absent key from a key mapped to {@code null}; use {@link #get(Object, Function)} or
 * {@link #asMap()}{@code .containsKey} where the difference matters.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Cache<K, V> {

  /**
   * Returns the value for {@code key}, computing it with {@code loader} on a miss.
   *
   * <p>Concurrent misses for one key run the loader once: the other callers wait for its result
   * (and count as hits). The loader runs without any lock of the cache held, so it may itself use
   * this cache for other keys. If the loader throws, nothing is cached, the exception reaches this
   * caller unchanged, and a caller that was waiting tries again itself. A loader that asks this
   * cache for the very key it is computing gets an {@link IllegalStateException}.
   *
   * @param key the key, may be {@code null}
   * @param loader computes the value on a miss; must not be {@code null}
   * @return the cached or computed value, possibly {@code null}
   */
  V get(K key, Function<? super K, ? extends V> loader);

  /**
   * Returns a future of the value for {@code key}, starting {@code loader} on a miss, without
   * blocking. A hit returns an already completed future; concurrent misses for one key share one
   * computation (the callers that join it count as hits). The value is stored when the loader's
   * future completes normally; a failed or cancelled one stores nothing. Each caller gets a future
   * of its own, which it may complete or cancel without affecting the cache or other callers. This
   * method and {@link #get(Object, Function)} share entries and computations in flight.
   *
   * @param key the key, may be {@code null}
   * @param loader starts computing the value on a miss; must not return {@code null}
   * @return a future of the cached or computed value
   * @throws NullPointerException if {@code loader} is {@code null} or returns {@code null}
   */
  CompletableFuture<V> getAsync(
      K key, Function<? super K, ? extends CompletionStage<? extends V>> loader);

  /**
   * Returns the cached value for {@code key}, or {@code null} if there is none (or it expired).
   * Counts a hit or a miss.
   *
   * @param key the key, may be {@code null}
   * @return the value, or {@code null}
   */
  V getIfPresent(K key);

  /**
   * Stores {@code value} under {@code key}, replacing any previous value. The entry enters the
   * cache as a new one (its TTL restarts), evicting another if the cache is full.
   *
   * @param key the key, may be {@code null}
   * @param value the value, may be {@code null}
   */
  void put(K key, V value);

  /**
   * Removes the entry for {@code key}, if any. A computation of that key already running is not
   * stopped, but its result will not be stored.
   *
   * @param key the key, may be {@code null}
   */
  void invalidate(K key);

  /** Removes every entry and resets the statistics. Running computations store nothing. */
  void clear();

  /**
   * Returns a snapshot of the statistics.
   *
   * @return hits, misses, evictions, the maximum and the current size
   */
  CacheInfo info();

  /**
   * Returns a live view of this cache as a map. Reads through the view do not count in the
   * statistics and do not mark entries as visited; writes go to the cache. Expired entries are
   * absent from the view. Iteration is weakly consistent, as for {@link
   * java.util.concurrent.ConcurrentHashMap}.
   *
   * @return the map view
   */
  ConcurrentMap<K, V> asMap();
}
