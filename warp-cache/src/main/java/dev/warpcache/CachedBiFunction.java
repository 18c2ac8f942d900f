package dev.warpcache;

import java.util.function.BiFunction;

/**
 * A memoized two-argument function. The key is the pair of arguments, compared with {@code equals}
 * (arrays by content). Made by {@link WarpCache.Builder#memoize(BiFunction)}.
 *
 * @param <T> the first argument type
 * @param <U> the second argument type
 * @param <R> the result type
 */
public interface CachedBiFunction<T, U, R> extends BiFunction<T, U, R>, Memoized {}
