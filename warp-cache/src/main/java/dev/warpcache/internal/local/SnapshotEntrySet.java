package dev.warpcache.internal.local;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The entry set of a cache's map view: each iteration walks a snapshot taken when it starts (weakly
 * consistent, never failing on concurrent writes); {@code Iterator.remove} and {@code
 * Entry.setValue} write through to the cache.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SnapshotEntrySet<K, V> extends AbstractSet<Map.Entry<K, V>> {

  /**
   * What the entry set reads and writes.
   *
   * @param <K> the key type
   * @param <V> the value type
   */
  public interface Backing<K, V> {
    /**
     * Returns the live entries now, as plain key and value pairs.
     *
     * @return the snapshot
     */
    List<Map.Entry<K, V>> snapshot();

    /**
     * Maps a key to a value in the cache.
     *
     * @param key the key
     * @param value the value
     */
    void put(K key, V value);

    /**
     * Removes a key from the cache.
     *
     * @param key the key
     */
    void remove(K key);

    /**
     * Returns the number of entries.
     *
     * @return the size
     */
    int size();

    /** Removes every entry. */
    void clear();
  }

  private final Backing<K, V> backing;

  /**
   * Creates the entry set of a map view.
   *
   * @param backing the cache behind the view
   */
  public SnapshotEntrySet(Backing<K, V> backing) {
    this.backing = backing;
  }

  @Override
  public Iterator<Map.Entry<K, V>> iterator() {
    List<Map.Entry<K, V>> snapshot = new ArrayList<>();
    for (Map.Entry<K, V> entry : backing.snapshot()) {
      snapshot.add(new WriteThroughEntry(entry.getKey(), entry.getValue()));
    }
    return new Iterator<>() {
      private int next;
      private Map.Entry<K, V> last;

      @Override
      public boolean hasNext() {
        return next < snapshot.size();
      }

      @Override
      public Map.Entry<K, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        last = snapshot.get(next++);
        return last;
      }

      @Override
      public void remove() {
        if (last == null) {
          throw new IllegalStateException("next() was not called, or remove() already was");
        }
        backing.remove(last.getKey());
        last = null;
      }
    };
  }

  @Override
  public int size() {
    return backing.size();
  }

  @Override
  public void clear() {
    backing.clear();
  }

  /** An entry of an iteration; {@code setValue} writes through to the cache. */
  private final class WriteThroughEntry extends AbstractMap.SimpleEntry<K, V> {
    private static final long serialVersionUID = 1L;

    WriteThroughEntry(K key, V value) {
      super(key, value);
    }

    @Override
    public V setValue(V value) {
      backing.put(getKey(), value);
      return super.setValue(value);
    }
  }
}
