package dev.warpcache;

import dev.warpcache.internal.codec.TaggedCodec;
import dev.warpcache.internal.decorate.Decorator;
import dev.warpcache.internal.local.LocalCache;
import dev.warpcache.internal.local.LocalStore;
import dev.warpcache.internal.memo.Memoizers;
import dev.warpcache.internal.remote.KeyForm;
import dev.warpcache.internal.remote.NearCache;
import dev.warpcache.internal.remote.RemoteCache;
import dev.warpcache.internal.shm.RegionFiles;
import dev.warpcache.internal.shm.SharedCache;
import dev.warpcache.internal.shm.SharedMapCache;
import dev.warpcache.internal.shm.SharedMemoizers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The entry point of warp-cache: memoize a function, build a cache object, or decorate an
 * interface.
 *
 * <pre>{@code
 * CachedFunction<Integer, Long> fib = WarpCache.builder().maxSize(128).memoize(this::fib);
 * Cache<String, Row> rows = WarpCache.builder().maxSize(10_000).ttl(Duration.ofMinutes(1)).build();
 * UserRepo repo = WarpCache.decorate(UserRepo.class, new JdbcUserRepo(ds));
 * }</pre>
 */
public final class WarpCache {

  /** The maximum size used when none is given, as in the original decorator. */
  public static final long DEFAULT_MAX_SIZE = 128;

  /** The key limit of {@link Backend#SHARED} caches when none is given, in encoded bytes. */
  public static final int DEFAULT_MAX_KEY_SIZE = 512;

  /** The value limit of {@link Backend#SHARED} caches when none is given, in encoded bytes. */
  public static final int DEFAULT_MAX_VALUE_SIZE = 4096;

  /** The largest maximum size the in-process store accepts. */
  public static final long MAX_SUPPORTED_SIZE = LocalStore.MAX_SUPPORTED_SIZE;

  private WarpCache() {}

  /**
   * Starts a new builder with the defaults: {@code maxSize} 128, no TTL, the system ticker.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a proxy of {@code iface} that forwards every call to {@code impl} and memoizes each
   * method annotated with {@link Cached}, each method in a cache of its own keyed by its arguments.
   * Other methods, default methods and the methods of {@link Object} behave as on {@code impl}; an
   * exception thrown by {@code impl} (checked or not) reaches the caller as itself.
   *
   * @param iface the interface to implement; must be an interface
   * @param impl the implementation to forward to
   * @param <T> the interface type
   * @return the decorated proxy
   * @throws IllegalArgumentException if {@code iface} is not an interface, or a {@link Cached}
   *     annotation has a bad {@code maxSize} or {@code ttlSeconds}
   */
  public static <T> T decorate(Class<T> iface, T impl) {
    return Decorator.decorate(iface, impl);
  }

  /**
   * Like {@link #decorate(Class, Object)}, with every {@link Cached} method of the memory backend
   * keeping a near cache in this JVM in front of {@code remote}, as {@link Builder#remote} does for
   * a memoized function: each method under its {@link Cached#name()}, or a name derived from the
   * interface and signature that every JVM derives alike. Methods marked {@link Backend#SHARED}
   * stay shared.
   *
   * @param iface the interface to implement; must be an interface
   * @param impl the implementation to forward to
   * @param remote the remote tier, for example {@code RedisTier.connect(uri)}
   * @param <T> the interface type
   * @return the decorated proxy
   * @throws IllegalArgumentException as {@link #decorate(Class, Object)}, or if a method's name is
   *     not a valid cache name
   */
  public static <T> T decorate(Class<T> iface, T impl, RemoteTier remote) {
    Objects.requireNonNull(remote, "remote");
    return Decorator.decorate(iface, impl, Ticker.system(), remote);
  }

  /**
   * Returns the cache of one {@link Cached} method of a proxy made by {@link #decorate}, to read
   * its statistics or clear it.
   *
   * @param decorated a proxy returned by {@link #decorate}
   * @param methodName the method's name
   * @param parameterTypes the method's parameter types, to tell overloads apart
   * @return the method's cache
   * @throws IllegalArgumentException if {@code decorated} is not such a proxy, or it has no {@link
   *     Cached} method of that signature
   */
  public static Memoized cacheOf(Object decorated, String methodName, Class<?>... parameterTypes) {
    return Decorator.cacheOf(decorated, methodName, parameterTypes);
  }

