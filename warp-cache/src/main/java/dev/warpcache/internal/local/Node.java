package dev.warpcache.internal.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One slot's content in the table: a key and its value (or a {@link Loading} marker while the value
 * is being computed). A store with a TTL uses {@link TimedNode}, which adds the write time; without
 * one, nodes leave it out, so that the nodes a lookup reads are smaller (40 bytes instead of 48
 * with compressed references) and more of them stay in the CPU's caches.
 *
 * <p>The key, hash, write time and loading flag are final, so a node is safe to read as soon as a
 * reader has loaded its reference from the table. The value of a completed entry in a store without
 * TTL is replaced in place by later writes ({@link #swapValue}, {@link #casValue}), which may run
 * without the store's lock; a removal under the lock ends the node with {@link #kill}, so that no
 * lock-free write can land in a node that has left the table. Every change of the value is atomic
 * (CAS or get-and-set), and its volatile write pairs with the acquire load in {@link #value()}, so
 * the fields of a value written in place are visible to readers. A {@link Loading} marker's node
 * never changes its value; it is replaced by a new node. The only field a reader writes is {@code
 * visited}, with opaque stores and only when it is not already set, so hits on a hot entry do not
 * keep writing its cache line. The queue links are guarded by the store's lock and never read by
 * lookups.
 */
class Node {
  private static final VarHandle VISITED;
  private static final VarHandle VALUE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      VISITED = lookup.findVarHandle(Node.class, "visited", byte.class);
      VALUE = lookup.findVarHandle(Node.class, "value", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Object key;
  final int hash;

  @SuppressWarnings("FieldMayBeFinal") // written through VALUE
  private Object value;

  /**
   * Whether {@link #value} is a {@link Loading} marker. Kept in the node so that a hit reads only
   * the node's own cache line, never the value object's header, to tell an entry from a marker.
   */
  final boolean loading;

  /**
   * The eviction policy's per-entry access mark (SIEVE: 0 or 1). Written by readers without a lock;
   * read and cleared by the evictor under the lock. Racing a reader's set with the hand's clear can
   * lose one of them, which only shifts one eviction decision, as in the paper's design.
   */
  @SuppressWarnings("unused") // accessed through VISITED
  private byte visited;

  /** Toward the head of the eviction queue (newer entries); guarded by the store's lock. */
  Node newer;

  /** Toward the tail of the eviction queue (older entries); guarded by the store's lock. */
  Node older;

  Node(Object key, int hash, Object value) {
    this.key = key;
    this.hash = hash;
    this.value = value;
    this.loading = value instanceof Loading;
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

  boolean isLoading() {
    return loading;
  }

  /** Marks the entry as accessed; writes only if the mark is not set yet. */
  void markVisited() {
    if ((byte) VISITED.getOpaque(this) == 0) {
      VISITED.setOpaque(this, (byte) 1);
    }
  }

  boolean isVisited() {
    return (byte) VISITED.getOpaque(this) != 0;
  }

  void clearVisited() {
    VISITED.setOpaque(this, (byte) 0);
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
