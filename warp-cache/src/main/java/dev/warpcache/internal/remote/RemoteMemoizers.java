package dev.warpcache.internal.remote;

import dev.warpcache.CacheInfo;
import dev.warpcache.CachedAsyncBiFunction;
import dev.warpcache.CachedAsyncFunction;
import dev.warpcache.CachedBiFunction;
import dev.warpcache.CachedFunction;
import dev.warpcache.CachedSupplier;
import dev.warpcache.CachedTriFunction;
import dev.warpcache.CachedVarargsFunction;
import dev.warpcache.Memoized;
import dev.warpcache.TriFunction;
import dev.warpcache.VarargsFunction;
import dev.warpcache.internal.local.LocalStore;
import dev.warpcache.internal.memo.Keys;
import dev.warpcache.internal.memo.Memoizers;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Memoized functions over a {@link NearCache}. The hit path of each form is, line for line, that of
 * the memory backend ({@link Memoizers}): the same lookup key, the same lock-free {@link
 * LocalStore#getIfLive}. Only a near miss differs: the store's loader is {@link
 * NearCache#loadThrough}, which asks the tier before it runs the function.
 */
public final class RemoteMemoizers {
  private static final Object SUPPLIER_KEY = Keys.ofArgs(new Object[0]);
  private static final int SUPPLIER_HASH = LocalStore.hash(SUPPLIER_KEY);

  private RemoteMemoizers() {}

  /**
   * Memoizes a one-argument function; the cache's keys must be of {@link KeyForm#ONE}.
   *
   * @param cache the near cache
   * @param function the function
   * @param <T> the argument type
   * @param <R> the result type
   * @return the memoized function
   */
  public static <T, R> CachedFunction<T, R> function(
      NearCache cache, Function<? super T, ? extends R> function) {
    return new RemoteFunction<>(cache, function);
  }

  /**
   * Memoizes a two-argument function; the cache's keys must be of {@link KeyForm#PAIR}.
   *
   * @param cache the near cache
   * @param function the function
   * @param <T> the first argument type
   * @param <U> the second argument type
   * @param <R> the result type
   * @return the memoized function
   */
  public static <T, U, R> CachedBiFunction<T, U, R> biFunction(
      NearCache cache, BiFunction<? super T, ? super U, ? extends R> function) {
    return new RemoteBiFunction<>(cache, function);
  }

  /**
   * Memoizes a three-argument function; the cache's keys must be of {@link KeyForm#ARGS}.
   *
   * @param cache the near cache
   * @param function the function
   * @param <A> the first argument type
   * @param <B> the second argument type
   * @param <C> the third argument type
   * @param <R> the result type
   * @return the memoized function
   */
  public static <A, B, C, R> CachedTriFunction<A, B, C, R> triFunction(
      NearCache cache, TriFunction<? super A, ? super B, ? super C, ? extends R> function) {
    return new RemoteTriFunction<>(cache, function);
  }

  /**
   * Memoizes a function of any number of arguments; the keys must be of {@link KeyForm#ARGS}.
   *
   * @param cache the near cache
   * @param function the function
   * @param <R> the result type
   * @return the memoized function
   */
  public static <R> CachedVarargsFunction<R> varargsFunction(
      NearCache cache, VarargsFunction<? extends R> function) {
    return new RemoteVarargsFunction<>(cache, function);
  }

  /**
   * Memoizes a supplier; the cache's keys must be of {@link KeyForm#ARGS}.
   *
   * @param cache the near cache
   * @param supplier the supplier
   * @param <R> the result type
   * @return the memoized supplier
   */
  public static <R> CachedSupplier<R> supplier(NearCache cache, Supplier<? extends R> supplier) {
    return new RemoteSupplier<>(cache, supplier);
  }

  /**
   * Memoizes an asynchronous one-argument function; the keys must be of {@link KeyForm#ONE}.
   *
   * @param cache the near cache
   * @param function the function
   * @param <T> the argument type
   * @param <R> the type of the future's value
   * @return the memoized function
   */
  public static <T, R> CachedAsyncFunction<T, R> asyncFunction(
      NearCache cache, Function<? super T, ? extends CompletionStage<? extends R>> function) {
    return new RemoteAsyncFunction<>(cache, function);
  }

  /**
   * Memoizes an asynchronous two-argument function; the keys must be of {@link KeyForm#PAIR}.
   *
   * @param cache the near cache
   * @param function the function
   * @param <T> the first argument type
   * @param <U> the second argument type
   * @param <R> the type of the future's value
   * @return the memoized function
   */
  public static <T, U, R> CachedAsyncBiFunction<T, U, R> asyncBiFunction(
      NearCache cache,
      BiFunction<? super T, ? super U, ? extends CompletionStage<? extends R>> function) {
    return new RemoteAsyncBiFunction<>(cache, function);
  }

  /**
   * Returns the future of a near hit, or of the asynchronous miss path through the tier.
   *
   * @param cache the near cache
   * @param key the lookup key
   * @param hash its hash
   * @param function starts the computation from the stored key on a remote miss
   * @param <R> the value type
   * @return the caller's own future
   */
  @SuppressWarnings("unchecked") // the store holds only values this function's futures produced
  static <R> CompletableFuture<R> lookupAsync(
      NearCache cache, Object key, int hash, LocalStore.AsyncLoader function) {
    LocalStore store = cache.near();
    Object value = store.getIfLive(key, hash);
    CompletableFuture<?> future =
        value != LocalStore.ABSENT
            ? CompletableFuture.completedFuture(value)
            : store.loadThroughAsync(
                Keys.stable(key), hash, k -> cache.loadThroughAsync(k, function));
    return (CompletableFuture<R>) future;
  }

  @SuppressWarnings("unchecked") // the store holds only values the memoized function returned
  private static <R> R cast(Object value) {
    return (R) value;
  }

  /** Statistics and clearing, shared by every form. */
  private abstract static class Base implements Memoized {
    final NearCache cache;
    final LocalStore store;

    Base(NearCache cache) {
      this.cache = cache;
      this.store = cache.near();
    }

    @Override
    public CacheInfo cacheInfo() {
      return cache.info();
    }

    @Override
    public void cacheClear() {
      cache.clear();
    }

    @Override
    public String toString() {
      return getClass().getSimpleName() + cache.info();
    }
  }

  /**
   * A synchronous form: the near store's loader, which asks the tier and then runs {@code compute},
   * so that a miss allocates no loader.
   */
  private abstract static class SyncBase extends Base
      implements LocalStore.Loader, NearCache.Computation {
    SyncBase(NearCache cache) {
      super(cache);
    }

    @Override
    public final Object load(Object key) {
      return cache.loadThrough(key, this);
    }
  }

  private static final class RemoteFunction<T, R> extends SyncBase implements CachedFunction<T, R> {
    private final Function<? super T, ? extends R> function;

    RemoteFunction(NearCache cache, Function<? super T, ? extends R> function) {
      super(cache);
      this.function = function;
    }

    @Override
    public R apply(T arg) {
      Object key = Keys.of(arg);
      int hash = LocalStore.hash(key);
      Object value = store.getIfLive(key, hash);
      if (value == LocalStore.ABSENT) {
        value = store.load(Keys.stable(key), hash, this);
      }
      return cast(value);
    }

    @Override
    @SuppressWarnings("unchecked") // the key was made from an argument of type T
    public Object compute(Object key) {
      return function.apply((T) Keys.argOf(key));
    }
  }

  private static final class RemoteBiFunction<T, U, R> extends SyncBase
      implements CachedBiFunction<T, U, R> {
    private final BiFunction<? super T, ? super U, ? extends R> function;

    RemoteBiFunction(NearCache cache, BiFunction<? super T, ? super U, ? extends R> function) {
      super(cache);
      this.function = function;
    }

    @Override
    public R apply(T t, U u) {
      Object key = Keys.ofPair(t, u);
      int hash = LocalStore.hash(key);
      Object value = store.getIfLive(key, hash);
      if (value == LocalStore.ABSENT) {
        value = store.load(Keys.stable(key), hash, this);
      }
      return cast(value);
    }

    @Override
    @SuppressWarnings("unchecked") // the key was made from arguments of types T and U
    public Object compute(Object key) {
      return function.apply((T) Keys.first(key), (U) Keys.second(key));
    }
  }

  private static final class RemoteTriFunction<A, B, C, R> extends SyncBase
      implements CachedTriFunction<A, B, C, R> {
    private final TriFunction<? super A, ? super B, ? super C, ? extends R> function;

    RemoteTriFunction(
        NearCache cache, TriFunction<? super A, ? super B, ? super C, ? extends R> function) {
      super(cache);
      this.function = function;
    }

    @Override
    public R apply(A a, B b, C c) {
      Object key = Keys.ofArgs(new Object[] {a, b, c});
      int hash = LocalStore.hash(key);
      Object value = store.getIfLive(key, hash);
      if (value == LocalStore.ABSENT) {
        value = store.load(Keys.stable(key), hash, this);
      }
      return cast(value);
    }

    @Override
    @SuppressWarnings("unchecked") // the key was made from arguments of types A, B and C
    public Object compute(Object key) {
      Object[] args = Keys.argsOf(key);
      return function.apply((A) args[0], (B) args[1], (C) args[2]);
    }
  }

  private static final class RemoteVarargsFunction<R> extends SyncBase
      implements CachedVarargsFunction<R> {
    private final VarargsFunction<? extends R> function;

    RemoteVarargsFunction(NearCache cache, VarargsFunction<? extends R> function) {
      super(cache);
      this.function = function;
    }

    @Override
    public R apply(Object... args) {
      Object[] list = Objects.requireNonNull(args, "args");
      Object key = Keys.ofArgs(list);
      int hash = LocalStore.hash(key);
      Object value = store.getIfLive(key, hash);
      if (value == LocalStore.ABSENT) {
        value = store.load(Keys.stable(key), hash, this);
      }
      return cast(value);
    }

    @Override
    public Object compute(Object key) {
      return function.apply(Keys.argsOf(key).clone());
    }
  }

  private static final class RemoteSupplier<R> extends SyncBase implements CachedSupplier<R> {
    private final Supplier<? extends R> supplier;

    RemoteSupplier(NearCache cache, Supplier<? extends R> supplier) {
      super(cache);
      this.supplier = supplier;
    }

    @Override
    public R get() {
      Object value = store.getIfLive(SUPPLIER_KEY, SUPPLIER_HASH);
      if (value == LocalStore.ABSENT) {
        value = store.load(SUPPLIER_KEY, SUPPLIER_HASH, this);
      }
      return cast(value);
    }

    @Override
    public Object compute(Object key) {
      return supplier.get();
    }
  }

  private static final class RemoteAsyncFunction<T, R> extends Base
      implements CachedAsyncFunction<T, R> {
    private final Function<? super T, ? extends CompletionStage<? extends R>> function;

    RemoteAsyncFunction(
        NearCache cache, Function<? super T, ? extends CompletionStage<? extends R>> function) {
      super(cache);
      this.function = function;
    }

    @Override
    public CompletableFuture<R> apply(T arg) {
      Object key = Keys.of(arg);
      return lookupAsync(
          cache, key, LocalStore.hash(key), k -> Memoizers.started(function.apply(arg), function));
    }
  }

  private static final class RemoteAsyncBiFunction<T, U, R> extends Base
      implements CachedAsyncBiFunction<T, U, R> {
    private final BiFunction<? super T, ? super U, ? extends CompletionStage<? extends R>> function;

    RemoteAsyncBiFunction(
        NearCache cache,
        BiFunction<? super T, ? super U, ? extends CompletionStage<? extends R>> function) {
      super(cache);
      this.function = function;
    }

    @Override
    public CompletableFuture<R> apply(T t, U u) {
      Object key = Keys.ofPair(t, u);
      return lookupAsync(
          cache, key, LocalStore.hash(key), k -> Memoizers.started(function.apply(t, u), function));
    }
  }
}