  /**
   * Configures and creates caches and memoized functions. Each setter checks its argument at once
   * and may be called only once per builder; a builder can create any number of caches.
   */
  public static final class Builder {
    private long maxSize = DEFAULT_MAX_SIZE;
    private boolean maxSizeSet;
    private Duration ttl;
    private Ticker ticker;
    private Backend backend = Backend.MEMORY;
    private boolean backendSet;
    private String name;
    private int maxKeySize = DEFAULT_MAX_KEY_SIZE;
    private boolean maxKeySizeSet;
    private int maxValueSize = DEFAULT_MAX_VALUE_SIZE;
    private boolean maxValueSizeSet;
    private Path sharedDirectory;
    private final TaggedCodec.Builder codecs = TaggedCodec.builder();
    private boolean codecsSet;
    private RemoteTier remote;

    Builder() {}

    /**
     * Sets where entries live; {@link Backend#MEMORY} if not set.
     *
     * @param backend the backend
     * @return this builder
     * @throws NullPointerException if {@code backend} is {@code null}
     * @throws IllegalStateException if the backend was already set
     */
    public Builder backend(Backend backend) {
      Objects.requireNonNull(backend, "backend");
      if (backendSet) {
        throw new IllegalStateException("backend was already set to " + this.backend);
      }
      this.backend = backend;
      this.backendSet = true;
      return this;
    }

    /**
     * Puts a near cache in this JVM in front of a tier that every JVM shares, under the {@link
     * #name(String) name} of the cache, which is required. A hit in the near cache costs what a hit
     * of the memory backend costs; a near miss asks the tier (waiting at most its {@link
     * RemoteTier#timeout() timeout}) and runs the function only if the tier has no value, then
     * writes the result to the tier with the cache's {@link #ttl(Duration) TTL}. {@code put},
     * {@code invalidate} and {@code clear} write through, and the tier's invalidations keep every
     * JVM's near cache coherent. A failing, slow or unreachable tier never fails a call: the
     * function runs, and {@link CacheInfo#remoteErrors()} counts the failure. Keys and values cross
     * the tier as bytes: see {@link #codec}, {@link #maxKeySize} and {@link #maxValueSize}. A value
     * read from the tier stays in the near cache for the TTL from then on. The statistics are this
     * JVM's: {@link CacheInfo#remoteHits()} are among the hits, and {@code misses} counts the runs
     * of the function. Not available with {@link Backend#SHARED}; a cache made by {@link #build()}
     * with a remote tier has no {@link Cache#asMap()} view in this version.
     *
     * @param tier the remote tier; the caller keeps it open while the caches are in use, and closes
     *     it
     * @return this builder
     * @throws NullPointerException if {@code tier} is {@code null}
     * @throws IllegalStateException if a remote tier was already set
     */
    public Builder remote(RemoteTier tier) {
      Objects.requireNonNull(tier, "tier");
      if (remote != null) {
        throw new IllegalStateException("remote was already set to " + remote);
      }
      this.remote = tier;
      return this;
    }

    /**
     * Names the cache. Required for {@link Backend#SHARED} and with a {@link #remote remote tier}:
     * every JVM that uses the same name shares the entries, so the name must be stable across
     * processes (lambdas have no stable name). Letters, digits, {@code .}, {@code -} and {@code _},
     * 1 to 200 characters.
     *
     * @param name the name
     * @return this builder
     * @throws IllegalArgumentException if the name has other characters or is too long
     * @throws IllegalStateException if the name was already set
     */
    public Builder name(String name) {
      if (this.name != null) {
        throw new IllegalStateException("name was already set to " + this.name);
      }
      this.name = RegionFiles.checkName(name);
      return this;
    }

