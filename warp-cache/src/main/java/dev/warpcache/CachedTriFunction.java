package dev.warpcache;

/**
 * A memoized three-argument function. The key is the list of arguments, compared with {@code
 * equals} (arrays by content). Made by {@link WarpCache.Builder#memoize(TriFunction)}.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <C> the third argument type
 * @param <R> the result type
 */
public interface CachedTriFunction<A, B, C, R> extends TriFunction<A, B, C, R>, Memoized {}
