package dev.warpcache.internal.memo;

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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Makes memoized functions over a {@link LocalStore}. Every form shares one pattern: build the
 * lookup key, try the lock-free hit path, and only on a miss allocate the loader and a stable copy
 * of the key.
 */
public final class Memoizers {
  private Memoizers() {}

  /**
   * Memoizes a one-argument function.
   *
   * @param store the store
   * @param function the function
   * @param <T> the argument type
   * @param <R> the result type
   * @return the memoized function
   */
  public static <T, R> CachedFunction<T, R> function(
      LocalStore store, Function<? super T, ? extends R> function) {
    return new MemoFunction<>(store, null, function);
  }

  /**
   * Memoizes a two-argument function.
   *
   * @param store the store
   * @param function the function
   * @param <T> the first argument type
   * @param <U> the second argument type
   * @param <R> the result type
   * @return the memoized function
   */
  public static <T, U, R> CachedBiFunction<T, U, R> biFunction(
      LocalStore store, BiFunction<? super T, ? super U, ? extends R> function) {
    return new MemoBiFunction<>(store, null, function);
  }

  /**
   * Memoizes a three-argument function.
   *
   * @param store the store
   * @param function the function
   * @param <A> the first argument type
   * @param <B> the second argument type
   * @param <C> the third argument type
   * @param <R> the result type
   * @return the memoized function
   */
  public static <A, B, C, R> CachedTriFunction<A, B, C, R> triFunction(
      LocalStore store, TriFunction<? super A, ? super B, ? super C, ? extends R> function) {
    return new MemoTriFunction<>(store, null, function);
  }

  /**
   * Memoizes a function of any number of arguments.
   *
   * @param store the store
   * @param function the function
   * @param <R> the result type
   * @return the memoized function
   */
  public static <R> CachedVarargsFunction<R> varargsFunction(
      LocalStore store, VarargsFunction<? extends R> function) {
    return new MemoVarargsFunction<>(store, null, function);
  }

  /**
   * Memoizes an asynchronous one-argument function.
   *
   * @param store the store
   * @param function the function
   * @param <T> the argument type
   * @param <R> the type of the future's value
   * @return the memoized function
   */
  public static <T, R> CachedAsyncFunction<T, R> asyncFunction(
      LocalStore store, Function<? super T, ? extends CompletionStage<? extends R>> function) {
    return new MemoAsyncFunction<>(store, null, function);
  }

  /**
   * Memoizes an asynchronous two-argument function.
   *
   * @param store the store
   * @param function the function
   * @param <T> the first argument type
   * @param <U> the second argument type
   * @param <R> the type of the future's value
   * @return the memoized function
   */
  public static <T, U, R> CachedAsyncBiFunction<T, U, R> asyncBiFunction(
      LocalStore store,
      BiFunction<? super T, ? super U, ? extends CompletionStage<? extends R>> function) {
    return new MemoAsyncBiFunction<>(store, null, function);
  }

  /**
   * Memoizes a one-argument function over a store with a second level (the near cache of a remote
   * tier, whose keys must be one argument each).
   *
   * @param tiered the store and its second level
   * @param function the function
   * @param <T> the argument type
   * @param <R> the result type
   * @return the memoized function
   */
  public static <T, R> CachedFunction<T, R> function(
      TieredStore tiered, Function<? super T, ? extends R> function) {
    return new MemoFunction<>(tiered.near(), tiered, function);
  }

  /**
   * Memoizes a two-argument function over a store with a second level (keys: argument pairs).
   *
   * @param tiered the store and its second level
   * @param function the function
   * @param <T> the first argument type
   * @param <U> the second argument type
   * @param <R> the result type
   * @return the memoized function
   */
  public static <T, U, R> CachedBiFunction<T, U, R> biFunction(
      TieredStore tiered, BiFunction<? super T, ? super U, ? extends R> function) {
    return new MemoBiFunction<>(tiered.near(), tiered, function);
  }