    /**
     * Sets the largest key a {@link Backend#SHARED} cache stores, or a cache with a {@link #remote
     * remote tier} writes to the tier, in encoded bytes (512 if not set). A call whose key is
     * larger still returns its value but is not cached there (a near cache keeps it), and counts as
     * an oversize skip. An error with the memory backend alone, where it would mean nothing.
     *
     * @param maxKeySize a positive number of bytes
     * @return this builder
     * @throws IllegalArgumentException if {@code maxKeySize} is zero or negative
     * @throws IllegalStateException if it was already set
     */
    public Builder maxKeySize(int maxKeySize) {
      if (maxKeySizeSet) {
        throw new IllegalStateException("maxKeySize was already set to " + this.maxKeySize);
      }
      if (maxKeySize <= 0) {
        throw new IllegalArgumentException("maxKeySize must be positive, but was " + maxKeySize);
      }
      this.maxKeySize = maxKeySize;
      this.maxKeySizeSet = true;
      return this;
    }

    /**
     * Sets the largest value a {@link Backend#SHARED} cache stores, or a cache with a {@link
     * #remote remote tier} writes to the tier, in encoded bytes (4096 if not set). A larger result
     * is returned but not cached there (a near cache keeps it), and counts as an oversize skip. An
     * error with the memory backend alone.
     *
     * @param maxValueSize a positive number of bytes
     * @return this builder
     * @throws IllegalArgumentException if {@code maxValueSize} is zero or negative
     * @throws IllegalStateException if it was already set
     */
    public Builder maxValueSize(int maxValueSize) {
      if (maxValueSizeSet) {
        throw new IllegalStateException("maxValueSize was already set to " + this.maxValueSize);
      }
      if (maxValueSize <= 0) {
        throw new IllegalArgumentException(
            "maxValueSize must be positive, but was " + maxValueSize);
      }
      this.maxValueSize = maxValueSize;
      this.maxValueSizeSet = true;
      return this;
    }

