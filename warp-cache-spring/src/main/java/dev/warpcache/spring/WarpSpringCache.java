package dev.warpcache.spring;

import dev.warpcache.Backend;
import dev.warpcache.CacheInfo;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;

/**
 * A Spring {@link org.springframework.cache.Cache} over one warp-cache {@link dev.warpcache.Cache}.
 *
 * <p>{@link #get(Object, Callable)} (used by {@code @Cacheable(sync = true)}) and {@link
 * #retrieve(Object, Supplier)} (used by {@code @Cacheable(sync = true)} on methods returning {@code
 * CompletableFuture}) run on warp-cache's single flight: concurrent misses for one key run the
 * loader once, and the other callers wait for its result (or, asynchronously, share its future).
 *
 * <p>When null values are allowed, a {@code null} is stored in the warp cache as {@link
 * NullValue#INSTANCE}, so that a lookup can tell it from an absent key; when they are not, storing
 * {@code null} throws {@link IllegalArgumentException}, as Spring's contract says. A {@code null}
 * that other code puts straight into the {@linkplain #getNativeCache() native cache} is seen here
 * as an absent entry.
 *
 * <p>With the {@linkplain Backend#SHARED shared} backend, and for a {@linkplain #isRemote() remote}
 * cache (a near cache in front of a {@link dev.warpcache.RemoteTier}), keys and values are stored
 * as bytes, and a {@code null} value as {@link NullValue}, which {@link WarpCacheManager} gives a
 * codec of its own. Keys are the ones Spring's key generator made, except {@link SimpleKey}s:
 * {@link SimpleKey#EMPTY} (the key of a method without parameters) becomes the empty argument list,
 * and a {@link WarpKeyGenerator.ArgumentsKey} the list of its arguments. Any other {@link
 * SimpleKey} (the key that Spring's default generator makes for a method of several parameters)
 * hides its parameters and is refused with an {@link IllegalArgumentException} that says to use
 * {@link WarpKeyGenerator} or a {@code key} expression.
 *
 * <p>A remote cache has no map view in this version of warp-cache, so three methods that Spring
 * allows to be approximate are: {@link #putIfAbsent} is atomic within this JVM (warp-cache's single
 * flight) but not across JVMs; {@link #evictIfPresent} reads, then evicts; and {@link
 * #invalidate()} reports only whether this JVM's near cache held entries. {@link #clear()} and
 * {@link #invalidate()} clear the tier and, through its invalidations, every JVM's near cache.
 *
 * <p>Statistics: lookups through {@link #get(Object)}, {@link #get(Object, Class)}, {@link
 * #get(Object, Callable)}, {@link #retrieve(Object)} and {@link #retrieve(Object, Supplier)} count
 * as hits or misses in {@link #info()}; {@link #clear()} and {@link #invalidate()} reset the
 * statistics along with the entries, as warp-cache's {@code clear()} does.
 */
public final class WarpSpringCache extends AbstractValueAdaptingCache {

  private final String name;
  private final dev.warpcache.Cache<Object, Object> cache;
  private final boolean shared;
  private final boolean remote;

  private static final Object[] NO_ARGUMENTS = {};

  /**
   * Wraps a warp cache, allowing {@code null} values.
   *
   * @param name the Spring cache name
   * @param cache the warp cache that holds the entries
   */
  public WarpSpringCache(String name, dev.warpcache.Cache<Object, Object> cache) {
    this(name, cache, true);
  }

  /**
   * Wraps a warp cache.
   *
   * @param name the Spring cache name
   * @param cache the warp cache that holds the entries
   * @param allowNullValues whether {@code null} values may be stored
   */
  public WarpSpringCache(
      String name, dev.warpcache.Cache<Object, Object> cache, boolean allowNullValues) {
    this(name, cache, allowNullValues, Backend.MEMORY);
  }

  /**
   * Wraps a warp cache of the given backend. For {@link Backend#SHARED}, the keys are translated as
   * the class description says, and {@code cache} must encode {@link NullValue} if null values are
   * allowed (the caches of {@link WarpCacheManager} do).
   *
   * @param name the Spring cache name
   * @param cache the warp cache that holds the entries
   * @param allowNullValues whether {@code null} values may be stored
   * @param backend the backend of {@code cache}
   */
  public WarpSpringCache(
      String name,
      dev.warpcache.Cache<Object, Object> cache,
      boolean allowNullValues,
      Backend backend) {
    this(name, cache, allowNullValues, backend, false);
  }

