package dev.warpcache.internal.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One slot's content in the table: a key, its value (or a {@link Loading} marker while the value is
 * being computed) and the time it was written.
 *
 * <p>Everything a lookup reads is final, so a node is safe to read as soon as a reader has loaded
 * its reference from the table. The only field a reader writes is {@code visited}, with opaque
 * stores and only when it is not already set, so hits on a hot entry do not keep writing its cache
 * line. The queue links are guarded by the store's lock and never read by lookups.
 */
final class Node {
  private static final VarHandle VISITED;

  static {
    try {
      VISITED = MethodHandles.lookup().findVarHandle(Node.class, "visited", byte.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Object key;
  final int hash;
  final Object value;
  final long writeTime;

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

  Node(Object key, int hash, Object value, long writeTime) {
    this.key = key;
    this.hash = hash;
    this.value = value;
    this.writeTime = writeTime;
    this.loading = value instanceof Loading;
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
}
