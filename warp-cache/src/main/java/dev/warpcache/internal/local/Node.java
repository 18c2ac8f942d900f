package dev.warpcache.internal.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One slot's content in the table: a key and its value (or a {@link Loading} marker while the value
 * is being computed). A store with a TTL uses {@link TimedNode}, which adds the write time; without
 * one, nodes leave it out. The key's hash, the loading flag and the eviction policy's access mark
 * share one {@code int} ({@link #word}), so that a node takes 32 bytes with compressed references
 * (header, key, word, value and the two queue links), as small as a {@code ConcurrentHashMap} node,
 * and more of the nodes a lookup reads stay in the CPU's caches.
 *
 * <p>The key, the hash bits and the loading bit never change after construction, so a node is safe
 * to read as soon as a reader has loaded its reference from the table (the slot's release store
 * publishes the constructor's writes). The value of a completed entry in a store without TTL is
 * replaced in place by later writes ({@link #swapValue}, {@link #casValue}), which may run without
 * the store's lock; a removal under the lock ends the node with {@link #kill}, so that no lock-free
 * write can land in a node that has left the table. Every change of the value is atomic (CAS or
 * get-and-set), and its volatile write pairs with the acquire load in {@link #value()}, so the
 * fields of a value written in place are visible to readers. A {@link Loading} marker's node never
 * changes its value; it is replaced by a new node. The only thing a reader writes is the access
 * mark, with opaque stores and only when it is not already set, so hits on a hot entry do not keep
 * writing its cache line. The queue links are guarded by the store's lock and never read by
 * lookups.
 */
class Node {
  /**
   * The bits of {@link #word} that hold the key's hash: 30, enough for any table index (the
   * capacity is at most 2^30). {@link LocalStore#hash} gives hashes in this range.
   */
  static final int HASH_BITS = 0x3FFF_FFFF;

  /** Set in {@link #word} when the value is a {@link Loading} marker; never changes. */
  private static final int LOADING_BIT = 1 << 30;

  /** The eviction policy's access mark (SIEVE's visited bit), the sign bit of {@link #word}. */
  private static final int VISITED_BIT = 1 << 31;

  private static final VarHandle WORD;
  private static final VarHandle VALUE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      WORD = lookup.findVarHandle(Node.class, "word", int.class);
      VALUE = lookup.findVarHandle(Node.class, "value", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Object key;

  /**
   * The key's hash ({@link #HASH_BITS}), the loading bit and the access mark. Only the access mark
   * changes after construction: readers set it and the evictor clears it, each with an opaque read
   * and write of the whole word, whose other bits are the same in every copy. A reader's set racing
   * the hand's clear can lose one of them, which only shifts one eviction decision, as in the SIEVE
   * paper's design.
   */
  @SuppressWarnings("FieldMayBeFinal") // the access mark is written through WORD
  private int word;

  @SuppressWarnings("FieldMayBeFinal") // written through VALUE
  private Object value;

  /** Toward the head of the eviction queue (newer entries); guarded by the store's lock. */
  Node newer;

  /** Toward the tail of the eviction queue (older entries); guarded by the store's lock. */
  Node older;

  Node(Object key, int hash, Object value) {
    this.key = key;
    this.word = (hash & HASH_BITS) | (value instanceof Loading ? LOADING_BIT : 0);
    this.value = value;
  }

  /** The key's hash, as {@link LocalStore#hash} gave it. */
  int hash() {
    return word & HASH_BITS; // a plain read: the hash bits never change
  }

  /** The value of a node that has left the table: never a user value, never stored. */
  static final Object DEAD =
      new Object() {
        @Override
        public String toString() {
          return "DEAD";
        }
      };

  /**
   * Returns the value, the {@link Loading} marker, or {@link #DEAD} once the node has left the
   * table. The acquire load pairs with the atomic writes below; a value set by the constructor is
   * published by the table slot's release store instead.
   */
  Object value() {
    return VALUE.getAcquire(this);
  }

  /**
   * Replaces a completed entry's value in place, unless the node is dead.
   *
   * @return the value replaced, or {@link #DEAD} if nothing was written
   */
  Object swapValue(Object newValue) {
    for (; ; ) {
      Object current = VALUE.getAcquire(this);
      if (current == DEAD || VALUE.compareAndSet(this, current, newValue)) {
        return current;
      }
    }
  }

  /** Replaces the value only if it is still {@code expected} (by identity). */
  boolean casValue(Object expected, Object newValue) {
    return VALUE.compareAndSet(this, expected, newValue);
  }

  /**
   * Ends a completed entry that leaves the table (called under the store's lock): later in-place
   * writes fail, and readers still holding the node see it absent.
   *
   * @return the value it held
   */
  Object kill() {
    return VALUE.getAndSet(this, DEAD);
  }

  /**
   * Whether the value is a {@link Loading} marker. Kept in the node's word so that a hit reads only
   * the node's own cache line, never the value object's header, to tell an entry from a marker.
   */
  boolean isLoading() {
    return (word & LOADING_BIT) != 0; // a plain read: the loading bit never changes
  }

  /** Marks the entry as accessed; writes only if the mark is not set yet. */
  void markVisited() {
    int current = (int) WORD.getOpaque(this);
    if ((current & VISITED_BIT) == 0) {
      WORD.setOpaque(this, current | VISITED_BIT);
    }
  }

  boolean isVisited() {
    return ((int) WORD.getOpaque(this) & VISITED_BIT) != 0;
  }

  void clearVisited() {
    WORD.setOpaque(this, (int) WORD.getOpaque(this) & ~VISITED_BIT);
  }

  /** A node of a store with a TTL: it also holds the time its value was written. */
  static final class TimedNode extends Node {
    /** The {@link dev.warpcache.Ticker} reading when the value was written. */
    final long writeTime;

    TimedNode(Object key, int hash, Object value, long writeTime) {
      super(key, hash, value);
      this.writeTime = writeTime;
    }
  }
}
