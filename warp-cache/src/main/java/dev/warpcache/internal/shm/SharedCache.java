package dev.warpcache.internal.shm;

import dev.warpcache.ByteSink;
import dev.warpcache.CacheInfo;
import dev.warpcache.CodecException;
import dev.warpcache.Ticker;
import dev.warpcache.internal.codec.TaggedCodec;
import dev.warpcache.internal.codec.XxHash64;
import dev.warpcache.internal.local.LocalStore;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A memoizing front of a {@link SharedStore}: encodes keys with the codec, looks them up in the
 * region, decodes hits, and on a miss runs the loader once per key in this process (concurrent
 * misses of this process on one key wait for it), then stores the encoded value for every process.
 *
 * <p>A key or value whose encoding is over its limit is not stored: the call still returns the
 * computed value, and the region counts an oversize skip.
 */
public final class SharedCache implements AutoCloseable {
  private final SharedStore store;
  private final TaggedCodec codec;
  private final Ticker ticker;
  private final boolean expires;
  private final ThreadLocal<ByteSink> keySinks;
  private final ThreadLocal<ByteSink> valueSinks;
  private final ConcurrentHashMap<EncodedKey, CompletableFuture<Object>> inFlight =
      new ConcurrentHashMap<>();
  private final LongAdder loadSuccesses = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder loadNanos = new LongAdder();

  /**
   * Wraps an open store.
   *
   * @param store the region
   * @param codec encodes keys and values
   * @param ticker the clock of TTLs; every process on the region must use the same clock
   * @param maxKeySize the key limit, as the region was created with
   * @param maxValueSize the value limit, as the region was created with
   */
  public SharedCache(
      SharedStore store, TaggedCodec codec, Ticker ticker, int maxKeySize, int maxValueSize) {
    this.store = store;
    this.codec = codec;
    this.ticker = ticker;
    this.expires = store.expires();
    this.keySinks = ThreadLocal.withInitial(() -> new ByteSink(64, maxKeySize));
    this.valueSinks = ThreadLocal.withInitial(() -> new ByteSink(256, maxValueSize));
  }

