package dev.warpcache.jcache;

import java.util.Objects;
import java.util.function.Function;
import javax.cache.processor.MutableEntry;

/**
 * The {@link MutableEntry} an entry processor works on. It records what the processor did; the
 * cache applies the outcome ({@link #action()}) once the processor returns, and nothing if it
 * throws.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

  /** The outcome of a processor's run. */
  enum Action {
    /** Nothing to apply. */
    NONE,
    /** An existing value was read: an access. */
    READ,
    /** The value was loaded through the cache loader: store it, without a write-through. */
    LOADED,
    /** A value was set on an absent entry. */
    CREATED,
    /** A value was set on an existing entry. */
    UPDATED,
    /** The entry was removed (or {@code remove()} was called on an absent one). */
    REMOVED
  }

  private final K key;
  private final boolean existed;
  private final Function<K, V> loader;
  private V value;
  private boolean exists;
  private Action action = Action.NONE;

  /**
   * Creates the entry.
   *
   * @param key the key
   * @param value the current value, or {@code null} if absent
   * @param loader loads a value on a {@code getValue()} of an absent entry, or {@code null} when
   *     the cache is not read-through
   */
  ProcessorEntry(K key, V value, Function<K, V> loader) {
    this.key = key;
    this.value = value;
    this.existed = value != null;
    this.exists = existed;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (exists) {
      if (action == Action.NONE) {
        action = Action.READ;
      }
      return value;
    }
    if (action == Action.NONE && loader != null) {
      V loaded = loader.apply(key);
      if (loaded != null) {
        value = loaded;
        exists = true;
        action = Action.LOADED;
      }
    }
    return exists ? value : null;
  }

  @Override
  public boolean exists() {
    return exists;
  }

  @Override
  public void remove() {
    // Removing what this processor created leaves nothing to do; removing an absent entry is
    // still a write-through delete.
    action = action == Action.CREATED || action == Action.LOADED ? Action.NONE : Action.REMOVED;
    value = null;
    exists = false;
  }

  @Override
  public void setValue(V value) {
    Objects.requireNonNull(value, "value");
    this.value = value;
    this.exists = true;
    this.action = existed ? Action.UPDATED : Action.CREATED;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a mutable entry to " + clazz.getName());
  }

  boolean existed() {
    return existed;
  }

  Action action() {
    return action;
  }

  V value() {
    return value;
  }
}