    /**
     * Sets the directory of {@link Backend#SHARED} regions; by default {@code
     * /dev/shm/warp_cache-<uid>} on Linux, the temp directory elsewhere. It is created private
     * ({@code 0700}); one open to others is refused.
     *
     * @param directory the directory
     * @return this builder
     */
    public Builder sharedDirectory(Path directory) {
      this.sharedDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Registers how {@link Backend#SHARED} caches and caches with a {@link #remote remote tier}
     * turn values of {@code type} (keys, arguments or results) into bytes, for types outside the
     * built-in fast path (primitives and their boxes, strings, primitive arrays, enums, argument
     * lists).
     *
     * @param type the class the codec handles (and its subclasses)
     * @param codec the codec
     * @param <T> the type
     * @return this builder
     */
    public <T> Builder codec(Class<T> type, Codec<? super T> codec) {
      codecs.register(type, codec);
      codecsSet = true;
      return this;
    }

    /**
     * Sets the codec for every type that neither the fast path nor a registered codec handles, for
     * example {@link Codec#serializationAllowing(String...)} with an allow-list.
     *
     * @param codec the fallback codec
     * @return this builder
     */
    public Builder fallbackCodec(Codec<Object> codec) {
      codecs.fallback(codec);
      codecsSet = true;
      return this;
    }

    /**
     * Sets the most entries the cache holds; 128 if not set.
     *
     * @param maxSize a positive number, at most {@link WarpCache#MAX_SUPPORTED_SIZE}
     * @return this builder
     * @throws IllegalArgumentException if {@code maxSize} is zero, negative or too large
     * @throws IllegalStateException if the maximum size was already set
     */
    public Builder maxSize(long maxSize) {
      if (maxSizeSet) {
        throw new IllegalStateException("maxSize was already set to " + this.maxSize);
      }
      if (maxSize <= 0) {
        throw new IllegalArgumentException("maxSize must be positive, but was " + maxSize);
      }
      if (maxSize > MAX_SUPPORTED_SIZE) {
        throw new IllegalArgumentException(
            "maxSize must be at most " + MAX_SUPPORTED_SIZE + ", but was " + maxSize);
      }
      this.maxSize = maxSize;
      this.maxSizeSet = true;
      return this;
    }

    /**
     * Sets a time to live: an entry expires this long after it was stored (expire-after-write).
     * Expiry is checked on read; there is no background thread.
     *
     * @param ttl a positive duration
     * @return this builder
     * @throws NullPointerException if {@code ttl} is {@code null}
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     * @throws IllegalStateException if the TTL was already set
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (this.ttl != null) {
        throw new IllegalStateException("ttl was already set to " + this.ttl);
      }
      if (ttl.isZero() || ttl.isNegative()) {
        throw new IllegalArgumentException("ttl must be positive, but was " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * Sets the time source for TTL; {@link Ticker#system()} if not set.
     *
     * @param ticker the ticker
     * @return this builder
     * @throws NullPointerException if {@code ticker} is {@code null}
     * @throws IllegalStateException if the ticker was already set
     */
    public Builder ticker(Ticker ticker) {
      Objects.requireNonNull(ticker, "ticker");
      if (this.ticker != null) {
        throw new IllegalStateException("ticker was already set");
      }
      this.ticker = ticker;
      return this;
    }

    /**
     * Builds a cache object. With {@link Backend#SHARED} it is the named region that every JVM of
     * this user on the host shares (see {@link #name(String)}); its {@link Cache#asMap()} compares
     * keys and values by their encoded bytes.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return a new, empty cache
     */
    public <K, V> Cache<K, V> build() {
      if (remote != null) {
        return new RemoteCache<>(newNearCache(null, KeyForm.RAW));
      }
      if (backend == Backend.SHARED) {
        return new SharedMapCache<>(newSharedCache(null));
      }
      return new LocalCache<>(newStore());
    }

    /**
     * Memoizes a function of one argument.
     *
     * @param function the function to memoize
     * @param <T> the argument type
     * @param <R> the result type
     * @return the memoized function
     */
    public <T, R> CachedFunction<T, R> memoize(Function<? super T, ? extends R> function) {
      Objects.requireNonNull(function, "function");
      if (remote != null) {
        return Memoizers.function(newNearCache(function, KeyForm.ONE), function);
      }
      if (backend == Backend.SHARED) {
        return SharedMemoizers.function(newSharedCache(function), function);
      }
      return Memoizers.function(newStore(), function);
    }

    /**
     * Memoizes a function of two arguments; the key is the pair of arguments.
     *
     * @param function the function to memoize
     * @param <T> the first argument type
     * @param <U> the second argument type
     * @param <R> the result type
     * @return the memoized function
     */
    public <T, U, R> CachedBiFunction<T, U, R> memoize(
        BiFunction<? super T, ? super U, ? extends R> function) {
      Objects.requireNonNull(function, "function");
      if (remote != null) {
        return Memoizers.biFunction(newNearCache(function, KeyForm.PAIR), function);
      }
      if (backend == Backend.SHARED) {
        return SharedMemoizers.biFunction(newSharedCache(function), function);
      }
      return Memoizers.biFunction(newStore(), function);
    }

    /**
     * Memoizes a function of three arguments; the key is the list of arguments.
     *
     * @param function the function to memoize
     * @param <A> the first argument type
     * @param <B> the second argument type
     * @param <C> the third argument type
     * @param <R> the result type
     * @return the memoized function
     */
    public <A, B, C, R> CachedTriFunction<A, B, C, R> memoize(
        TriFunction<? super A, ? super B, ? super C, ? extends R> function) {
      Objects.requireNonNull(function, "function");
      if (remote != null) {
        return Memoizers.triFunction(newNearCache(function, KeyForm.ARGS), function);
      }
      if (backend == Backend.SHARED) {
        return SharedMemoizers.triFunction(newSharedCache(function), function);
      }
      return Memoizers.triFunction(newStore(), function);
    }

    /**
     * Memoizes a function of any number of arguments; the key is the argument list.
     *
     * @param function the function to memoize
     * @param <R> the result type
     * @return the memoized function
     */
    public <R> CachedVarargsFunction<R> memoizeVarargs(VarargsFunction<? extends R> function) {
      Objects.requireNonNull(function, "function");
      if (remote != null) {
        return Memoizers.varargsFunction(newNearCache(function, KeyForm.ARGS), function);
      }
      if (backend == Backend.SHARED) {
        return SharedMemoizers.varargsFunction(newSharedCache(function), function);
      }
      return Memoizers.varargsFunction(newStore(), function);
    }

    /**
     * Memoizes an asynchronous function of one argument: see {@link CachedAsyncFunction} for how
     * hits, misses in flight and failures behave.
     *
     * @param function the function to memoize; must not return {@code null}
     * @param <T> the argument type
     * @param <R> the type of the future's value
     * @return the memoized function
     */
    public <T, R> CachedAsyncFunction<T, R> memoizeAsync(
        Function<? super T, ? extends CompletionStage<? extends R>> function) {
      Objects.requireNonNull(function, "function");
      if (remote != null) {
        return Memoizers.asyncFunction(newNearCache(function, KeyForm.ONE), function);
      }
      if (backend == Backend.SHARED) {
        return SharedMemoizers.asyncFunction(newSharedCache(function), function);
      }
      return Memoizers.asyncFunction(newStore(), function);
    }

    /**
     * Memoizes an asynchronous function of two arguments; the key is the pair of arguments.
     *
     * @param function the function to memoize; must not return {@code null}
     * @param <T> the first argument type
     * @param <U> the second argument type
     * @param <R> the type of the future's value
     * @return the memoized function
     */
    public <T, U, R> CachedAsyncBiFunction<T, U, R> memoizeAsync(
        BiFunction<? super T, ? super U, ? extends CompletionStage<? extends R>> function) {
      Objects.requireNonNull(function, "function");
      if (remote != null) {
        return Memoizers.asyncBiFunction(newNearCache(function, KeyForm.PAIR), function);
      }
      if (backend == Backend.SHARED) {
        return SharedMemoizers.asyncBiFunction(newSharedCache(function), function);
      }
      return Memoizers.asyncBiFunction(newStore(), function);
    }

    /**
     * Memoizes a supplier: it runs on the first call and again only after a clear or expiry.
     *
     * @param supplier the supplier to memoize
     * @param <R> the result type
     * @return the memoized supplier
     */
    public <R> CachedSupplier<R> memoize(Supplier<? extends R> supplier) {
      Objects.requireNonNull(supplier, "supplier");
      if (remote != null) {
        return Memoizers.supplier(newNearCache(supplier, KeyForm.ARGS), supplier);
      }
      if (backend == Backend.SHARED) {
        return SharedMemoizers.supplier(newSharedCache(supplier), supplier);
      }
      return Memoizers.supplier(newStore(), supplier);
    }

    /** Opens the named region; {@code function} chooses the codec's class loader. */
    private SharedCache newSharedCache(Object function) {
      if (name == null) {
        throw new IllegalStateException(
            "Backend.SHARED needs name(...): processes find one another's entries by name");
      }
      return SharedCache.open(
          sharedDirectory,
          name,
          maxSize,
          maxKeySize,
          maxValueSize,
          ttlNanos(),
          clock(),
          codecFor(function));
    }

    private NearCache newNearCache(Object function, KeyForm form) {
      if (backend == Backend.SHARED) {
        throw new IllegalStateException(
            "remote(...) cannot be combined with Backend.SHARED: a near cache in front of a remote"
                + " tier keeps its entries in this JVM's memory");
      }
      if (name == null) {
        throw new IllegalStateException(
            "remote(...) needs name(...): every JVM finds the tier's entries by the cache name");
      }
      if (sharedDirectory != null) {
        throw new IllegalStateException("sharedDirectory applies to Backend.SHARED only");
      }
      return new NearCache(
          name,
          remote,
          codecFor(function),
          new LocalStore(maxSize, ttlNanos(), clock()),
          form,
          ttl,
          maxKeySize,
          maxValueSize);
    }

    private LocalStore newStore() {
      if (maxKeySizeSet || maxValueSizeSet || sharedDirectory != null || codecsSet) {
        throw new IllegalStateException(
            "maxKeySize, maxValueSize, sharedDirectory and codecs apply to Backend.SHARED only"
                + " (all but sharedDirectory to a remote(...) tier too); this cache uses"
                + " Backend.MEMORY, which keeps keys and values as objects");
      }
      return new LocalStore(maxSize, ttlNanos(), clock());
    }

    /**
     * The codec of a cache whose keys and values are bytes: enum constants decode through the class
     * loader of {@code function}, or the context class loader when there is none ({@code build()}).
     */
    private TaggedCodec codecFor(Object function) {
      return (function == null ? codecs : codecs.classLoader(function.getClass().getClassLoader()))
          .build();
    }

    private long ttlNanos() {
      return ttl == null ? 0 : LocalStore.ttlNanos(ttl);
    }

    private Ticker clock() {
      return ticker == null ? Ticker.system() : ticker;
    }
  }
}