  /**
   * Opens (or creates) the region {@code name} and wraps it.
   *
   * @param directory the region directory, or {@code null} for {@link
   *     RegionFiles#defaultDirectory()}
   * @param name the cache name
   * @param maxSize the number of slots
   * @param maxKeySize the largest key in encoded bytes
   * @param maxValueSize the largest value in encoded bytes
   * @param ttlNanos the time to live, or 0
   * @param ticker the clock of TTLs
   * @param codec encodes keys and values
   * @return the cache
   * @throws java.io.UncheckedIOException if the directory or file cannot be used
   * @throws IllegalArgumentException if a parameter is out of range
   * @throws IllegalStateException if the region exists with other parameters or is not a region
   */
  public static SharedCache open(
      java.nio.file.Path directory,
      String name,
      long maxSize,
      int maxKeySize,
      int maxValueSize,
      long ttlNanos,
      Ticker ticker,
      TaggedCodec codec) {
    java.nio.file.Path dir = directory != null ? directory : RegionFiles.defaultDirectory();
    try {
      SharedStore store = SharedStore.open(dir, name, maxSize, maxKeySize, maxValueSize, ttlNanos);
      return new SharedCache(store, codec, ticker, maxKeySize, maxValueSize);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot open the shared cache \"" + name + "\" in " + dir, e);
    }
  }

  /**
   * Returns the value of a key, loading it on a miss.
   *
   * @param key the key: one argument, or the argument list when {@code isArgs}
   * @param isArgs whether {@code key} is an argument list ({@code Object[]})
   * @param loader computes the value on a miss; receives {@code key}
   * @return the value
   */
  public Object get(Object key, boolean isArgs, LocalStore.Loader loader) {
    for (; ; ) {
      ByteSink sink = encodedKey(key, isArgs);
      if (sink == null) {
        store.countOversizeMiss();
        return load(key, loader);
      }
      long hash = XxHash64.hash(sink.array(), 0, sink.size());
      byte[] value = store.get(sink.array(), sink.size(), hash, readClock());
      if (value != null) {
        return codec.decode(value, 0, value.length);
      }
      // The loader may use this cache again on this thread, which reuses the sink: keep a copy.
      EncodedKey encoded = new EncodedKey(Arrays.copyOf(sink.array(), sink.size()), hash);
      CompletableFuture<Object> mine = new CompletableFuture<>();
      CompletableFuture<Object> other = inFlight.putIfAbsent(encoded, mine);
      if (other != null) {
        Object joined;
        try {
          joined = other.join();
        } catch (CompletionException failed) {
          store.uncountMiss(); // the retry counts this call
          continue; // that load failed: try again
        }
        store.countJoinAsHit(); // as in memory: a call that waited for another's load is a hit
        return joined;
      }
      try {
        Object computed = load(key, loader);
        putEncoded(encoded, computed);
        mine.complete(computed);
        return computed;
      } catch (Throwable failure) {
        mine.completeExceptionally(failure);
        throw failure;
      } finally {
        inFlight.remove(encoded, mine);
      }
    }
  }

  /**
   * Returns a future of the value of a key, starting {@code loader} on a miss; concurrent misses of
   * this process on one key share one computation (each caller gets its own copy of the future).
   * The value is stored for every process when the loader's future completes normally; a failed or
   * cancelled one stores nothing.
   *
   * @param key the key: one argument, or the argument list when {@code isArgs}
   * @param isArgs whether {@code key} is an argument list ({@code Object[]})
   * @param loader starts the computation on a miss; receives {@code key}
   * @return the caller's own future
   */
  public CompletableFuture<Object> getAsync(
      Object key, boolean isArgs, LocalStore.AsyncLoader loader) {
    ByteSink sink = encodedKey(key, isArgs);
    if (sink == null) {
      store.countOversizeMiss();
      return start(key, loader, null);
    }
    long hash = XxHash64.hash(sink.array(), 0, sink.size());
    byte[] value = store.get(sink.array(), sink.size(), hash, readClock());
    if (value != null) {
      return CompletableFuture.completedFuture(codec.decode(value, 0, value.length));
    }
    EncodedKey encoded = new EncodedKey(Arrays.copyOf(sink.array(), sink.size()), hash);
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> other = inFlight.putIfAbsent(encoded, mine);
    if (other != null) {
      store.countJoinAsHit(); // a caller that joins another's computation counts as a hit
      return other.copy();
    }
    CompletableFuture<Object> started;
    try {
      started = start(key, loader, encoded);
    } catch (Throwable failure) {
      inFlight.remove(encoded, mine);
      mine.completeExceptionally(failure); // callers that joined meanwhile see it too
      throw failure;
    }
    started.whenComplete(
        (v, failure) -> {
          inFlight.remove(encoded, mine);
          if (failure == null) {
            mine.complete(v);
          } else {
            mine.completeExceptionally(failure);
          }
        });
    return mine.copy();
  }

  /** Runs an async loader, counts the load, and stores the value when {@code encoded} is set. */
  private CompletableFuture<Object> start(
      Object key, LocalStore.AsyncLoader loader, EncodedKey encoded) {
    long begin = System.nanoTime();
    java.util.concurrent.CompletionStage<?> stage;
    try {
      stage = java.util.Objects.requireNonNull(loader.load(key), "the async loader returned null");
    } catch (Throwable failure) {
      loadFailures.increment();
      loadNanos.add(System.nanoTime() - begin);
      throw failure;
    }
    CompletableFuture<Object> result = new CompletableFuture<>();
    stage.whenComplete(
        (value, failure) -> {
          loadNanos.add(System.nanoTime() - begin);
          if (failure != null) {
            loadFailures.increment();
            result.completeExceptionally(
                failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure);
            return;
          }
          loadSuccesses.increment();
          try {
            if (encoded != null) {
              putEncoded(encoded, value);
            }
            result.complete(value);
          } catch (RuntimeException e) {
            result.completeExceptionally(e); // e.g. no codec for the value's type
          }
        });
    return result;
  }

  private Object load(Object key, LocalStore.Loader loader) {
    long start = System.nanoTime();
    try {
      Object value = loader.load(key);
      loadSuccesses.increment();
      return value;
    } catch (Throwable failure) {
      loadFailures.increment();
      throw failure;
    } finally {
      loadNanos.add(System.nanoTime() - start);
    }
  }

  private void putEncoded(EncodedKey key, Object value) {
    ByteSink sink = valueSinks.get().reset();
    try {
      codec.encode(value, sink);
    } catch (CodecException e) {
      if (sink.isOverLimit()) {
        store.countOversizeSkip();
        return;
      }
      throw e;
    }
    store.put(key.bytes, key.bytes.length, key.hash, sink.array(), sink.size(), ticker.read());
  }

  /** Encodes into {@code sink}; false if the key is over the limit. */
  private boolean encode(Object key, boolean isArgs, ByteSink sink) {
    try {
      if (isArgs) {
        codec.encodeArgs((Object[]) key, sink);
      } else {
        codec.encode(key, sink);
      }
      return true;
    } catch (CodecException e) {
      if (sink.isOverLimit()) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Encodes a key into an array of its own, for the map view and the cache object.
   *
   * @param key the key
   * @return the key bytes, or {@code null} if the encoding is over the key limit
   * @throws CodecException if no codec handles the key's type
   */
  byte[] encodeKey(Object key) {
    ByteSink sink = encodedKey(key, false);
    return sink == null ? null : Arrays.copyOf(sink.array(), sink.size());
  }

  /**
   * Looks a key up, counting the hit or miss, without loading: the cache object's {@code
   * getIfPresent}. The key is encoded into this thread's sink, not copied.
   *
   * @param key the key
   * @return the value (possibly {@code null}), or {@link LocalStore#ABSENT} on a miss
   */
  Object getIfPresent(Object key) {
    ByteSink sink = encodedKey(key, false);
    if (sink == null) {
      store.countMiss(); // too large to have been stored
      return LocalStore.ABSENT;
    }
    long hash = XxHash64.hash(sink.array(), 0, sink.size());
    byte[] value = store.get(sink.array(), sink.size(), hash, readClock());
    return value == null ? LocalStore.ABSENT : codec.decode(value, 0, value.length);
  }

  /**
   * Encodes a key into this thread's key sink, which the next encoding on this thread reuses.
   *
   * @return the sink, or {@code null} if the encoding is over the key limit
   */
  private ByteSink encodedKey(Object key, boolean isArgs) {
    ByteSink sink = keySinks.get().reset();
    return encode(key, isArgs, sink) ? sink : null;
  }

  /**
   * Encodes a value into an array of its own.
   *
   * @param value the value
   * @return the value bytes, or {@code null} if the encoding is over the value limit
   * @throws CodecException if no codec handles the value's type
   */
  byte[] encodeValue(Object value) {
    ByteSink sink = valueSinks.get().reset();
    try {
      codec.encode(value, sink);
    } catch (CodecException e) {
      if (sink.isOverLimit()) {
        return null;
      }
      throw e;
    }
    return Arrays.copyOf(sink.array(), sink.size());
  }

  /**
   * Decodes bytes this cache encoded.
   *
   * @param bytes a key or value
   * @return the object
   */
  Object decode(byte[] bytes) {
    return codec.decode(bytes, 0, bytes.length);
  }

  /**
   * Returns the region behind this cache.
   *
   * @return the store
   */
  SharedStore store() {
    return store;
  }

  /** The clock for a lookup: without a TTL nothing expires, so a hit need not read it. */
  private long readClock() {
    return expires ? ticker.read() : 0L;
  }

  /**
   * Returns the time of the shared clock.
   *
   * @return {@code System.nanoTime()} of the ticker
   */
  long now() {
    return ticker.read();
  }

  /**
   * Returns the statistics: hits, misses, evictions, size and oversize skips of the region (over
   * every process), and this process's load statistics.
   *
   * @return the statistics
   */
  public CacheInfo info() {
    SharedStore.Stats stats = store.stats();
    return new CacheInfo(
        stats.hits(),
        stats.misses(),
        stats.evictions(),
        stats.capacity(),
        stats.size(),
        loadSuccesses.sum(),
        loadFailures.sum(),
        loadNanos.sum(),
        stats.oversizeSkips());
  }

  /** Removes every entry of the region, for every process, and resets its statistics. */
  public void clear() {
    store.clear();
    loadSuccesses.reset();
    loadFailures.reset();
    loadNanos.reset();
  }

  @Override
  public void close() throws java.io.IOException {
    store.close();
  }

  /** A key's encoded bytes, compared by content; only this class's code runs in its equals. */
  private record EncodedKey(byte[] bytes, long hash) {
    @Override
    public boolean equals(Object other) {
      return other instanceof EncodedKey that
          && hash == that.hash
          && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(hash);
    }

    @Override
    public String toString() {
      return "EncodedKey[" + bytes.length + " bytes]";
    }
  }
}
