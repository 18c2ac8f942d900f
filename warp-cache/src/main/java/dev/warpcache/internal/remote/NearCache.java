package dev.warpcache.internal.remote;

import dev.warpcache.ByteSink;
import dev.warpcache.CacheInfo;
import dev.warpcache.CodecException;
import dev.warpcache.RemoteTier;
import dev.warpcache.internal.codec.TaggedCodec;
import dev.warpcache.internal.local.LocalStore;
import dev.warpcache.internal.memo.TieredStore;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One cache name's near store (a {@link LocalStore} in this JVM) in front of a {@link RemoteTier}.
 *
 * <h2>Lookups</h2>
 *
 * <p>A near hit is the memory backend's hit path and never reaches this class. A near miss runs
 * {@link #loadThrough} inside the near store's single flight (one per key in this JVM): encode the
 * key, ask the tier and wait at most {@link RemoteTier#timeout()}; a value found is decoded and
 * returned {@link LocalStore#found wrapped}, so that the store counts a (remote) hit rather than a
 * miss; a remote miss runs the function, and the encoded result is written to the tier without
 * waiting. A tier failure, a timeout or bytes that do not decode count as a remote error and the
 * function runs: no tier error reaches the caller. A key or value whose encoding is over its limit
 * is not written (an oversize skip); the near store keeps it all the same.
 *
 * <h2>Coherence</h2>
 *
 * <p>The tier tells this JVM which keys other JVMs wrote or removed; {@code Listener} removes those
 * keys from the near store, or clears it when the key cannot be decoded or the tier asks for it.
 *
 * <p><b>The race of a fill with an invalidation.</b> A near miss may read {@code v1} from the tier
 * while another JVM writes {@code v2}, whose invalidation can reach this JVM before {@code v1} is
 * stored here; stored after it, {@code v1} would stay stale. Fills that go through the single
 * flight are safe by the store's own protocol: the lookup installs a loading marker for the key
 * <em>before</em> it asks the tier, the invalidation's {@link LocalStore#remove} removes that
 * marker (an invalidation of a key being loaded removes the load, architecture invariant 6), and
 * the load's result is stored only if its marker is still in the table. Both the removal and the
 * store's check run under the store's lock, which orders them: either the invalidation comes first
 * and {@code v1} is not stored, or it comes second and removes {@code v1}. An invalidation that
 * arrives before the marker was installed concerns a write that the tier had completed before this
 * lookup asked it, so the lookup reads {@code v2} or later.
 *
 * <p>A fill outside the single flight ({@link #fillIfUnchanged}, for {@code getIfPresent}) has no
 * marker, so it uses {@code generation}, a counter that every invalidation increments
 * <em>before</em> it touches the store: the fill reads the counter before asking the tier, stores
 * the value, then reads the counter again and removes what it stored if the counter moved. Either
 * the invalidation's removal comes after the fill's store (both under the store's lock), and
 * removes the value; or it comes before, and then the increment, which precedes that removal in the
 * listener's thread, happens-before the fill's store (the lock's release and acquire) and hence
 * before the fill's second read, which sees it (the counter is an {@link AtomicLong}: volatile
 * reads and writes, totally ordered). A moved counter may remove a value that was fine: a miss
 * later, never a stale value.
 */
public final class NearCache implements TieredStore {
  private final String name;
  private final RemoteTier tier;
  private final TaggedCodec codec;
  private final LocalStore near;
  private final KeyForm form;
  private final Duration ttl;
  private final long timeoutNanos;
  private final ThreadLocal<ByteSink> keySinks;
  private final ThreadLocal<ByteSink> valueSinks;
  private final LongAdder remoteErrors = new LongAdder();
  private final LongAdder oversizeSkips = new LongAdder();

  /** Incremented by every invalidation before it changes the store; see the class comment. */
  private final AtomicLong generation = new AtomicLong();

  /**
   * Creates a near cache and subscribes to the tier's invalidations of {@code name}.
   *
   * @param name the cache name, the same in every JVM that shares the entries
   * @param tier the remote tier
   * @param codec encodes keys and values for the tier
   * @param near the near store, used by this cache only
   * @param form how the near store's keys look
   * @param ttl the time to live given to the tier with each value, or {@code null} for none
   * @param maxKeySize the largest key written to the tier, in encoded bytes
   * @param maxValueSize the largest value written to the tier, in encoded bytes
   * @throws IllegalArgumentException if the tier's timeout is not positive
   */
  public NearCache(
      String name,
      RemoteTier tier,
      TaggedCodec codec,
      LocalStore near,
      KeyForm form,
      Duration ttl,
      int maxKeySize,
      int maxValueSize) {
    this.name = Objects.requireNonNull(name, "name");
    this.tier = Objects.requireNonNull(tier, "tier");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.near = Objects.requireNonNull(near, "near");
    this.form = Objects.requireNonNull(form, "form");
    this.ttl = ttl;
    Duration timeout = tier.timeout();
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("the remote tier's timeout must be positive: " + timeout);
    }
    this.timeoutNanos = LocalStore.ttlNanos(timeout);
    this.keySinks = ThreadLocal.withInitial(() -> new ByteSink(64, maxKeySize));
    this.valueSinks = ThreadLocal.withInitial(() -> new ByteSink(256, maxValueSize));
    Listener listener = new Listener(this);
    listener.subscription = tier.subscribe(name, listener);
  }

  /**
   * Returns the near store.
   *
   * @return the store that answers near hits
   */
  @Override
  public LocalStore near() {
    return near;
  }

  // ---------------------------------------------------------------- the miss path

  /**
   * The near store's loader on a miss: the tier's value if it has one (returned {@link
   * LocalStore#found wrapped}), else the function's, written to the tier.
   *
   * @param nearKey the key, as the near store holds it
   * @param function computes the value from the near key
   * @return the value found (wrapped) or computed
   */
  @Override
  public Object loadThrough(Object nearKey, LocalStore.Loader function) {
    byte[] key = encodeKeyToWrite(nearKey);
    long budget = timeoutNanos; // what the tier may still cost this caller, in all
    if (key != null) {
      long start = System.nanoTime();
      RemoteTier.Entry entry = remoteGet(key);
      budget -= System.nanoTime() - start;
      if (entry != null) {
        Object[] decoded = decodeValue(entry.value());
        if (decoded != null) {
          return found(decoded[0], entry);
        }
      }
    }
    Object value = function.load(nearKey);
    if (key != null) {
      // Wait for the write with what is left of one timeout, so that when this call returns,
      // another JVM finds the value (unless the tier is slow, which a caller never waits out).
      write(key, value, budget);
    }
    return value;
  }

  /**
   * The asynchronous form of {@link #loadThrough}, for {@link LocalStore#loadThroughAsync}: the
   * tier's answer is awaited without blocking (failing after the timeout), and the function starts
   * on the thread that completed it, or on the common pool if that was a thread of the tier.
   *
   * @param nearKey the key, as the near store holds it
   * @param function starts computing the value from the near key
   * @return a future of the value found (wrapped) or computed
   */
  @Override
  public CompletionStage<?> loadThroughAsync(Object nearKey, LocalStore.AsyncLoader function) {
    byte[] key = encodeKeyToWrite(nearKey);
    if (key == null) {
      return writeWhenDone(null, function.load(nearKey));
    }
    CompletableFuture<RemoteTier.Entry> pending = remoteGetAsync(key);
    // Go on here if the tier answered already; never run the function on a thread of the tier.
    Executor executor;
    if (pending.isDone()) {
      executor = Runnable::run;
    } else {
      executor = ForkJoinPool.commonPool();
    }
    return pending
        .handleAsync((entry, failure) -> failure == null ? entry : countError(), executor)
        .thenCompose(entry -> afterGet(nearKey, key, entry, function));
  }

  private CompletionStage<Object> afterGet(
      Object nearKey, byte[] key, RemoteTier.Entry entry, LocalStore.AsyncLoader function) {
    if (entry != null) {
      Object[] decoded = decodeValue(entry.value());
      if (decoded != null) {
        return CompletableFuture.completedFuture(found(decoded[0], entry));
      }
    }
    return writeWhenDone(key, function.load(nearKey));
  }

  /** Writes the value of {@code stage} to the tier when it completes normally, if key is set. */
  private CompletionStage<Object> writeWhenDone(byte[] key, CompletionStage<?> stage) {
    Objects.requireNonNull(stage, "the async loader returned null");
    return stage.thenApply(
        value -> {
          if (key != null) {
            write(key, value, 0); // an async caller is not held up by the tier
          }
          return value;
        });
  }

  // ---------------------------------------------------------------- explicit writes

  /**
   * Reads a key from the tier for a lookup that does not load ({@code getIfPresent}) and keeps what
   * it finds in the near store unless an invalidation came meanwhile; counts the lookup.
   *
   * @param nearKey the key, as the near store holds it
   * @return the value, or {@link LocalStore#ABSENT}
   */
  public Object fillIfUnchanged(Object nearKey) {
    long before = generation.get();
    byte[] key = encodeKey(nearKey);
    RemoteTier.Entry entry = key == null ? null : remoteGet(key);
    Object[] decoded = entry == null ? null : decodeValue(entry.value());
    if (decoded == null) {
      near.recordLookup(false);
      return LocalStore.ABSENT;
    }
    near.recordLookup(true);
    near.putIfAbsent(nearKey, decoded[0], ageNanos(entry));
    if (generation.get() != before) {
      near.remove(nearKey); // an invalidation may have been ordered before our store: see above
    }
    return decoded[0];
  }

  /**
   * Stores a value here and in the tier (waiting at most the timeout), for {@code Cache.put}. A
   * value over the limit is not written, and the tier's older value of the key is removed instead.
   *
   * @param nearKey the key, as the near store holds it
   * @param value the value
   */
  public void put(Object nearKey, Object value) {
    byte[] key = encodeKeyToWrite(nearKey); // first: a key no codec handles changes nothing
    near.put(nearKey, value);
    if (key == null) {
      return;
    }
    byte[] bytes = encodeValue(value);
    await(
        bytes == null
            ? send(() -> tier.invalidate(name, key))
            : send(() -> tier.put(name, key, bytes, ttl)));
  }

  /**
   * Removes a key here and from the tier (waiting at most the timeout), for {@code invalidate}.
   *
   * @param nearKey the key, as the near store holds it
   */
  public void invalidate(Object nearKey) {
    byte[] key = encodeKey(nearKey);
    near.remove(nearKey);
    if (key != null) {
      await(send(() -> tier.invalidate(name, key)));
    }
  }

  /**
   * Empties the near store and resets the statistics, then removes every value of the cache name
   * from the tier (waiting at most the timeout), which makes every other JVM drop its near copies.
   */
  @Override
  public void clear() {
    generation.incrementAndGet();
    near.clear();
    remoteErrors.reset();
    oversizeSkips.reset();
    await(send(() -> tier.clear(name)));
  }

  /**
   * Returns the statistics: those of the near store, with the remote hits among its hits, and the
   * remote errors and oversize skips of this JVM.
   *
   * @return the statistics
   */
  @Override
  public CacheInfo info() {
    CacheInfo local = near.info();
    return new CacheInfo(
        local.hits(),
        local.misses(),
        local.evictions(),
        local.maxSize(),
        local.currentSize(),
        local.loadSuccesses(),
        local.loadFailures(),
        local.totalLoadTimeNanos(),
        oversizeSkips.sum(),
        local.remoteHits(),
        remoteErrors.sum());
  }

  // ---------------------------------------------------------------- the tier

  /*
   * Every tier command goes through send(), which counts a command that throws or returns no
   * future. A command's failure is then counted exactly once, by whoever consumes its future:
   * remoteGet and await count a failure or a timeout of their bounded wait, the asynchronous get
   * counts in its handler, and a write nobody waits for counts in a completion callback.
   */

  /**
   * Wraps a value filled from the tier for the near store: a copy of a value that the tier keeps
   * for {@code remaining} more is stored as written {@code ttl - remaining} ago, so that it expires
   * with the tier's, not a whole TTL after the fill (when the two TTLs are the same, as they are
   * when every JVM configures the cache alike).
   */
  private Object found(Object value, RemoteTier.Entry entry) {
    return LocalStore.found(value, ageNanos(entry));
  }

  /** How much of the near TTL a value read from the tier has spent there: 0 when unknown. */
  private long ageNanos(RemoteTier.Entry entry) {
    long ttlNanos = near.ttlNanos();
    if (ttlNanos == 0 || entry.remaining() == null) {
      return 0;
    }
    return ttlNanos - Math.min(LocalStore.ttlNanos(entry.remaining()), ttlNanos);
  }

  /** Returns the tier's entry for a key, or null if it has none, failed or timed out. */
  private RemoteTier.Entry remoteGet(byte[] key) {
    CompletableFuture<RemoteTier.Entry> future = send(() -> tier.getEntry(name, key));
    if (future == null) {
      return null;
    }
    try {
      return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller sees the flag; the function still runs
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // a remote error: counted below
    }
    return countError();
  }

  /**
   * Returns a future of the tier's entry that fails after the timeout at the latest, or of null if
   * the command could not be sent (already counted).
   */
  private CompletableFuture<RemoteTier.Entry> remoteGetAsync(byte[] key) {
    CompletableFuture<RemoteTier.Entry> future = send(() -> tier.getEntry(name, key));
    if (future == null) {
      return CompletableFuture.completedFuture(null);
    }
    // A copy, so that the timeout fails our future and leaves the tier's alone.
    return future.copy().orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Writes a computed value to the tier, counting a failure whenever it comes, and waits for the
   * write at most {@code waitNanos} (not at all when it is zero or less).
   */
  private void write(byte[] key, Object value, long waitNanos) {
    byte[] bytes = encodeValue(value);
    if (bytes == null) {
      return;
    }
    CompletableFuture<Void> future = send(() -> tier.put(name, key, bytes, ttl));
    if (future == null) {
      return;
    }
    future.whenComplete(
        (ignored, failure) -> {
          if (failure != null) {
            countError();
          }
        });
    if (waitNanos > 0) {
      try {
        future.get(waitNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        // a failure is counted by the callback above; a write still running may yet land
      }
    }
  }

  /** Sends a command; returns null and counts a remote error if it throws or returns null. */
  private <T> CompletableFuture<T> send(Command<T> command) {
    CompletableFuture<T> future;
    try {
      future = command.send();
    } catch (RuntimeException e) {
      future = null;
    }
    if (future == null) {
      countError();
    }
    return future;
  }

  /** Waits at most the timeout for a command sent by {@link #send}; counts its failure. */
  private void await(CompletableFuture<?> future) {
    if (future == null) {
      return;
    }
    try {
      future.get(timeoutNanos, TimeUnit.NANOSECONDS);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // a remote error: counted below (after a timeout the write may still land)
    }
    countError();
  }

  @FunctionalInterface
  private interface Command<T> {
    CompletableFuture<T> send();
  }

  /** Counts a remote error; returns null, the answer of a tier that failed. */
  private <T> T countError() {
    remoteErrors.increment();
    return null;
  }

  // ---------------------------------------------------------------- encoding

  /** {@link #encodeKey}, counting an oversize skip if the key is over the limit. */
  private byte[] encodeKeyToWrite(Object nearKey) {
    byte[] key = encodeKey(nearKey);
    if (key == null) {
      oversizeSkips.increment(); // a value of this key will not be written to the tier
    }
    return key;
  }

  /**
   * Encodes a near key for the tier; null if it is over the limit (which a lookup or a removal does
   * not count: nothing is skipped).
   *
   * @throws CodecException if the key has a type that no codec handles (as with the shared backend:
   *     a configuration error, reported to the caller)
   */
  private byte[] encodeKey(Object nearKey) {
    ByteSink sink = keySinks.get().reset();
    try {
      form.encode(codec, nearKey, sink);
    } catch (CodecException e) {
      if (sink.isOverLimit()) {
        return null;
      }
      throw e;
    }
    // A copy: the tier may keep the array, and the function may reuse this thread's sink.
    return Arrays.copyOf(sink.array(), sink.size());
  }

  /** Encodes a value for the tier; null, counted as an oversize skip, if it is over the limit. */
  private byte[] encodeValue(Object value) {
    ByteSink sink = valueSinks.get().reset();
    try {
      codec.encode(value, sink);
    } catch (CodecException e) {
      return overLimit(sink, e);
    }
    return Arrays.copyOf(sink.array(), sink.size());
  }

  private byte[] overLimit(ByteSink sink, CodecException e) {
    if (!sink.isOverLimit()) {
      throw e;
    }
    oversizeSkips.increment();
    return null;
  }

  /**
   * Decodes the tier's bytes into a one-element array (the value may be null); returns null and
   * counts a remote error if they cannot be decoded, whatever the codec threw.
   */
  private Object[] decodeValue(byte[] bytes) {
    try {
      return new Object[] {codec.decode(bytes, 0, bytes.length)};
    } catch (RuntimeException | StackOverflowError e) {
      countError();
      return null;
    }
  }

  // ---------------------------------------------------------------- invalidations

  /** An invalidation: see the class comment for why the counter moves before the store changes. */
  private void invalidated(byte[] key) {
    Object nearKey;
    try {
      nearKey = form.nearKey(codec.decode(key, 0, key.length));
    } catch (RuntimeException | StackOverflowError e) {
      invalidatedAll(); // cannot tell which entry is stale: drop them all
      return;
    }
    generation.incrementAndGet();
    try {
      near.remove(nearKey);
    } catch (RuntimeException | StackOverflowError e) {
      near.clearEntries(); // the key's hashCode or equals failed
    }
  }

  /** Another JVM cleared the cache, or the tier may have missed invalidations: drop every entry. */
  private void invalidatedAll() {
    generation.incrementAndGet();
    near.clearEntries(); // entries only: the statistics are this JVM's, not reset by another
  }

  /**
   * The tier's listener. It holds the near cache weakly, so that a cache the application dropped
   * can be collected although the tier lives on; the subscription is then closed at the next
   * invalidation.
   */
  private static final class Listener implements RemoteTier.InvalidationListener {
    private final WeakReference<NearCache> cache;
    volatile RemoteTier.Subscription subscription;

    Listener(NearCache cache) {
      this.cache = new WeakReference<>(cache);
    }

    @Override
    public void invalidated(byte[] key) {
      NearCache target = target();
      if (target != null) {
        target.invalidated(key);
      }
    }

    @Override
    public void invalidatedAll() {
      NearCache target = target();
      if (target != null) {
        target.invalidatedAll();
      }
    }

    private NearCache target() {
      NearCache target = cache.get();
      RemoteTier.Subscription current = subscription;
      if (target == null && current != null) {
        current.close();
      }
      return target;
    }
  }
}
