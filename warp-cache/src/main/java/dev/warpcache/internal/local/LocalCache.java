package dev.warpcache.internal.local;

import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.internal.memo.Memoizers;
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
 * The memory-backend {@link Cache}: a thin typed face over a {@link LocalStore}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class LocalCache<K, V> implements Cache<K, V> {
  private final LocalStore store;
  private final MapView view = new MapView();
  private final SnapshotEntrySet<K, V> entrySet =
      new SnapshotEntrySet<>(
          new SnapshotEntrySet.Backing<>() {
            @Override
            public List<Map.Entry<K, V>> snapshot() {
              List<Map.Entry<K, V>> entries = new ArrayList<>();
              store.forEachLive(
                  (key, value) -> {
                    entries.add(new AbstractMap.SimpleImmutableEntry<>(cast(key), cast(value)));
                    return true;
                  });
              return entries;
            }

            @Override
            public void put(K key, V value) {
              store.put(key, value);
            }

            @Override
            public void remove(K key) {
              store.remove(key);
            }

            @Override
            public int size() {
              return view.size();
            }

            @Override
            public void clear() {
              store.clear();
            }
          });

  /**
   * Wraps a store.
   *
   * @param store the store, used by this cache only
   */
  public LocalCache(LocalStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public V get(K key, Function<? super K, ? extends V> loader) {
    Objects.requireNonNull(loader, "loader");
    int hash = LocalStore.hash(key);
    Object value = store.getIfLive(key, hash);
    if (value == LocalStore.ABSENT) {
      value = store.load(key, hash, k -> loader.apply(key));
    }
    return cast(value);
  }

  @Override
  public CompletableFuture<V> getAsync(
      K key, Function<? super K, ? extends CompletionStage<? extends V>> loader) {
    Objects.requireNonNull(loader, "loader");
    return Memoizers.lookupAsync(
        store, key, LocalStore.hash(key), k -> Memoizers.started(loader.apply(key), loader));
  }

  @Override
  public V getIfPresent(K key) {
    return orNull(store.getIfPresent(key));
  }

  @Override
  public void put(K key, V value) {
    store.put(key, value);
  }

  @Override
  public void invalidate(K key) {
    store.remove(key);
  }

  @Override
  public void clear() {
    store.clear();
  }

  @Override
  public CacheInfo info() {
    return store.info();
  }

  @Override
  public ConcurrentMap<K, V> asMap() {
    return view;
  }

  @Override
  public String toString() {
    return "Cache" + store.info();
  }

  @SuppressWarnings("unchecked") // the store holds only keys and values put through this cache
  private static <T> T cast(Object value) {
    return (T) value;
  }

  private static <T> T orNull(Object value) {
    return value == LocalStore.ABSENT ? null : cast(value);
  }

  /**
   * The {@link #asMap()} view. Reads neither count in the statistics nor mark entries visited.
   * {@code clear()} through the view is {@link Cache#clear()} and resets the statistics too.
   */
  private final class MapView extends AbstractMap<K, V> implements ConcurrentMap<K, V> {

    @Override
    public V get(Object key) {
      return orNull(store.peek(key));
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
      Object value = store.peek(key);
      return value == LocalStore.ABSENT ? defaultValue : cast(value);
    }

    @Override
    public boolean containsKey(Object key) {
      return store.peek(key) != LocalStore.ABSENT;
    }

    @Override
    public V put(K key, V value) {
      return orNull(store.put(key, value));
    }

    @Override
    public V remove(Object key) {
      return orNull(store.remove(key));
    }

    // The view allows null values, so it must override every default method of ConcurrentMap
    // that reads a null from get() as "absent" (as ConcurrentMap's Javadoc requires). A key
    // mapped to null counts as absent for putIfAbsent, computeIfAbsent and merge, as in Map.

    @Override
    public V putIfAbsent(K key, V value) {
      for (; ; ) {
        Object previous = store.putIfAbsent(key, value);
        if (previous == LocalStore.ABSENT) {
          return null;
        }
        if (previous != null || store.compareAndWrite(key, null, value, false)) {
          return cast(previous);
        }
      }
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
      Objects.requireNonNull(mappingFunction, "mappingFunction");
      Object current = store.peek(key);
      if (current != LocalStore.ABSENT && current != null) {
        return cast(current);
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
      for (; ; ) {
        Object current = store.peek(key);
        if (current == LocalStore.ABSENT || current == null) {
          return null;
        }
        V value = remappingFunction.apply(key, cast(current));
        if (store.compareAndWrite(key, current, value, value == null)) {
          return value;
        }
      }
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
      Objects.requireNonNull(remappingFunction, "remappingFunction");
      for (; ; ) {
        Object current = store.peek(key);
        boolean absent = current == LocalStore.ABSENT;
        V value = remappingFunction.apply(key, absent ? null : cast(current));
        if (absent) {
          if (value == null || store.putIfAbsent(key, value) == LocalStore.ABSENT) {
            return value;
          }
        } else if (store.compareAndWrite(key, current, value, value == null)) {
          return value;
        }
      }
    }

    @Override
    public V merge(
        K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(remappingFunction, "remappingFunction");
      for (; ; ) {
        Object current = store.peek(key);
        if (current == LocalStore.ABSENT) {
          if (store.putIfAbsent(key, value) == LocalStore.ABSENT) {
            return value;
          }
          continue;
        }
        V merged = current == null ? value : remappingFunction.apply(cast(current), value);
        if (store.compareAndWrite(key, current, merged, merged == null)) {
          return merged;
        }
      }
    }

    @Override
    public boolean remove(Object key, Object value) {
      return store.compareAndWrite(key, value, null, true);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
      return store.compareAndWrite(key, oldValue, newValue, false);
    }

    @Override
    public V replace(K key, V value) {
      return orNull(store.replace(key, value));
    }

    @Override
    public void clear() {
      store.clear();
    }

    @Override
    public int size() {
      return (int) Math.min(Integer.MAX_VALUE, store.size());
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
      return entrySet;
    }
  }
}
