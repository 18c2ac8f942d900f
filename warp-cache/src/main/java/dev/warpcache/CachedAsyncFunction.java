package dev.warpcache;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A memoized asynchronous function of one argument. Made by {@link
 * WarpCache.Builder#memoizeAsync(Function)}.
 *
 * <ul>
 *   <li>A hit returns an already completed future and does not call the function.
 *   <li>A miss calls the function once; callers that miss on the same key while that call is in
 *       flight get futures of that same computation (and count as hits). The value is stored when
 *       the function's future completes normally, and a TTL counts from then.
 *   <li>A future that completes exceptionally or is cancelled stores nothing: every caller that
 *       joined it sees the failure, and the next call runs the function again. An exception the
 *       function throws instead of returning a future reaches the caller unchanged.
 *   <li>Every caller gets a future of its own: completing, obtruding or cancelling it changes
 *       neither what the cache holds nor what other callers get, and does not cancel the shared
 *       computation.
 *   <li>No lock is held while the function runs or while a future completes, so the function may
 *       block (on a virtual thread, say) and dependent stages run freely.
 * </ul>
 *
 * @param <T> the argument type
 * @param <R> the type of the future's value
 */
public interface CachedAsyncFunction<T, R> extends Function<T, CompletableFuture<R>>, Memoized {}
