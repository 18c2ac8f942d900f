package dev.warpcache;

/**
 * A memoized function of any number of arguments. The key is the argument list, compared element by
 * element with {@code equals} (arrays by content). Made by {@link
 * WarpCache.Builder#memoizeVarargs(VarargsFunction)}.
 *
 * @param <R> the result type
 */
public interface CachedVarargsFunction<R> extends VarargsFunction<R>, Memoized {}
