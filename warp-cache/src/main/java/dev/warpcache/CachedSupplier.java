package dev.warpcache;

import java.util.function.Supplier;

/**
 * A memoized supplier: the first call computes the value, later calls return it until it is cleared
 * or its TTL passes. Made by {@link WarpCache.Builder#memoize(Supplier)}.
 *
 * @param <R> the result type
 */
public interface CachedSupplier<R> extends Supplier<R>, Memoized {}
