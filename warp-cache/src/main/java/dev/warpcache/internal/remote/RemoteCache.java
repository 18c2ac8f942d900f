package dev.warpcache.internal.remote;

import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.internal.local.LocalStore;
import dev.warpcache.internal.memo.Memoizers;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * A {@link Cache} whose entries live in a {@link NearCache}: near hits as in the memory backend,
 * near misses through the tier, and writes through to it. Keys are of {@link KeyForm#RAW}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class RemoteCache<K, V> implements Cache<K, V> {
  private final NearCache cache;
  private final LocalStore store;

  /**
   * Wraps a near cache.
   *
   * @param cache the near cache, used by this cache only, with keys of {@link KeyForm#RAW}
   */
  public RemoteCache(NearCache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.store = cache.near();
  }

  @Override
  public V get(K key, Function<? super K, ? extends V> loader) {
    Objects.requireNonNull(loader, "loader");
    int hash = LocalStore.hash(key);
    Object value = store.getIfLive(key, hash);
    if (value == LocalStore.ABSENT) {
      value = store.load(key, hash, k -> cache.loadThrough(k, kk -> loader.apply(key)));
    }
    return cast(value);
  }

  @Override
  public CompletableFuture<V> getAsync(
      K key, Function<? super K, ? extends CompletionStage<? extends V>> loader) {
    Objects.requireNonNull(loader, "loader");
    return Memoizers.lookupAsync(
        cache, key, LocalStore.hash(key), k -> Memoizers.started(loader.apply(key), loader));
  }

  /** A near miss asks the tier, and keeps what it finds unless an invalidation came meanwhile. */
  @Override
  public V getIfPresent(K key) {
    Object value = store.getIfLive(key, LocalStore.hash(key));
    if (value == LocalStore.ABSENT) {
      value = cache.fillIfUnchanged(key);
    }
    return value == LocalStore.ABSENT ? null : cast(value);
  }

  /** Writes through: the tier has the value (or has failed, counted) when this returns. */
  @Override
  public void put(K key, V value) {
    cache.put(key, value);
  }

  /** Removes the key here and from the tier, which tells the other JVMs. */
  @Override
  public void invalidate(K key) {
    cache.invalidate(key);
  }

  /** Clears this JVM's entries and statistics, and the tier's values of every JVM. */
  @Override
  public void clear() {
    cache.clear();
  }

  @Override
  public CacheInfo info() {
    return cache.info();
  }

  /**
   * Not available with a remote tier in this version.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public ConcurrentMap<K, V> asMap() {
    throw new UnsupportedOperationException(
        "asMap() is not available for a cache with a remote tier in this version");
  }

  @Override
  public String toString() {
    return "Cache" + cache.info();
  }

  @SuppressWarnings("unchecked") // the store holds only keys and values put through this cache
  private static <T> T cast(Object value) {
    return (T) value;
  }
}
