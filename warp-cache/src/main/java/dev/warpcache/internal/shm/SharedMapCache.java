package dev.warpcache.internal.shm;

import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.internal.codec.XxHash64;
import dev.warpcache.internal.local.LocalStore;
import dev.warpcache.internal.local.SnapshotEntrySet;
import dev.warpcache.internal.memo.Memoizers;
import dev.warpcache.internal.shm.SharedStore.Condition;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The {@link Cache} of {@link dev.warpcache.Backend#SHARED}: keys and values live encoded in a
 * region that every process of the user shares, so what one JVM puts, every JVM reads.
 *
 * <p>Keys and values compare by their encoded bytes ({@code replace(key, old, new)} and {@code
 * remove(key, value)} compare the encoding of {@code old} or {@code value} with the stored bytes),
 * which for the built-in codec's types is the same as {@code equals}. A key or value whose encoding
 * is over its limit is not stored, as for memoized functions: the write removes any older value of
 * the key, so no stale value outlives it, and counts an oversize skip.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SharedMapCache<K, V> implements Cache<K, V> {
  private final SharedCache shared;
  private final SharedStore store;
  private final MapView view = new MapView();

  /**
   * Wraps a shared cache.
   *
   * @param shared the region with its codec and clock
   */
  public SharedMapCache(SharedCache shared) {
    this.shared = Objects.requireNonNull(shared, "shared");
    this.store = shared.store();
  }

  @Override
  public V get(K key, Function<? super K, ? extends V> loader) {
    Objects.requireNonNull(loader, "loader");
    return cast(shared.get(key, false, k -> loader.apply(key)));
  }

  @Override
  public CompletableFuture<V> getAsync(
      K key, Function<? super K, ? extends CompletionStage<? extends V>> loader) {
    Objects.requireNonNull(loader, "loader");
    return cast(shared.getAsync(key, false, k -> Memoizers.started(loader.apply(key), loader)));
  }

  @Override
  public V getIfPresent(K key) {
    Object value = shared.getIfPresent(key);
    return value == LocalStore.ABSENT ? null : cast(value);
  }

  @Override
  public void put(K key, V value) {
    view.put(key, value);
  }

  @Override
  public void invalidate(K key) {
    byte[] encoded = shared.encodeKey(key);
    if (encoded != null) {
      store.remove(encoded, encoded.length, hash(encoded));
    }
  }

  @Override
  public void clear() {
    shared.clear();
  }

  @Override
  public CacheInfo info() {
    return shared.info();
  }

  @Override
  public ConcurrentMap<K, V> asMap() {
    return view;
  }

  @Override
  public String toString() {
    return "Cache[" + store.name() + "]" + info();
  }

  private static long hash(byte[] key) {
    return XxHash64.hash(key, 0, key.length);
  }

  @SuppressWarnings("unchecked") // the region holds only keys and values put through this type
  private static <T> T cast(Object value) {
    return (T) value;
  }

  /**
   * The {@link #asMap()} view. Reads neither count in the statistics nor mark entries visited.
   * Every write is one atomic step on the region ({@link SharedStore#update}); the compound
   * operations read, compute without the lock, and retry if another process changed the bytes.
   */
  private final class MapView extends AbstractMap<K, V> implements ConcurrentMap<K, V> {
    private final SnapshotEntrySet<K, V> entrySet =
        new SnapshotEntrySet<>(
            new SnapshotEntrySet.Backing<>() {
              @Override
              public List<Map.Entry<K, V>> snapshot() {
                List<Map.Entry<K, V>> entries = new ArrayList<>();
                for (byte[][] entry : store.snapshot(shared.now())) {
                  entries.add(
                      new AbstractMap.SimpleImmutableEntry<>(
                          cast(shared.decode(entry[0])), cast(shared.decode(entry[1]))));
                }
                return entries;
              }

              @Override
              public void put(K key, V value) {
                MapView.this.put(key, value);
              }

              @Override
              public void remove(K key) {
                MapView.this.remove(key);
              }

              @Override
              public int size() {
                return MapView.this.size();
              }

              @Override
              public void clear() {
                MapView.this.clear();
              }
            });

    /** The stored bytes of a key, or {@code null} if absent (or too large to be stored). */
    private byte[] peek(byte[] key) {
      return key == null ? null : store.peek(key, key.length, hash(key), shared.now());
    }

    /**
     * One atomic step on the region; a new value over its limit turns the write into a removal
     * (counted as an oversize skip), so an older value never outlives a newer one.
     */
    private SharedStore.Update update(
        byte[] key, Condition condition, byte[] expected, Object value, boolean remove) {
      byte[] bytes = null;
      if (!remove) {
        bytes = shared.encodeValue(value);
        if (bytes == null) {
          store.countOversizeSkip();
        }
      }
      return store.update(key, hash(key), condition, expected, bytes, shared.now());
    }

    private V decoded(byte[] bytes) {
      return bytes == null ? null : cast(shared.decode(bytes));
    }

    @Override
    public V get(Object key) {
      return decoded(peek(shared.encodeKey(key)));
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
      byte[] value = peek(shared.encodeKey(key));
      return value == null ? defaultValue : cast(shared.decode(value));
    }

    @Override
    public boolean containsKey(Object key) {
      return peek(shared.encodeKey(key)) != null;
    }

    @Override
    public V put(K key, V value) {
      byte[] encoded = shared.encodeKey(key);
      if (encoded == null) {
        store.countOversizeSkip();
        return null;
      }
      return decoded(update(encoded, Condition.ALWAYS, null, value, false).previous());
    }

    @Override
    public V remove(Object key) {
      byte[] encoded = shared.encodeKey(key);
      return encoded == null
          ? null
          : decoded(update(encoded, Condition.ALWAYS, null, null, true).previous());
    }

    // As in the memory backend's view, a key mapped to null counts as absent for putIfAbsent,
    // computeIfAbsent and merge; the defaults of ConcurrentMap would read null as absent
    // everywhere, so every one is overridden.

    @Override
    public V putIfAbsent(K key, V value) {
      byte[] encoded = shared.encodeKey(key);
      if (encoded == null) {
        store.countOversizeSkip();
        return null;
      }
      for (; ; ) {
        SharedStore.Update done = update(encoded, Condition.IF_ABSENT, null, value, false);
        if (done.written()) {
          return null;
        }
        V previous = decoded(done.previous());
        if (previous != null
            || update(encoded, Condition.IF_EQUAL, done.previous(), value, false).written()) {
          return previous;
        }
      }
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
      Objects.requireNonNull(mappingFunction, "mappingFunction");
      V current = get(key);
      if (current != null) {
        return current;
      }
      V value = mappingFunction.apply(key);
      if (value == null) {
        return null;
      }
      V previous = putIfAbsent(key, value);
      return previous != null ? previous : value;
    }

    @Override
    public V computeIfPresent(
        K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
      Objects.requireNonNull(remappingFunction, "remappingFunction");
      byte[] encoded = shared.encodeKey(key);
      for (; ; ) {
        byte[] current = peek(encoded);
        V old = decoded(current);
        if (old == null) {
          return null;
        }
        V value = remappingFunction.apply(key, old);
        if (update(encoded, Condition.IF_EQUAL, current, value, value == null).written()) {
          return value;
        }
      }
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
      Objects.requireNonNull(remappingFunction, "remappingFunction");
      byte[] encoded = shared.encodeKey(key);
      if (encoded == null) {
        store.countOversizeSkip();
        return remappingFunction.apply(key, null);
      }
      for (; ; ) {
        byte[] current = peek(encoded);
        V value = remappingFunction.apply(key, decoded(current));
        if (current == null) {
          if (value == null || update(encoded, Condition.IF_ABSENT, null, value, false).written()) {
            return value;
          }
        } else if (update(encoded, Condition.IF_EQUAL, current, value, value == null).written()) {
          return value;
        }
      }
    }

    @Override
    public V merge(
        K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(remappingFunction, "remappingFunction");
      byte[] encoded = shared.encodeKey(key);
      if (encoded == null) {
        store.countOversizeSkip();
        return value;
      }
      for (; ; ) {
        byte[] current = peek(encoded);
        if (current == null) {
          if (update(encoded, Condition.IF_ABSENT, null, value, false).written()) {
            return value;
          }
          continue;
        }
        V old = decoded(current);
        V merged = old == null ? value : remappingFunction.apply(old, value);
        if (update(encoded, Condition.IF_EQUAL, current, merged, merged == null).written()) {
          return merged;
        }
      }
    }

    @Override
    public boolean remove(Object key, Object value) {
      byte[] encoded = shared.encodeKey(key);
      byte[] expected = encoded == null ? null : shared.encodeValue(value);
      return expected != null
          && update(encoded, Condition.IF_EQUAL, expected, null, true).written();
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
      byte[] encoded = shared.encodeKey(key);
      byte[] expected = encoded == null ? null : shared.encodeValue(oldValue);
      return expected != null
          && update(encoded, Condition.IF_EQUAL, expected, newValue, false).written();
    }

    @Override
    public V replace(K key, V value) {
      byte[] encoded = shared.encodeKey(key);
      return encoded == null
          ? null
          : decoded(update(encoded, Condition.IF_PRESENT, null, value, false).previous());
    }

    @Override
    public void clear() {
      shared.clear();
    }

    @Override
    public int size() {
      return store.liveSize(shared.now());
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
      return entrySet;
    }
  }
}
