package dev.warpcache.internal.local;

/**
 * Chooses which completed entry leaves the cache when it is full. Every method is called with the
 * store's lock held; the hit path never calls the policy, it only sets the node's access mark.
 */
interface EvictionPolicy {

  /** A new entry entered the cache. */
  void onInsert(Node node);

  /** An entry left the cache (evicted, invalidated, replaced or expired). */
  void onRemove(Node node);

  /** Returns the entry to evict next; the store then removes it with {@link #onRemove}. */
  Node victim();

  /** Returns the entry that was inserted longest ago, or {@code null} if there is none. */
  Node oldest();

  /** Forgets every entry. */
  void clear();
}
