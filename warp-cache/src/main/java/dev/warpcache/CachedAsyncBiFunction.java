package dev.warpcache;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * A memoized asynchronous function of two arguments; the key is the pair of arguments. Made by
 * {@link WarpCache.Builder#memoizeAsync(BiFunction)}; behaves as {@link CachedAsyncFunction}
 * describes.
 *
 * @param <T> the first argument type
 * @param <U> the second argument type
 * @param <R> the type of the future's value
 */
public interface CachedAsyncBiFunction<T, U, R>
    extends BiFunction<T, U, CompletableFuture<R>>, Memoized {}