  /**
   * Memoizes a three-argument function over a store with a second level (keys: argument lists).
   *
   * @param tiered the store and its second level
   * @param function the function
   * @param <A> the first argument type
   * @param <B> the second argument type
   * @param <C> the third argument type
   * @param <R> the result type
   * @return the memoized function
   */
  public static <A, B, C, R> CachedTriFunction<A, B, C, R> triFunction(
      TieredStore tiered, TriFunction<? super A, ? super B, ? super C, ? extends R> function) {
    return new MemoTriFunction<>(tiered.near(), tiered, function);
  }

  /**
   * Memoizes a function of any number of arguments over a store with a second level (keys: argument
   * lists).
   *
   * @param tiered the store and its second level
   * @param function the function
   * @param <R> the result type
   * @return the memoized function
   */
  public static <R> CachedVarargsFunction<R> varargsFunction(
      TieredStore tiered, VarargsFunction<? extends R> function) {
    return new MemoVarargsFunction<>(tiered.near(), tiered, function);
  }

  /**
   * Memoizes an asynchronous one-argument function over a store with a second level.
   *
   * @param tiered the store and its second level
   * @param function the function
   * @param <T> the argument type
   * @param <R> the type of the future's value
   * @return the memoized function
   */
  public static <T, R> CachedAsyncFunction<T, R> asyncFunction(
      TieredStore tiered, Function<? super T, ? extends CompletionStage<? extends R>> function) {
    return new MemoAsyncFunction<>(tiered.near(), tiered, function);
  }

  /**
   * Memoizes an asynchronous two-argument function over a store with a second level.
   *
   * @param tiered the store and its second level
   * @param function the function
   * @param <T> the first argument type
   * @param <U> the second argument type
   * @param <R> the type of the future's value
   * @return the memoized function
   */
  public static <T, U, R> CachedAsyncBiFunction<T, U, R> asyncBiFunction(
      TieredStore tiered,
      BiFunction<? super T, ? super U, ? extends CompletionStage<? extends R>> function) {
    return new MemoAsyncBiFunction<>(tiered.near(), tiered, function);
  }

  /**
   * Memoizes a supplier over a store with a second level (key: the empty argument list).
   *
   * @param tiered the store and its second level
   * @param supplier the supplier
   * @param <R> the result type
   * @return the memoized supplier
   */
  public static <R> CachedSupplier<R> supplier(TieredStore tiered, Supplier<? extends R> supplier) {
    return new MemoSupplier<>(tiered.near(), tiered, supplier);
  }

  /**
   * Returns {@code stage}, or throws a {@link NullPointerException} that names {@code function} if
   * the function returned {@code null} instead of a future.
   *
   * @param stage what the function returned
   * @param function the function, for the message
   * @return {@code stage}
   */
  public static CompletionStage<?> started(CompletionStage<?> stage, Object function) {
    if (stage == null) {
      throw new NullPointerException(
          "the async function " + function + " returned null instead of a CompletionStage");
    }
    return stage;
  }

  /**
   * Returns the future of a hit or of the asynchronous miss path.
   *
   * @param store the store
   * @param key the lookup key
   * @param hash its hash
   * @param loader starts the computation on a miss
   * @param <R> the value type
   * @return the caller's own future
   */
  @SuppressWarnings("unchecked") // the store holds only values this function's futures produced
  public static <R> CompletableFuture<R> lookupAsync(
      LocalStore store, Object key, int hash, LocalStore.AsyncLoader loader) {
    Object value = store.getIfLive(key, hash);
    CompletableFuture<?> future =
        value != LocalStore.ABSENT
            ? CompletableFuture.completedFuture(value)
            : store.loadAsync(Keys.stable(key), hash, loader);
    return (CompletableFuture<R>) future;
  }

  /**
   * Returns the future of a near hit, or of the asynchronous miss path through the second level.
   *
   * @param tiered the store and its second level
   * @param key the lookup key
   * @param hash its hash
   * @param loader starts the computation from the stored key when the second level misses too
   * @param <R> the value type
   * @return the caller's own future
   */
  @SuppressWarnings("unchecked") // the store holds only values this function's futures produced
  public static <R> CompletableFuture<R> lookupAsync(
      TieredStore tiered, Object key, int hash, LocalStore.AsyncLoader loader) {
    LocalStore store = tiered.near();
    Object value = store.getIfLive(key, hash);
    CompletableFuture<?> future =
        value != LocalStore.ABSENT
            ? CompletableFuture.completedFuture(value)
            : store.loadThroughAsync(
                Keys.stable(key), hash, k -> tiered.loadThroughAsync(k, loader));
    return (CompletableFuture<R>) future;
  }

