package dev.warpcache.internal.local;

import dev.warpcache.CacheInfo;
import dev.warpcache.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-process store behind every memory-backend cache and memoized function.
 *
 * <h2>Design</h2>
 *
 * <ul>
 *   <li><b>Table.</b> An open-addressing array of {@link Node}s with linear probing. A lookup reads
 *       the array reference once, then probes with acquire loads; it takes no lock, does no CAS and
 *       allocates nothing. A removed slot becomes a {@link #TOMBSTONE}, so that probe runs stay
 *       intact for concurrent readers, unless the next slot is empty: then no run crosses it and it
 *       is emptied, with the tombstones just before it (see {@link #removeAt}). The array is never
 *       shrunk or reshuffled in place: when it needs to grow or shed tombstones it is rebuilt into
 *       a new array and published with a volatile write, so a reader still on the old array sees a
 *       consistent (if stale) snapshot. At least half of the slots are always {@code null}, so
 *       every probe ends.
 *   <li><b>Writes.</b> Inserting, replacing, removing and evicting happen under one {@link
 *       ReentrantLock}. No user code runs while it is held: keys' {@code hashCode} is computed
 *       before, and {@code equals} is called only between lock holds (see {@link #lockAndLocate}),
 *       so a key whose {@code equals} re-enters this store cannot deadlock it. Loaders run without
 *       the lock; futures are completed after it is released. Without a TTL, a write over a live
 *       entry replaces the node's value in place (see {@link Node#swapValue}); otherwise a write
 *       puts a new node in the slot.
 *   <li><b>Single flight.</b> A miss installs a node whose value is a {@link Loading} marker. Other
 *       callers that miss on the same key wait on its future; if the loader fails they try again.
 *   <li><b>Eviction.</b> An {@link EvictionPolicy} (SIEVE) over the completed entries; a hit only
 *       sets the node's access mark. An expired entry is evicted before anything else.
 *   <li><b>TTL.</b> Expire-after-write, checked on read against the injected {@link Ticker}.
 *   <li><b>Statistics.</b> {@link StatsCounter}: exact, without an atomic read-modify-write on a
 *       hit.
 * </ul>
 *
 * <p>Keys may be {@code null} (stored as a private sentinel) and values may be {@code null}.
 */
public final class LocalStore {

  /** The largest {@code maxSize} the table layout supports. */
  public static final long MAX_SUPPORTED_SIZE = 1L << 28;

  /** Returned by lookups that find no live entry; never a user value. */
  public static final Object ABSENT = new Sentinel("ABSENT");

  /** Computes a value on a miss. May throw anything; the store passes it through unchanged. */
  @FunctionalInterface
  public interface Loader {
    /**
     * Computes the value for {@code key}.
     *
     * @param key the key as given by the caller ({@code null} stays {@code null})
     * @return the value, possibly {@code null}
     */
    Object load(Object key);
  }

  /**
   * Wraps a value that a loader found (in a remote tier) instead of computing it: the store keeps
   * the wrapped value and counts the lookup as a hit found elsewhere, not as a miss and a load.
   *
   * @param value the value found, possibly {@code null}
   * @return the wrapper, to be returned by a {@link Loader} or as the value of an {@link
   *     AsyncLoader}'s future passed to {@link #loadThroughAsync}
   */
  public static Object found(Object value) {
    return new Found(value, 0);
  }

  /**
   * Like {@link #found(Object)}, for a value that has already spent {@code ageNanos} of its time to
   * live elsewhere: the store keeps it as if it had been written that long ago, so that it expires
   * when the other store's copy does.
   *
   * @param value the value found, possibly {@code null}
   * @param ageNanos how long ago, on this store's clock, the value's time to live started; 0 or
   *     more
   * @return the wrapper
   */
  public static Object found(Object value, long ageNanos) {
    return new Found(value, checkedAge(ageNanos));
  }

  /** A value a loader found rather than computed; never stored. */
  private static final class Found {
    final Object value;
    final long ageNanos;

    Found(Object value, long ageNanos) {
      this.value = value;
      this.ageNanos = ageNanos;
    }
  }

  private static final Object NULL_KEY = new Sentinel("null");
  private static final Node TOMBSTONE = new Node(new Sentinel("TOMBSTONE"), 0, null);
  private static final int MIN_CAPACITY = 16;
  private static final int MAX_CAPACITY = 1 << 30;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Node[].class);

  private final long maxSize;
  private final long ttlNanos;
  private final Ticker ticker;
  private final EvictionPolicy policy = new SievePolicy();
  private final StatsCounter stats = new StatsCounter();
  private final ReentrantLock lock = new ReentrantLock();

  /**
   * The current table. Slots are written only under {@link #lock}, with release stores that pair
   * with the acquire loads in {@link #find}; the reference itself is replaced (volatile write) only
   * after the new array is completely filled, and a replaced array is never written again.
   */
  private volatile Node[] table = new Node[MIN_CAPACITY];

  // All guarded by lock.
  private int used; // slots holding a node (entries and loading markers)
  private int tombstones;
  private long size; // completed entries, the ones the policy knows
  private long evictions;
  private int located; // the slot index found by the last lockAndLocate

  /**
   * Creates an empty store.
   *
   * @param maxSize the most completed entries, 1 to {@link #MAX_SUPPORTED_SIZE}
   * @param ttlNanos time to live after a write, or 0 for none
   * @param ticker the time source for TTL
   */
  public LocalStore(long maxSize, long ttlNanos, Ticker ticker) {
    if (maxSize <= 0 || maxSize > MAX_SUPPORTED_SIZE) {
      throw new IllegalArgumentException(
          "maxSize must be between 1 and " + MAX_SUPPORTED_SIZE + ", but was " + maxSize);
    }
    if (ttlNanos < 0) {
      throw new IllegalArgumentException("ttlNanos must not be negative, but was " + ttlNanos);
    }
    this.maxSize = maxSize;
    this.ttlNanos = ttlNanos;
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /**
   * Converts a time to live to nanoseconds, saturating at {@link Long#MAX_VALUE} (about 292 years:
   * never expires in practice) instead of overflowing.
   *
   * @param ttl the time to live
   * @return its length in nanoseconds
   */
  public static long ttlNanos(Duration ttl) {
    try {
      return ttl.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Returns the hash this store uses for {@code key}; calls {@code key.hashCode()}.
   *
   * @param key the key, may be {@code null}
   * @return the spread hash: 30 bits, never negative
   */
  public static int hash(Object key) {
    int h = maskNull(key).hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & Node.HASH_BITS; // the node keeps two flags in the other bits
  }

  // ---------------------------------------------------------------- lookups (no lock)

  /**
   * The hit path: returns the live value for {@code key} and counts a hit, or returns {@link
   * #ABSENT} and counts nothing.
   *
   * @param key the key, may be {@code null}
   * @param hash {@link #hash(Object)} of the key
   * @return the value, or {@link #ABSENT}
   */
  public Object getIfLive(Object key, int hash) {
    Node node = find(maskNull(key), hash);
    if (node != null && !node.isLoading() && !isExpired(node, now())) {
      Object value = node.value();
      if (value != Node.DEAD) { // else removed since find() saw it: absent
        node.markVisited();
        stats.recordHit();
        return value;
      }
    }
    return ABSENT;
  }

  /**
   * Returns the value for {@code key}, running {@code loader} on a miss (once for all concurrent
   * callers of the same key).
   *
   * @param key the key, may be {@code null}
   * @param loader computes the value on a miss
   * @return the value, possibly {@code null}
   */
  public Object get(Object key, Loader loader) {
    int hash = hash(key);
    Object value = getIfLive(key, hash);
    return value != ABSENT ? value : load(key, hash, loader);
  }

  /**
   * Returns the live value for {@code key} or {@link #ABSENT}, counting a hit or a miss.
   *
   * @param key the key, may be {@code null}
   * @return the value, or {@link #ABSENT}
   */
  public Object getIfPresent(Object key) {
    Object value = getIfLive(key, hash(key));
    if (value == ABSENT) {
      stats.recordMiss();
    }
    return value;
  }

  /**
   * Returns the live value for {@code key} or {@link #ABSENT}, without counting and without marking
   * the entry visited.
   *
   * @param key the key, may be {@code null}
   * @return the value, or {@link #ABSENT}
   */
  public Object peek(Object key) {
    Node node = find(maskNull(key), hash(key));
    return node != null ? liveValue(node, now()) : ABSENT;
  }

  private Node find(Object key, int hash) {
    Node[] t = table;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      // Pairs with the setRelease of the slot under the lock: the node's fields are visible.
      Node node = (Node) SLOTS.getAcquire(t, i);
      if (node == null) {
        return null;
      }
      if (node.hash() == hash && node != TOMBSTONE && (node.key == key || key.equals(node.key))) {
        return node;
      }
    }
  }

  // ---------------------------------------------------------------- the miss path

  /*
   * Single flight, shared by the synchronous and the asynchronous miss path:
   *   1. joinOrStart: under the lock, find the key's node. A live entry is a late hit; a node
   *      holding a Loading marker is a computation in flight, to join; otherwise a new node
   *      holding our own marker goes in (in place of an expired entry, if any).
   *   2. The owner of the marker runs the loader without the lock.
   *   3. finish (value) or abandon (failure): under the lock, our node is replaced by the entry or
   *      removed, but only if it is still in the table: an invalidate, put or clear meanwhile wins.
   *   4. After the lock is released, the marker's future is completed, so that no waiter and no
   *      dependent stage ever runs under the lock.
   */

  /**
   * The synchronous miss path: joins the key's computation in flight or runs {@code loader}.
   * Waiting for another thread's computation counts as a hit; if that computation fails, this
   * caller tries again (and may run the loader itself). Running the loader counts as a miss, unless
   * it returns a value wrapped by {@link #found}: that counts as a hit found elsewhere, and the
   * unwrapped value is stored and returned.
   *
   * @param key the key, may be {@code null}
   * @param hash {@link #hash(Object)} of the key
   * @param loader computes the value
   * @return the value, possibly {@code null}
   * @throws IllegalStateException if the loader of this key, on this thread, asks for this key
   */
  public Object load(Object key, int hash, Loader loader) {
    Object masked = maskNull(key);
    for (; ; ) {
      Loading mine = new Loading();
      Node node = joinOrStart(masked, hash, mine);
      if (node.value() == mine) {
        // Inline rather than a helper method: a recursive memoized function spends this frame
        // on every level, so fewer frames mean deeper recursion on the same stack.
        Object value;
        long start = System.nanoTime();
        try {
          value = loader.load(key);
        } catch (Throwable failure) {
          stats.recordMiss();
          stats.recordLoad(false, System.nanoTime() - start);
          abandon(node, failure);
          throw failure;
        }
        long ageNanos = 0;
        if (value instanceof Found found) {
          stats.recordFound();
          value = found.value;
          ageNanos = found.ageNanos;
        } else {
          stats.recordMiss();
          stats.recordLoad(true, System.nanoTime() - start);
        }
        return finish(node, value, ageNanos);
      }
      if (!node.isLoading()) {
        Object value = node.value();
        if (value == Node.DEAD) {
          continue; // removed after joinOrStart found it live: look again
        }
        stats.recordHit();
        return value;
      }
      Loading other = (Loading) node.value();
      if (other.owner == Thread.currentThread()) {
        throw new IllegalStateException(
            "recursive load: the loader of a key asked the same cache for that very key");
      }
      try {
        Object value = other.result.join();
        stats.recordHit();
        return value;
      } catch (CompletionException | CancellationException failed) {
        // That computation failed and left nothing behind: try again.
      }
    }
  }

  /**
   * The asynchronous miss path: joins the key's computation in flight or starts {@code loader}.
   * Every caller gets a future of its own (a {@link CompletableFuture#copy() copy} of the shared
   * one, or a new completed one), so completing or cancelling it changes nothing for the cache or
   * for other callers. Joining counts as a hit, starting as a miss. The value is stored when the
   * loader's future completes normally, and its TTL counts from then; a future that fails or is
   * cancelled stores nothing, and every caller that joined it sees the failure.
   *
   * @param key the key, may be {@code null}
   * @param hash {@link #hash(Object)} of the key
   * @param loader starts the computation; an exception it throws reaches this caller unchanged
   * @return the caller's future of the value
   */
  public CompletableFuture<Object> loadAsync(Object key, int hash, AsyncLoader loader) {
    return loadAsync(key, hash, loader, false);
  }

  /**
   * The asynchronous miss path of a store in front of a remote tier: like {@link #loadAsync}, but
   * the lookup that starts the computation is counted when its future completes, because only then
   * is it known whether the value was found (a future completing with a value wrapped by {@link
   * #found} counts as a hit found elsewhere, and stores the unwrapped value) or computed (a miss
   * and a load). A loader that throws counts as a miss at once.
   *
   * @param key the key, may be {@code null}
   * @param hash {@link #hash(Object)} of the key
   * @param loader starts the lookup and, if need be, the computation
   * @return the caller's future of the value, never of a wrapper
   */
  public CompletableFuture<Object> loadThroughAsync(Object key, int hash, AsyncLoader loader) {
    return loadAsync(key, hash, loader, true);
  }

  private CompletableFuture<Object> loadAsync(
      Object key, int hash, AsyncLoader loader, boolean countAtEnd) {
    Loading mine = new Loading();
    Node joined;
    Object held;
    do { // a live entry found may be removed before its value is read: then look again
      joined = joinOrStart(maskNull(key), hash, mine);
      held = joined.value();
    } while (held == Node.DEAD);
    Node node = joined;
    if (held != mine) {
      stats.recordHit();
      return joined.isLoading()
          ? ((Loading) held).result.copy()
          : CompletableFuture.completedFuture(held);
    }
    if (!countAtEnd) {
      stats.recordMiss();
    }
    long start = System.nanoTime();
    CompletionStage<?> stage;
    try {
      stage = Objects.requireNonNull(loader.load(key), "the async loader returned null");
    } catch (Throwable failure) {
      if (countAtEnd) {
        stats.recordMiss();
      }
      stats.recordLoad(false, System.nanoTime() - start);
      abandon(node, failure);
      throw failure;
    }
    stage.whenComplete(
        (value, failure) -> {
          if (countAtEnd && failure == null && value instanceof Found found) {
            stats.recordFound();
            finish(node, found.value, found.ageNanos);
            return;
          }
          if (countAtEnd) {
            stats.recordMiss();
          }
          stats.recordLoad(failure == null, System.nanoTime() - start);
          if (failure == null) {
            finish(node, value, 0);
          } else {
            abandon(node, unwrap(failure));
          }
        });
    return mine.result.copy();
  }

  /** Starts an asynchronous computation. May throw anything; the store passes it through. */
  @FunctionalInterface
  public interface AsyncLoader {
    /**
     * Starts computing the value for {@code key}.
     *
     * @param key the key as given by the caller ({@code null} stays {@code null})
     * @return the computation; must not be {@code null}
     */
    CompletionStage<?> load(Object key);
  }

  /** Step 1 of the protocol above: returns a live entry, a node in flight, or our new node. */
  private Node joinOrStart(Object masked, int hash, Loading mine) {
    long now = now();
    Node existing = lockAndLocate(masked, hash, new Locator());
    try {
      if (existing != null && existing.isLoading()) {
        return existing;
      }
      if (existing != null && isLive(existing, now)) {
        existing.markVisited();
        return existing;
      }
      Node node = newNode(masked, hash, mine, 0);
      if (existing != null) {
        replaceAt(located, existing, node, now); // it had expired
        evictions++;
      } else {
        insertAt(located, node);
      }
      return node;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Step 3 and 4 for a value: store it if our node is still there, then complete the future. A
   * value that already spent {@code ageNanos} of its time to live elsewhere ({@link #found(Object,
   * long)}) has its write time set back by that much; a computed value passes 0.
   */
  private Object finish(Node mine, Object value, long ageNanos) {
    long now = now(); // the TTL counts from the end of the computation
    Loading loading = (Loading) mine.value();
    Object result = value;
    lock.lock();
    try {
      int i = indexOf(mine);
      if (i >= 0) {
        replaceAt(i, mine, newNode(mine.key, mine.hash(), value, now - ageNanos), now);
      } else if (loading.overwritten) {
        // A write replaced our marker, and it saw no value (it returned null as the previous
        // value): it is ordered before this load, so the call returns what it wrote, not the
        // computed value that was never stored.
        result = loading.overwrittenBy;
      }
    } finally {
      lock.unlock();
    }
    loading.result.complete(result);
    return result;
  }

  /** Step 3 and 4 for a failure: remove our node if it is still there, then fail the future. */
  private void abandon(Node mine, Throwable failure) {
    lock.lock();
    try {
      int i = indexOf(mine);
      if (i >= 0) {
        removeAt(i, mine);
      }
    } finally {
      lock.unlock();
    }
    ((Loading) mine.value()).result.completeExceptionally(failure);
  }

  // ---------------------------------------------------------------- writes

  /**
   * Stores {@code value} under {@code key} as a new entry.
   *
   * @param key the key, may be {@code null}
   * @param value the value, may be {@code null}
   * @return the previous live value, or {@link #ABSENT}
   */
  public Object put(Object key, Object value) {
    return write(key, value, Mode.PUT, 0);
  }

  /**
   * Stores {@code value} unless {@code key} has a live entry.
   *
   * @param key the key, may be {@code null}
   * @param value the value, may be {@code null}
   * @return the live value that prevented the write, or {@link #ABSENT} if written
   */
  public Object putIfAbsent(Object key, Object value) {
    return write(key, value, Mode.PUT_IF_ABSENT, 0);
  }

  /**
   * Like {@link #putIfAbsent(Object, Object)}, for a value that already spent {@code ageNanos} of
   * its time to live elsewhere: it is stored as written that long ago ({@link #found(Object,
   * long)}).
   *
   * @param key the key, may be {@code null}
   * @param value the value, may be {@code null}
   * @param ageNanos how long ago the value's time to live started; 0 or more
   * @return the live value that prevented the write, or {@link #ABSENT} if written
   */
  public Object putIfAbsent(Object key, Object value, long ageNanos) {
    return write(key, value, Mode.PUT_IF_ABSENT, checkedAge(ageNanos));
  }

  private static long checkedAge(long ageNanos) {
    if (ageNanos < 0) {
      throw new IllegalArgumentException("ageNanos must not be negative, but was " + ageNanos);
    }
    return ageNanos;
  }

  /**
   * Stores {@code value} only if {@code key} has a live entry.
   *
   * @param key the key, may be {@code null}
   * @param value the value, may be {@code null}
   * @return the replaced value, or {@link #ABSENT} if nothing was written
   */
  public Object replace(Object key, Object value) {
    return write(key, value, Mode.REPLACE, 0);
  }

  /**
   * Removes {@code key}'s entry, and any computation of it in flight (whose result is then not
   * stored).
   *
   * @param key the key, may be {@code null}
   * @return the removed live value, or {@link #ABSENT}
   */
  public Object remove(Object key) {
    return write(key, null, Mode.REMOVE, 0);
  }

  /**
   * Replaces {@code key}'s live value if it equals {@code expected}; with {@code remove} set,
   * removes the entry instead. {@code equals} runs without the lock.
   *
   * @param key the key, may be {@code null}
   * @param expected the value the entry must hold
   * @param value the new value (ignored when removing)
   * @param remove whether to remove instead of replacing
   * @return whether the entry held {@code expected} and was changed
   */
  public boolean compareAndWrite(Object key, Object expected, Object value, boolean remove) {
    Object masked = maskNull(key);
    int hash = hash(key);
    for (; ; ) {
      Node node = find(masked, hash);
      long now = now();
      Object seen = node != null ? liveValue(node, now) : ABSENT;
      if (seen == ABSENT || !Objects.equals(seen, expected)) {
        return false;
      }
      lock.lock();
      try {
        int i = indexOf(node);
        // The node is still in the table and still holds the value that equals() approved; the CAS
        // makes the check and the change one step against lock-free writes (which only happen
        // without a TTL). If a write came in between, look again.
        if (i >= 0) {
          if (remove) {
            if (node.casValue(seen, Node.DEAD)) {
              removeAt(i, node);
              return true;
            }
          } else if (ttlNanos == 0) {
            if (node.casValue(seen, value)) {
              node.markVisited();
              return true;
            }
          } else if (node.value() == seen) {
            replaceAt(i, node, newNode(masked, hash, value, now), now);
            return true;
          }
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private enum Mode {
    PUT,
    PUT_IF_ABSENT,
    REPLACE,
    REMOVE
  }

  /**
   * Every write of the map API: {@code ageNanos} sets the new entry's write time back (see {@link
   * #found(Object, long)}); it does not apply to a write in place, which only a store without TTL
   * does.
   */
  private Object write(Object key, Object value, Mode mode, long ageNanos) {
    Object masked = maskNull(key);
    int hash = hash(key);
    if (ttlNanos == 0 && (mode == Mode.PUT || mode == Mode.REPLACE)) {
      // Without a TTL a write over a live entry needs no lock: one CAS on the node's value. It
      // fails only on a node that a removal under the lock has killed; then take the lock.
      Node node = find(masked, hash);
      if (node != null && !node.isLoading()) {
        Object previous = node.swapValue(value);
        if (previous != Node.DEAD) {
          node.markVisited(); // a write counts as an access
          return previous;
        }
      }
    }
    long now = now();
    Node existing = lockAndLocate(masked, hash, new Locator());
    try {
      boolean live = existing != null && isLive(existing, now);
      Object previous = live ? existing.value() : ABSENT; // no entry under the lock is DEAD
      boolean writes =
          switch (mode) {
            case PUT -> true;
            case PUT_IF_ABSENT -> !live;
            case REPLACE -> live;
            case REMOVE -> existing != null;
          };
      if (!writes) {
        return previous;
      }
      int i = located;
      if (existing != null && !live && !existing.isLoading()) {
        evictions++; // it had expired
      }
      if (mode == Mode.REMOVE) {
        Object removed = removeAt(i, existing);
        return live ? removed : ABSENT; // what it held when it was killed
      } else if (live && ttlNanos == 0) {
        // In place: no new node, no table store, no queue change. Only without a TTL, where the
        // write time never matters; with one, the queue stays in write order (see makeRoom). The
        // write counts as an access, so the entry survives the hand's next pass. Lock-free writes
        // may race with this one: swapValue returns what it really replaced.
        previous = existing.swapValue(value);
        existing.markVisited();
      } else if (existing != null) {
        if (existing.isLoading()) {
          ((Loading) existing.value()).overwrite(value); // see finish()
        }
        replaceAt(i, existing, newNode(masked, hash, value, now - ageNanos), now);
      } else {
        insertEntry(i, newNode(masked, hash, value, now - ageNanos), now);
      }
      return previous;
    } finally {
      lock.unlock();
    }
  }

  /** Removes every entry and resets the statistics; computations in flight store nothing. */
  public void clear() {
    clear(true);
  }

  /**
   * Removes every entry but keeps the statistics (for a clear that another process asked for);
   * computations in flight store nothing.
   */
  public void clearEntries() {
    clear(false);
  }

  private void clear(boolean resetStats) {
    lock.lock();
    try {
      table = new Node[MIN_CAPACITY];
      used = 0;
      tombstones = 0;
      size = 0;
      policy.clear();
      if (resetStats) {
        evictions = 0;
        stats.reset();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts a lookup answered without this store's entries: a hit found elsewhere (in a remote
   * tier), or a miss.
   *
   * @param found whether the value was found elsewhere
   */
  public void recordLookup(boolean found) {
    if (found) {
      stats.recordFound();
    } else {
      stats.recordMiss();
    }
  }

  // ---------------------------------------------------------------- inspection

  /**
   * Returns a snapshot of the statistics.
   *
   * @return the statistics
   */
  public CacheInfo info() {
    long found = stats.found(); // before the hits, which include them: see recordFound
    long hits = stats.hits();
    long misses = stats.misses();
    lock.lock();
    try {
      return new CacheInfo(
          hits,
          misses,
          evictions,
          maxSize,
          size,
          stats.loadSuccesses(),
          stats.loadFailures(),
          stats.loadNanos(),
          0,
          found,
          0);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the time to live after a write, in nanoseconds of this store's ticker.
   *
   * @return the TTL, or 0 for none
   */
  public long ttlNanos() {
    return ttlNanos;
  }

  /**
   * Returns the number of completed entries, expired ones not yet evicted included.
   *
   * @return the size
   */
  public long size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the number of computations in flight (loading markers in the table).
   *
   * @return the number of keys being loaded now
   */
  public long inFlight() {
    lock.lock();
    try {
      return used - size;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Visits every live entry of a snapshot of the table, weakly consistent with concurrent writes.
   *
   * @param visitor receives each live key (unmasked) and value
   */
  public void forEachLive(EntryVisitor visitor) {
    Node[] t = table;
    long now = now();
    for (int i = 0; i < t.length; i++) {
      Node node = (Node) SLOTS.getAcquire(t, i);
      Object value = node != null && node != TOMBSTONE ? liveValue(node, now) : ABSENT;
      if (value != ABSENT && !visitor.visit(unmaskNull(node.key), value)) {
        return;
      }
    }
  }

  /** Receives entries from {@link #forEachLive}. */
  @FunctionalInterface
  public interface EntryVisitor {
    /**
     * Visits one entry.
     *
     * @param key the key
     * @param value the value
     * @return whether to go on
     */
    boolean visit(Object key, Object value);
  }

  // ---------------------------------------------------------------- table internals (lock held)

  /** Equality results gathered between lock holds by one call of {@link #lockAndLocate}. */
  private static final class Locator {
    Node equal;
    Node[] different; // made on the first unequal key of the same hash: rare, and a write is not
    int differentCount;

    boolean isDifferent(Node node) {
      for (int i = 0; i < differentCount; i++) {
        if (different[i] == node) {
          return true;
        }
      }
      return false;
    }

    void addDifferent(Node node) {
      if (different == null) {
        different = new Node[2];
      } else if (differentCount == different.length) {
        different = Arrays.copyOf(different, differentCount * 2);
      }
      different[differentCount++] = node;
    }
  }

  /**
   * Takes the lock and finds the slot of {@code key}: returns, with the lock held, the node holding
   * an equal key (its slot in {@link #located}), or {@code null} with {@link #located} set to the
   * free slot where the key belongs. Under the lock only hashes and identities are compared; when a
   * node with the same hash but a different key object is met, the lock is released, {@code equals}
   * runs, and the search starts over knowing the answer. An exception from {@code equals}
   * propagates with the lock released.
   */
  private Node lockAndLocate(Object key, int hash, Locator locator) {
    for (; ; ) {
      lock.lock();
      Node candidate = null;
      try {
        ensureRoomForOneMore();
        Node[] t = table;
        int mask = t.length - 1;
        int free = -1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
          Node node = t[i];
          if (node == null) {
            located = free >= 0 ? free : i;
            return null;
          }
          if (node == TOMBSTONE) {
            free = free >= 0 ? free : i;
          } else if (node.hash() == hash) {
            if (node.key == key || node == locator.equal) {
              located = i;
              return node;
            }
            if (!locator.isDifferent(node)) {
              candidate = node;
              break;
            }
          }
        }
      } catch (Throwable t) {
        lock.unlock();
        throw t;
      }
      lock.unlock();
      // User code, without the lock: it may re-enter this store.
      if (key.equals(candidate.key)) {
        locator.equal = candidate;
      } else {
        locator.addDifferent(candidate);
      }
    }
  }

  private int indexOf(Node target) {
    Node[] t = table;
    int mask = t.length - 1;
    for (int i = target.hash() & mask; ; i = (i + 1) & mask) {
      Node node = t[i];
      if (node == target) {
        return i;
      }
      if (node == null) {
        return -1;
      }
    }
  }

  private void insertEntry(int i, Node entry, long now) {
    if (size >= maxSize) {
      makeRoom(now);
      // An eviction may have emptied a slot between the key's home and slot i (see removeAt),
      // which would hide the entry from readers there: take the first free slot from home again.
      i = freeSlotFor(entry.hash());
    }
    insertAt(i, entry);
    policy.onInsert(entry);
    size++;
  }

  private void insertAt(int i, Node node) {
    if (table[i] == TOMBSTONE) {
      tombstones--;
    }
    used++;
    SLOTS.setRelease(table, i, node);
  }

  /**
   * Puts {@code fresh} in slot {@code i} in place of {@code old} with a single store, so that a
   * concurrent reader sees either node and never a gap (a tombstone there would let a probe run on
   * past the key and report it absent while it was present all along).
   */
  private void replaceAt(int i, Node old, Node fresh, long now) {
    if (!old.isLoading()) {
      policy.onRemove(old);
      size--;
    }
    if (!fresh.isLoading()) {
      makeRoom(now); // evicts other entries only: old is out of the policy, fresh not yet in it
    }
    SLOTS.setRelease(table, i, fresh);
    if (!fresh.isLoading()) {
      policy.onInsert(fresh);
      size++;
    }
  }

  /**
   * Removes the node in slot {@code i}; a completed entry is killed first, so that no lock-free
   * write lands in it afterwards.
   *
   * @return the value it held ({@link #ABSENT} for a loading marker)
   */
  private Object removeAt(int i, Node node) {
    Object removed = ABSENT;
    if (!node.isLoading()) {
      removed = node.kill();
      policy.onRemove(node);
      size--;
    }
    used--;
    Node[] t = table;
    int mask = t.length - 1;
    if (t[(i + 1) & mask] == null) {
      // Every resident key has non-null slots from its home up to its own (it was inserted at the
      // first free one, and this rule keeps it so). A key whose run passed through slot i would
      // need slot i + 1 non-null; it is null, so no probe for a resident key crosses slot i, and it
      // may be emptied instead of left as a tombstone, and so may the tombstones just before it.
      // Without this, every eviction left a tombstone, and tombstones forced a full table rebuild
      // every few table-sizes of evictions.
      SLOTS.setRelease(t, i, null);
      for (int j = (i - 1) & mask; t[j] == TOMBSTONE; j = (j - 1) & mask) {
        SLOTS.setRelease(t, j, null);
        tombstones--;
      }
    } else {
      tombstones++;
      SLOTS.setRelease(t, i, TOMBSTONE);
    }
    return removed;
  }

  /** The first empty or tombstone slot from {@code hash}'s home: where a new key goes. */
  private int freeSlotFor(int hash) {
    Node[] t = table;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Node node = t[i];
      if (node == null || node == TOMBSTONE) {
        return i;
      }
    }
  }

  /** Evicts until one more completed entry fits: expired entries first, then SIEVE's victim. */
  private void makeRoom(long now) {
    while (size >= maxSize) {
      Node oldest = policy.oldest();
      Node victim = ttlNanos != 0 && isExpired(oldest, now) ? oldest : policy.victim();
      removeAt(indexOf(victim), victim);
      evictions++;
    }
  }

  /** Keeps at least half the slots null, growing or shedding tombstones by a rebuild. */
  private void ensureRoomForOneMore() {
    Node[] t = table;
    if ((used + tombstones + 1L) * 2 <= t.length) {
      return;
    }
    int capacity = capacityFor(used + 1L);
    Node[] fresh = new Node[capacity];
    int mask = capacity - 1;
    for (Node node : t) {
      if (node != null && node != TOMBSTONE) {
        int i = node.hash() & mask;
        while (fresh[i] != null) {
          i = (i + 1) & mask;
        }
        fresh[i] = node;
      }
    }
    tombstones = 0;
    table = fresh; // volatile write: publishes the filled array to readers' volatile read
  }

  private static int capacityFor(long entries) {
    long wanted = Math.max(MIN_CAPACITY, entries * 4);
    return (int) Math.min(MAX_CAPACITY, Long.highestOneBit(wanted - 1) << 1);
  }

  // ---------------------------------------------------------------- helpers

  private long now() {
    return ttlNanos == 0 ? 0 : ticker.read();
  }

  /** A node for this store: with its write time if the store has a TTL, without otherwise. */
  private Node newNode(Object key, int hash, Object value, long now) {
    return ttlNanos == 0 ? new Node(key, hash, value) : new Node.TimedNode(key, hash, value, now);
  }

  private boolean isExpired(Node node, long now) {
    // With a TTL every node is a TimedNode (newNode), TOMBSTONE aside, which no caller passes.
    return ttlNanos != 0 && now - ((Node.TimedNode) node).writeTime >= ttlNanos;
  }

  /** The node's value if it is a live entry, read once (a removal may kill it at any time). */
  private Object liveValue(Node node, long now) {
    if (node.isLoading() || isExpired(node, now)) {
      return ABSENT;
    }
    Object value = node.value();
    return value == Node.DEAD ? ABSENT : value;
  }

  /** For a node in the table, under the lock: a node there is never DEAD (see removeAt). */
  private boolean isLive(Node node, long now) {
    return !node.isLoading() && !isExpired(node, now);
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  private static Object maskNull(Object key) {
    return key == null ? NULL_KEY : key;
  }

  private static Object unmaskNull(Object key) {
    return key == NULL_KEY ? null : key;
  }

  /** A named marker object. */
  private static final class Sentinel {
    private final String name;

    Sentinel(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
