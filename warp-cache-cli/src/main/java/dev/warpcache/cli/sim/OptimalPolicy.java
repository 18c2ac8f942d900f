package dev.warpcache.cli.sim;

import java.util.Arrays;
import java.util.BitSet;

/**
 * OPT, Belady's optimal policy: it knows the whole trace and, when full, evicts the key whose next
 * request is farthest in the future. A key that is never requested again, or whose next request
 * comes after that of every cached key, is not stored at all (the incoming key is a candidate for
 * eviction like the others), which makes this the optimum also for policies that may decline a key,
 * as Caffeine's admission filter does. It is the upper limit of every policy's hit ratio.
 *
 * <p>It must see the requests of its trace in order, from the first: {@link #access} checks that
 * each key is the trace's next one. Each request costs O(log n): the next request of every cached
 * key is kept in a max-heap of positions (all distinct, so there are no ties), and an entry that a
 * hit made stale is dropped lazily when it reaches the top.
 */
public final class OptimalPolicy implements Policy {

  private final int capacity;
  private final boolean storeEveryMiss;
  private final long[] keys;
  private final int[] nextUses;

  /** The next requests of the cached keys: position {@code p} is cached iff the bit is set. */
  private final BitSet cachedNextUse;

  /**
   * Max-heap of the next-use positions of cached keys, plus stale entries (at most the present).
   */
  private int[] heap;

  private int heapSize;
  private int size;
  private int position;

  /**
   * Creates an OPT cache for one replay of {@code trace}.
   *
   * @param capacity the most keys it holds, at least 1
   * @param trace the trace whose requests will be replayed, in order
   */
  public OptimalPolicy(int capacity, Trace trace) {
    this(capacity, trace, false);
  }

  /**
   * Creates an OPT cache that may decline keys, or, with {@code storeEveryMiss}, the textbook
   * demand-paging variant that stores every missed key (evicting among the cached keys only).
   */
  OptimalPolicy(int capacity, Trace trace, boolean storeEveryMiss) {
    Capacity.check(capacity);
    this.capacity = capacity;
    this.storeEveryMiss = storeEveryMiss;
    this.keys = trace.keysUnsafe();
    this.nextUses = trace.nextUses();
    this.cachedNextUse = new BitSet(keys.length);
    this.heap = new int[Math.min(2 * capacity + 16, 2 * keys.length + 16)];
  }

  @Override
  public boolean access(long key) {
    int now = position;
    if (now >= keys.length || keys[now] != key) {
      throw new IllegalStateException(
          "OPT must replay its own trace in order: request "
              + now
              + (now < keys.length ? " is key " + keys[now] : " is past the end")
              + ", not "
              + key);
    }
    position++;
    // A request with no next use gets a distinct position after every real one.
    int next = nextUses[now] >= 0 ? nextUses[now] : keys.length + now;
    if (cachedNextUse.get(now)) {
      cachedNextUse.clear(now); // its heap entry (now) is stale from here on
      keep(next);
      return true;
    }
    if (size < capacity) {
      size++;
      keep(next);
      return false;
    }
    dropStaleTop(now);
    int farthest = heap[0];
    if (storeEveryMiss || next < farthest) {
      popTop();
      if (farthest < keys.length) {
        cachedNextUse.clear(farthest);
      }
      keep(next);
    } // else: the new key is the one needed farthest in the future; it is not stored
    return false;
  }

  private void keep(int next) {
    if (next < keys.length) {
      cachedNextUse.set(next);
    }
    if (heapSize == heap.length) {
      compact();
    }
    push(next);
  }

  /** Entries at or before the present belong to keys that were hit since; they are stale. */
  private void dropStaleTop(int now) {
    while (heap[0] <= now) {
      popTop();
    }
  }

  /** Drops every stale entry, or grows the heap if there are none to drop. */
  private void compact() {
    int now = position - 1;
    int kept = 0;
    for (int i = 0; i < heapSize; i++) {
      if (heap[i] > now) {
        heap[kept++] = heap[i];
      }
    }
    heapSize = kept;
    if (heapSize > heap.length / 2) {
      heap = Arrays.copyOf(heap, heap.length * 2);
    }
    for (int i = heapSize / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  private void push(int value) {
    int i = heapSize++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] >= value) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = value;
  }

  private void popTop() {
    heapSize--;
    if (heapSize > 0) {
      heap[0] = heap[heapSize];
      siftDown(0);
    }
  }

  private void siftDown(int start) {
    int i = start;
    int value = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= heapSize) {
        break;
      }
      if (child + 1 < heapSize && heap[child + 1] > heap[child]) {
        child++;
      }
      if (heap[child] <= value) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = value;
  }
}
