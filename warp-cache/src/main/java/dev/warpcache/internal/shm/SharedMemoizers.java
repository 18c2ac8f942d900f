package dev.warpcache.internal.shm;

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
import dev.warpcache.internal.memo.Memoizers;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Memoized functions over a {@link SharedCache}: one argument is encoded as itself, several as an
 * argument list, so every JVM that memoizes under the same name agrees on the keys.
 */
public final class SharedMemoizers {
  private static final Object[] NO_ARGS = new Object[0];

  private SharedMemoizers() {}

  /**
   * Memoizes a one-argument function in shared memory.
   *
   * @param cache the shared cache
   * @param function the function
   * @param <T> the argument type
   * @param <R> the result type
   * @return the memoized function
   */
  public static <T, R> CachedFunction<T, R> function(
      SharedCache cache, Function<? super T, ? extends R> function) {
    return new SharedFunction<>(cache, function);
  }

  /**
   * Memoizes a two-argument function in shared memory.
   *
   * @param cache the shared cache
   * @param function the function
   * @param <T> the first argument type
   * @param <U> the second argument type
   * @param <R> the result type
   * @return the memoized function
   */
  public static <T, U, R> CachedBiFunction<T, U, R> biFunction(
      SharedCache cache, BiFunction<? super T, ? super U, ? extends R> function) {
    return new SharedBiFunction<>(cache, function);
  }

  /**
   * Memoizes a three-argument function in shared memory.
   *
   * @param cache the shared cache
   * @param function the function
   * @param <A> the first argument type
   * @param <B> the second argument type
   * @param <C> the third argument type
   * @param <R> the result type
   * @return the memoized function
   */
  public static <A, B, C, R> CachedTriFunction<A, B, C, R> triFunction(
      SharedCache cache, TriFunction<? super A, ? super B, ? super C, ? extends R> function) {
    return new SharedTriFunction<>(cache, function);
  }

  /**
   * Memoizes a function of any number of arguments in shared memory.
   *
   * @param cache the shared cache
   * @param function the function
   * @param <R> the result type
   * @return the memoized function
   */
  public static <R> CachedVarargsFunction<R> varargsFunction(
      SharedCache cache, VarargsFunction<? extends R> function) {
    return new SharedVarargsFunction<>(cache, function);
  }

  /**
   * Memoizes a supplier in shared memory.
   *
   * @param cache the shared cache
   * @param supplier the supplier
   * @param <R> the result type
   * @return the memoized supplier
   */
  public static <R> CachedSupplier<R> supplier(SharedCache cache, Supplier<? extends R> supplier) {
    return new SharedSupplier<>(cache, supplier);
  }

  /**
   * Memoizes an asynchronous one-argument function in shared memory.
   *
   * @param cache the shared cache
   * @param function the function
   * @param <T> the argument type
   * @param <R> the type of the future's value
   * @return the memoized function
   */
  public static <T, R> CachedAsyncFunction<T, R> asyncFunction(
      SharedCache cache, Function<? super T, ? extends CompletionStage<? extends R>> function) {
    return new SharedAsyncFunction<>(cache, function);
  }

  /**
   * Memoizes an asynchronous two-argument function in shared memory.
   *
   * @param cache the shared cache
   * @param function the function
   * @param <T> the first argument type
   * @param <U> the second argument type
   * @param <R> the type of the future's value
   * @return the memoized function
   */
  public static <T, U, R> CachedAsyncBiFunction<T, U, R> asyncBiFunction(
      SharedCache cache,
      BiFunction<? super T, ? super U, ? extends CompletionStage<? extends R>> function) {
    return new SharedAsyncBiFunction<>(cache, function);
  }

  @SuppressWarnings("unchecked") // the region holds only values the memoized function produced
  private static <R> CompletableFuture<R> castFuture(CompletableFuture<Object> future) {
    return (CompletableFuture<R>) (CompletableFuture<?>) future;
  }

