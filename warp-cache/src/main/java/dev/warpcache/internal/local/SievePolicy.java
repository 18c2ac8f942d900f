package dev.warpcache.internal.local;

/**
 * SIEVE (Zhang et al., NSDI'24): one FIFO queue and a hand.
 *
 * <p>New entries enter at the head unvisited; a hit sets the entry's visited mark (done by the
 * reader, see {@link Node#markVisited()}). To evict, the hand moves from where it last stopped (the
 * tail at first) toward the head, clearing visited marks, and evicts the first unvisited entry;
 * past the head it wraps to the tail. The hand stays at the evicted entry's newer neighbour for the
 * next eviction. Entries never move in the queue, so the queue is also the order in which entries
 * were written: the tail is the oldest write.
 */
final class SievePolicy implements EvictionPolicy {
  private Node head;
  private Node tail;
  private Node hand;

  @Override
  public void onInsert(Node node) {
    node.older = head;
    node.newer = null;
    if (head != null) {
      head.newer = node;
    }
    head = node;
    if (tail == null) {
      tail = node;
    }
  }

  @Override
  public void onRemove(Node node) {
    if (hand == node) {
      hand = node.newer;
    }
    if (node.newer != null) {
      node.newer.older = node.older;
    } else {
      head = node.older;
    }
    if (node.older != null) {
      node.older.newer = node.newer;
    } else {
      tail = node.newer;
    }
    node.newer = null;
    node.older = null;
  }

  @Override
  public Node victim() {
    Node candidate = hand != null ? hand : tail;
    while (candidate.isVisited()) {
      candidate.clearVisited();
      candidate = candidate.newer != null ? candidate.newer : tail;
    }
    hand = candidate;
    return candidate;
  }

  @Override
  public Node oldest() {
    return tail;
  }

  @Override
  public void clear() {
    head = null;
    tail = null;
    hand = null;
  }
}
