package dev.warpcache;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A tiny single-threaded reference SIEVE, written from the pseudocode of the NSDI'24 paper (Zhang
 * et al., "SIEVE is Simpler than LRU", Figure 3): a doubly linked queue with a head (newest) and a
 * tail (oldest), a {@code visited} bit per entry, a hand, and a hash map from key to node.
 *
 * <pre>
 * on hit:  node.visited = true
 * on miss: if full: evict(); insert the new node at the head with visited = false
 * evict(): o = hand != null ? hand : tail
 *          while o.visited: o.visited = false; o = o.prev != null ? o.prev : tail
 *          hand = o.prev; remove o
 * </pre>
 *
 * <p>{@code prev} points toward the head, so the hand moves from the tail toward the head and wraps
 * around to the tail. It has no TTL, no removal by the user and no thread safety: it exists only to
 * be compared with the real store, access by access.
 *
 * @param <K> the key type; {@code null} is allowed
 */
final class SieveModel<K> {

  private static final class Node<K> {
    final K key;
    boolean visited;

    /** The neighbour toward the head (newer), or {@code null} at the head. */
    Node<K> prev;

    /** The neighbour toward the tail (older), or {@code null} at the tail. */
    Node<K> next;

    Node(K key) {
      this.key = key;
    }
  }

  private final int maxSize;
  private final Map<K, Node<K>> index = new HashMap<>();
  private Node<K> head;
  private Node<K> tail;
  private Node<K> hand;
  private long hits;
  private long misses;
  private long evictions;

  SieveModel(int maxSize) {
    if (maxSize <= 0) {
      throw new IllegalArgumentException("maxSize must be positive, but was " + maxSize);
    }
    this.maxSize = maxSize;
  }

  /**
   * Requests {@code key}, as {@code cache.get(key, loader)} does.
   *
   * @return {@code true} on a hit, {@code false} on a miss (the key was inserted)
   */
  boolean access(K key) {
    Node<K> node = index.get(key);
    if (node != null) {
      hits++;
      node.visited = true;
      return true;
    }
    misses++;
    if (index.size() >= maxSize) {
      evict();
    }
    node = new Node<>(key);
    node.next = head;
    if (head != null) {
      head.prev = node;
    }
    head = node;
    if (tail == null) {
      tail = node;
    }
    index.put(key, node);
    return false;
  }

  private void evict() {
    Node<K> o = hand != null ? hand : tail;
    while (o.visited) {
      o.visited = false;
      o = o.prev != null ? o.prev : tail;
    }
    hand = o.prev;
    unlink(o);
    index.remove(o.key);
    evictions++;
  }

  private void unlink(Node<K> node) {
    if (node.prev != null) {
      node.prev.next = node.next;
    } else {
      head = node.next;
    }
    if (node.next != null) {
      node.next.prev = node.prev;
    } else {
      tail = node.prev;
    }
    node.prev = null;
    node.next = null;
  }

  /** Returns the keys present, from the head (newest) to the tail (oldest). */
  Set<K> keys() {
    Set<K> keys = new LinkedHashSet<>();
    for (Node<K> n = head; n != null; n = n.next) {
      keys.add(n.key);
    }
    return keys;
  }

  /** Returns whether {@code key} is present, without touching its visited bit. */
  boolean contains(K key) {
    return index.containsKey(key);
  }

  int size() {
    return index.size();
  }

  long hits() {
    return hits;
  }

  long misses() {
    return misses;
  }

  long evictions() {
    return evictions;
  }
}