  @SuppressWarnings("unchecked") // the region holds only values the memoized function returned
  private static <R> R cast(Object value) {
    return (R) value;
  }

  /** Statistics and clearing, shared by every form. */
  private abstract static class Base implements Memoized {
    final SharedCache cache;

    Base(SharedCache cache) {
      this.cache = cache;
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

  private static final class SharedFunction<T, R> extends Base implements CachedFunction<T, R> {
    private final Function<? super T, ? extends R> function;

    SharedFunction(SharedCache cache, Function<? super T, ? extends R> function) {
      super(cache);
      this.function = function;
    }

    @Override
    public R apply(T arg) {
      return cast(cache.get(arg, false, k -> function.apply(arg)));
    }
  }

  private static final class SharedBiFunction<T, U, R> extends Base
      implements CachedBiFunction<T, U, R> {
    private final BiFunction<? super T, ? super U, ? extends R> function;

    SharedBiFunction(SharedCache cache, BiFunction<? super T, ? super U, ? extends R> function) {
      super(cache);
      this.function = function;
    }

    @Override
    public R apply(T t, U u) {
      return cast(cache.get(new Object[] {t, u}, true, k -> function.apply(t, u)));
    }
  }

  private static final class SharedTriFunction<A, B, C, R> extends Base
      implements CachedTriFunction<A, B, C, R> {
    private final TriFunction<? super A, ? super B, ? super C, ? extends R> function;

    SharedTriFunction(
        SharedCache cache, TriFunction<? super A, ? super B, ? super C, ? extends R> function) {
      super(cache);
      this.function = function;
    }

    @Override
    public R apply(A a, B b, C c) {
      return cast(cache.get(new Object[] {a, b, c}, true, k -> function.apply(a, b, c)));
    }
  }

  private static final class SharedVarargsFunction<R> extends Base
      implements CachedVarargsFunction<R> {
    private final VarargsFunction<? extends R> function;

    SharedVarargsFunction(SharedCache cache, VarargsFunction<? extends R> function) {
      super(cache);
      this.function = function;
    }

    @Override
    public R apply(Object... args) {
      Object[] list = Objects.requireNonNull(args, "args");
      return cast(cache.get(list, true, k -> function.apply(list)));
    }
  }

  private static final class SharedAsyncFunction<T, R> extends Base
      implements CachedAsyncFunction<T, R> {
    private final Function<? super T, ? extends CompletionStage<? extends R>> function;

    SharedAsyncFunction(
        SharedCache cache, Function<? super T, ? extends CompletionStage<? extends R>> function) {
      super(cache);
      this.function = function;
    }

    @Override
    public CompletableFuture<R> apply(T arg) {
      return castFuture(
          cache.getAsync(arg, false, k -> Memoizers.started(function.apply(arg), function)));
    }
  }

  private static final class SharedAsyncBiFunction<T, U, R> extends Base
      implements CachedAsyncBiFunction<T, U, R> {
    private final BiFunction<? super T, ? super U, ? extends CompletionStage<? extends R>> function;

    SharedAsyncBiFunction(
        SharedCache cache,
        BiFunction<? super T, ? super U, ? extends CompletionStage<? extends R>> function) {
      super(cache);
      this.function = function;
    }

    @Override
    public CompletableFuture<R> apply(T t, U u) {
      return castFuture(
          cache.getAsync(
              new Object[] {t, u}, true, k -> Memoizers.started(function.apply(t, u), function)));
    }
  }

  private static final class SharedSupplier<R> extends Base implements CachedSupplier<R> {
    private final Supplier<? extends R> supplier;

    SharedSupplier(SharedCache cache, Supplier<? extends R> supplier) {
      super(cache);
      this.supplier = supplier;
    }

    @Override
    public R get() {
      return cast(cache.get(NO_ARGS, true, k -> supplier.get()));
    }
  }
}