  /**
   * Memoizes a supplier.
   *
   * @param store the store
   * @param supplier the supplier
   * @param <R> the result type
   * @return the memoized supplier
   */
  public static <R> CachedSupplier<R> supplier(LocalStore store, Supplier<? extends R> supplier) {
    return new MemoSupplier<>(store, null, supplier);
  }

  /**
   * The statistics and clearing shared by every memoized form, and the asynchronous lookup: of the
   * store alone, or through its second level when there is one.
   */
  private abstract static class Base implements Memoized {
    final LocalStore store;
    final TieredStore tiered; // null: the store alone (the memory backend)

    Base(LocalStore store, TieredStore tiered) {
      this.store = store;
      this.tiered = tiered;
    }

    <R> CompletableFuture<R> lookup(Object key, LocalStore.AsyncLoader loader) {
      int hash = LocalStore.hash(key);
      return tiered == null
          ? lookupAsync(store, key, hash, loader)
          : lookupAsync(tiered, key, hash, loader);
    }

    @Override
    public CacheInfo cacheInfo() {
      return tiered == null ? store.info() : tiered.info();
    }

    @Override
    public void cacheClear() {
      if (tiered == null) {
        store.clear();
      } else {
        tiered.clear();
      }
    }

    /** {@code MemoFunction(hits=...)}, or {@code RemoteFunction(...)} with a second level. */
    @Override
    public String toString() {
      String form = getClass().getSimpleName(); // MemoFunction, MemoSupplier, ...
      return (tiered == null ? form : "Remote" + form.substring("Memo".length())) + cacheInfo();
    }
  }

  /**
   * A synchronous form. It is also the store's {@link LocalStore.Loader}: it unpacks the stored key
   * into the function's arguments, so a miss allocates no loader and a recursive function spends
   * fewer stack frames per level. With a second level, the store's loader ({@link #onMiss}) asks it
   * first and runs this one only if it misses too.
   */
  private abstract static class SyncBase extends Base implements LocalStore.Loader {
    final LocalStore.Loader onMiss;

    SyncBase(LocalStore store, TieredStore tiered) {
      super(store, tiered);
      this.onMiss = tiered == null ? this : key -> tiered.loadThrough(key, this);
    }
  }

  private static final class MemoFunction<T, R> extends SyncBase implements CachedFunction<T, R> {
    private final Function<? super T, ? extends R> function;

    MemoFunction(LocalStore store, TieredStore tiered, Function<? super T, ? extends R> function) {
      super(store, tiered);
      this.function = function;
    }

    @Override
    @SuppressWarnings("unchecked") // the store holds only values this function returned
    public R apply(T arg) {
      Object key = Keys.of(arg);
      int hash = LocalStore.hash(key);
      Object value = store.getIfLive(key, hash);
      if (value == LocalStore.ABSENT) {
        value = store.load(Keys.stable(key), hash, onMiss);
      }
      return (R) value;
    }

    @Override
    @SuppressWarnings("unchecked") // the key was made from an argument of type T
    public Object load(Object key) {
      return function.apply((T) Keys.argOf(key));
    }
  }

  private static final class MemoBiFunction<T, U, R> extends SyncBase
      implements CachedBiFunction<T, U, R> {
    private final BiFunction<? super T, ? super U, ? extends R> function;

    MemoBiFunction(
        LocalStore store,
        TieredStore tiered,
        BiFunction<? super T, ? super U, ? extends R> function) {
      super(store, tiered);
      this.function = function;
    }

    @Override
    @SuppressWarnings("unchecked") // the store holds only values this function returned
    public R apply(T t, U u) {
      Object key = Keys.ofPair(t, u);
      int hash = LocalStore.hash(key);
      Object value = store.getIfLive(key, hash);
      if (value == LocalStore.ABSENT) {
        value = store.load(Keys.stable(key), hash, onMiss);
      }
      return (R) value;
    }

    @Override
    @SuppressWarnings("unchecked") // the key was made from arguments of types T and U
    public Object load(Object key) {
      return function.apply((T) Keys.first(key), (U) Keys.second(key));
    }
  }