  /**
   * Wraps a warp cache of the given backend that is, or is not, a near cache in front of a {@link
   * dev.warpcache.RemoteTier}. For {@link Backend#SHARED} and for a remote cache, the keys are
   * translated as the class description says, and {@code cache} must encode {@link NullValue} if
   * null values are allowed (the caches of {@link WarpCacheManager} do).
   *
   * @param name the Spring cache name
   * @param cache the warp cache that holds the entries
   * @param allowNullValues whether {@code null} values may be stored
   * @param backend the backend of {@code cache}: {@link Backend#MEMORY} if it is remote
   * @param remote whether {@code cache} was built with {@link
   *     dev.warpcache.WarpCache.Builder#remote(dev.warpcache.RemoteTier)}
   * @throws IllegalArgumentException if {@code remote} and {@code backend} is {@link
   *     Backend#SHARED}, which warp-cache cannot combine
   */
  public WarpSpringCache(
      String name,
      dev.warpcache.Cache<Object, Object> cache,
      boolean allowNullValues,
      Backend backend,
      boolean remote) {
    super(allowNullValues);
    this.name = Objects.requireNonNull(name, "name");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.shared = Objects.requireNonNull(backend, "backend") == Backend.SHARED;
    if (remote && shared) {
      throw new IllegalArgumentException(
          "The Spring cache '" + name + "' cannot be both remote and Backend.SHARED");
    }
    this.remote = remote;
  }

  @Override
  public String getName() {
    return name;
  }

  /**
   * Returns the warp cache that holds the entries.
   *
   * @return the {@link dev.warpcache.Cache}
   */
  @Override
  public dev.warpcache.Cache<Object, Object> getNativeCache() {
    return cache;
  }

  /**
   * Returns a snapshot of the warp cache's statistics: hits, misses, evictions, maximum and current
   * size.
   *
   * @return the statistics
   */
  public CacheInfo info() {
    return cache.info();
  }

  /**
   * Returns where the entries live in this JVM: for a {@linkplain #isRemote() remote} cache, the
   * backend of its near cache.
   *
   * @return {@link Backend#SHARED} or {@link Backend#MEMORY}
   */
  public Backend backend() {
    return shared ? Backend.SHARED : Backend.MEMORY;
  }

  /**
   * Returns whether this cache is a near cache in front of a remote tier, which every JVM that uses
   * the same cache name shares.
   *
   * @return {@code true} for a remote cache
   */
  public boolean isRemote() {
    return remote;
  }

  /** The key as the warp cache stores it: when keys are encoded, SimpleKeys become lists. */
  private Object storeKey(Object key) {
    if (!(shared || remote) || !(key instanceof SimpleKey simpleKey)) {
      return key;
    }
    if (simpleKey instanceof WarpKeyGenerator.ArgumentsKey arguments) {
      return arguments.argumentsView();
    }
    if (SimpleKey.EMPTY.equals(simpleKey)) {
      return NO_ARGUMENTS;
    }
    throw new IllegalArgumentException(
        "The Spring cache '"
            + name
            + (remote
                ? "' is a near cache over a remote tier, which stores keys as bytes, but the key "
                : "' uses Backend.SHARED, which stores keys as bytes, but the key ")
            + simpleKey
            + " is a SimpleKey, which Spring's default key generator makes for a method with"
            + " several parameters (or one null or array parameter) and whose parameters it"
            + " hides. Use dev.warpcache.spring.WarpKeyGenerator as the key generator"
            + " (CachingConfigurer.keyGenerator(), or @Cacheable(keyGenerator = ...)), or give"
            + " the key as an expression, such as @Cacheable(key = \"#a + ':' + #b\").");
  }

  @Override
  protected @Nullable Object lookup(Object key) {
    // Stored values are never null (a null is NullValue.INSTANCE), so null means absent.
    return cache.getIfPresent(storeKey(key));
  }

