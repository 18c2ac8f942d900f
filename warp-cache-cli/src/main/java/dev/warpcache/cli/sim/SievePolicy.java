package dev.warpcache.cli.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * A minimal reference SIEVE, written from the pseudocode of the NSDI'24 paper (Zhang et al., "SIEVE
 * is Simpler than LRU: an Efficient Turn-Key Eviction Algorithm for Web Caches", Figure 3): one
 * queue with a head (newest) and a tail (oldest), a visited bit per object, and a hand.
 *
 * <pre>
 * on hit:  obj.visited = 1
 * on miss: if full: evict(); insert obj at the head with visited = 0
 * evict(): o = hand != null ? hand : tail
 *          while o.visited: o.visited = 0; o = o.prev != null ? o.prev : tail
 *          hand = o.prev; remove o
 * </pre>
 *
 * <p>{@code prev} points toward the head, so the hand moves from the tail toward the head, wraps
 * around to the tail, and stays where it stopped for the next eviction. This is the yardstick of
 * warp-cache's real cache, which implements the same algorithm: both must hit on exactly the same
 * requests.
 */
public final class SievePolicy implements Policy {

  private static final class Node {
    final long key;
    boolean visited;

    /** The neighbour toward the head (newer), or {@code null} at the head. */
    Node prev;

    /** The neighbour toward the tail (older), or {@code null} at the tail. */
    Node next;

    Node(long key) {
      this.key = key;
    }
  }

  private final int capacity;
  private final Map<Long, Node> index;
  private Node head;
  private Node tail;
  private Node hand;

  /**
   * Creates an empty SIEVE cache.
   *
   * @param capacity the most keys it holds, at least 1
   */
  public SievePolicy(int capacity) {
    Capacity.check(capacity);
    this.capacity = capacity;
    this.index = new HashMap<>((int) Math.min(1L << 30, (long) (capacity / 0.75f) + 2));
  }

  @Override
  public boolean access(long key) {
    Node node = index.get(key);
    if (node != null) {
      node.visited = true;
      return true;
    }
    if (index.size() >= capacity) {
      evict();
    }
    node = new Node(key);
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
    Node o = hand != null ? hand : tail;
    while (o.visited) {
      o.visited = false;
      o = o.prev != null ? o.prev : tail;
    }
    hand = o.prev;
    remove(o);
  }

  private void remove(Node o) {
    if (o.prev != null) {
      o.prev.next = o.next;
    } else {
      head = o.next;
    }
    if (o.next != null) {
      o.next.prev = o.prev;
    } else {
      tail = o.prev;
    }
    index.remove(o.key);
  }
}