  private static final class MemoTriFunction<A, B, C, R> extends SyncBase
      implements CachedTriFunction<A, B, C, R> {
    private final TriFunction<? super A, ? super B, ? super C, ? extends R> function;

    MemoTriFunction(
        LocalStore store,
        TieredStore tiered,
        TriFunction<? super A, ? super B, ? super C, ? extends R> function) {
      super(store, tiered);
      this.function = function;
    }

    @Override
    @SuppressWarnings("unchecked") // the store holds only values this function returned
    public R apply(A a, B b, C c) {
      Object key = Keys.ofArgs(new Object[] {a, b, c});
      int hash = LocalStore.hash(key);
      Object value = store.getIfLive(key, hash);
      if (value == LocalStore.ABSENT) {
        value = store.load(Keys.stable(key), hash, onMiss);
      }
      return (R) value;
    }

    @Override
    @SuppressWarnings("unchecked") // the key was made from arguments of types A, B and C
    public Object load(Object key) {
      Object[] args = Keys.argsOf(key);
      return function.apply((A) args[0], (B) args[1], (C) args[2]);
    }
  }

  private static final class MemoVarargsFunction<R> extends SyncBase
      implements CachedVarargsFunction<R> {
    private final VarargsFunction<? extends R> function;

    MemoVarargsFunction(
        LocalStore store, TieredStore tiered, VarargsFunction<? extends R> function) {
      super(store, tiered);
      this.function = function;
    }

    @Override
    @SuppressWarnings("unchecked") // the store holds only values this function returned
    public R apply(Object... args) {
      Object[] list = Objects.requireNonNull(args, "args");
      Object key = Keys.ofArgs(list);
      int hash = LocalStore.hash(key);
      Object value = store.getIfLive(key, hash);
      if (value == LocalStore.ABSENT) {
        value = store.load(Keys.stable(key), hash, onMiss);
      }
      return (R) value;
    }

    @Override
    public Object load(Object key) {
      return function.apply(Keys.argsOf(key).clone());
    }
  }

  private static final class MemoAsyncFunction<T, R> extends Base
      implements CachedAsyncFunction<T, R> {
    private final Function<? super T, ? extends CompletionStage<? extends R>> function;

    MemoAsyncFunction(
        LocalStore store,
        TieredStore tiered,
        Function<? super T, ? extends CompletionStage<? extends R>> function) {
      super(store, tiered);
      this.function = function;
    }

    @Override
    public CompletableFuture<R> apply(T arg) {
      Object key = Keys.of(arg);
      return lookup(key, k -> started(function.apply(arg), function));
    }
  }

  private static final class MemoAsyncBiFunction<T, U, R> extends Base
      implements CachedAsyncBiFunction<T, U, R> {
    private final BiFunction<? super T, ? super U, ? extends CompletionStage<? extends R>> function;

    MemoAsyncBiFunction(
        LocalStore store,
        TieredStore tiered,
        BiFunction<? super T, ? super U, ? extends CompletionStage<? extends R>> function) {
      super(store, tiered);
      this.function = function;
    }

    @Override
    public CompletableFuture<R> apply(T t, U u) {
      Object key = Keys.ofPair(t, u);
      return lookup(key, k -> started(function.apply(t, u), function));
    }
  }

  private static final class MemoSupplier<R> extends SyncBase implements CachedSupplier<R> {
    private static final Object KEY = Keys.ofArgs(new Object[0]);
    private static final int HASH = LocalStore.hash(KEY);
    private final Supplier<? extends R> supplier;

    MemoSupplier(LocalStore store, TieredStore tiered, Supplier<? extends R> supplier) {
      super(store, tiered);
      this.supplier = supplier;
    }

    @Override
    @SuppressWarnings("unchecked") // the store holds only values this supplier returned
    public R get() {
      Object value = store.getIfLive(KEY, HASH);
      if (value == LocalStore.ABSENT) {
        value = store.load(KEY, HASH, onMiss);
      }
      return (R) value;
    }

    @Override
    public Object load(Object key) {
      return supplier.get();
    }
  }
}