  /**
   * Returns the value for {@code key}, computing it with {@code valueLoader} on a miss. Concurrent
   * misses for one key call {@code valueLoader} once (warp-cache's single flight); the other
   * callers wait for its result. If {@code valueLoader} throws, nothing is stored and every waiting
   * caller retries on its own.
   *
   * @param key the key
   * @param valueLoader computes the value on a miss
   * @param <T> the value type
   * @return the cached or computed value
   * @throws ValueRetrievalException wrapping any exception that {@code valueLoader} threw, or an
   *     {@link IllegalArgumentException} if it returned {@code null} and null values are not
   *     allowed
   */
  @Override
  @SuppressWarnings("unchecked") // the caller states the type of what its loader computes
  public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
    Objects.requireNonNull(valueLoader, "valueLoader");
    return (T) fromStoreValue(cache.get(storeKey(key), k -> load(key, valueLoader)));
  }

  private Object load(Object key, Callable<?> valueLoader) {
    try {
      return toStoreValue(valueLoader.call());
    } catch (Exception failure) {
      // Spring's contract wraps every exception of the loader; its cache aspect unwraps it again.
      throw new ValueRetrievalException(key, valueLoader, failure);
    }
  }

  /**
   * Returns a completed future of the cached value, or {@code null} if there is none. The future
   * holds a {@link ValueWrapper} when null values are allowed, the plain value otherwise. An entry
   * whose computation is still in flight is not there yet.
   *
   * @param key the key
   * @return a completed future, or {@code null} on a miss
   */
  @Override
  public @Nullable CompletableFuture<?> retrieve(Object key) {
    Object value = lookup(key);
    if (value == null) {
      return null;
    }
    return CompletableFuture.completedFuture(
        isAllowNullValues() ? toValueWrapper(value) : fromStoreValue(value));
  }

  /**
   * Returns a future of the value for {@code key}, starting {@code valueLoader} on a miss, without
   * blocking. Concurrent misses for one key share one call of {@code valueLoader} (warp-cache's
   * single flight). The value is stored when the loader's future completes normally; a failed one
   * stores nothing and fails the returned future, as does a loader that throws or returns {@code
   * null}. A {@code null} result is a cached {@code null} when null values are allowed, and fails
   * the future with {@link IllegalArgumentException} when they are not.
   *
   * @param key the key
   * @param valueLoader starts computing the value on a miss
   * @param <T> the value type
   * @return a future of the cached or computed value
   */
  @Override
  @SuppressWarnings("unchecked") // the caller states the type of what its loader computes
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    Objects.requireNonNull(valueLoader, "valueLoader");
    return cache
        .getAsync(storeKey(key), k -> loadAsync(valueLoader))
        .thenApply(stored -> (T) fromStoreValue(stored));
  }

  private CompletionStage<Object> loadAsync(Supplier<? extends CompletableFuture<?>> valueLoader) {
    CompletableFuture<?> future;
    try {
      future = valueLoader.get();
    } catch (RuntimeException failure) {
      return CompletableFuture.failedFuture(failure);
    }
    if (future == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException("the value loader " + valueLoader + " returned null"));
    }
    return future.thenApply(this::toStoreValue);
  }

  @Override
  public void put(Object key, @Nullable Object value) {
    cache.put(storeKey(key), toStoreValue(value));
  }

  /**
   * Stores {@code value} unless {@code key} already has a value, atomically; for a {@linkplain
   * #isRemote() remote} cache, atomically within this JVM only: a value found in the tier counts as
   * already there, but two JVMs may both store theirs.
   *
   * @param key the key
   * @param value the value, {@code null} only if null values are allowed
   * @return the value already there, or {@code null} if {@code value} was stored
   */
  @Override
  public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
    Object storeValue = toStoreValue(value);
    if (!remote) {
      return toValueWrapper(cache.asMap().putIfAbsent(storeKey(key), storeValue));
    }
    // No map view: the single flight stores the value unless the near cache or the tier has one.
    boolean[] stored = {false};
    Object present =
        cache.get(
            storeKey(key),
            k -> {
              stored[0] = true;
              return storeValue;
            });
    return stored[0] ? null : toValueWrapper(present);
  }

  @Override
  public void evict(Object key) {
    cache.invalidate(storeKey(key));
  }

  /**
   * Removes the value of {@code key}, telling whether there was one; for a {@linkplain #isRemote()
   * remote} cache, the near cache or else the tier is asked first, then the key is evicted, which
   * is not atomic.
   *
   * @param key the key
   * @return whether a value was present
   */
  @Override
  public boolean evictIfPresent(Object key) {
    Object storeKey = storeKey(key);
    if (!remote) {
      return cache.asMap().remove(storeKey) != null;
    }
    boolean present = cache.getIfPresent(storeKey) != null;
    cache.invalidate(storeKey);
    return present;
  }

  /**
   * Removes every entry at once, and resets the statistics; for a {@linkplain #isRemote() remote}
   * cache, also the tier's entries of this cache name, which makes every JVM drop its near copies.
   */
  @Override
  public void clear() {
    cache.clear();
  }

  /**
   * Removes every entry at once, and resets the statistics.
   *
   * @return whether the cache held entries before (expired ones not yet evicted included); for a
   *     {@linkplain #isRemote() remote} cache, whether this JVM's near cache held entries, since
   *     the tier's entries are not counted
   */
  @Override
  public boolean invalidate() {
    boolean hadEntries = remote ? cache.info().currentSize() > 0 : !cache.asMap().isEmpty();
    cache.clear();
    return hadEntries;
  }

  @Override
  public String toString() {
    return "WarpSpringCache(" + name + ", " + cache.info() + ")";
  }
}
