package dev.warpcache;

import java.util.function.Function;

/**
 * A memoized one-argument function: repeated calls with an equal argument return the stored result.
 * Made by {@link WarpCache.Builder#memoize(Function)}.
 *
 * <p>The argument is the key ({@code equals}/{@code hashCode}; arrays by content). {@code null}
 * arguments and {@code null} results are cached like any other. A call whose function throws caches
 * nothing and the exception reaches the caller unchanged.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
public interface CachedFunction<T, R> extends Function<T, R>, Memoized {}
