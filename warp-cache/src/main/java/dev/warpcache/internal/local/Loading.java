package dev.warpcache.internal.local;

import java.util.concurrent.CompletableFuture;

/**
 * The value of a node whose value is being computed: callers that miss on the same key wait on
 * {@link #result} instead of computing again (single-flight).
 */
final class Loading {
  /** Completed by the loading thread after the node is replaced (success) or removed (failure). */
  final CompletableFuture<Object> result = new CompletableFuture<>();

  /** The thread running the loader, to detect a loader that asks for its own key. */
  final Thread owner = Thread.currentThread();

  /** Whether a write replaced this marker in the table; guarded by the store's lock. */
  boolean overwritten;

  /** What that write stored; guarded by the store's lock. */
  Object overwrittenBy;

  /** Records that a write stored {@code value} in this marker's place (under the store's lock). */
  void overwrite(Object value) {
    if (!overwritten) { // the first write is the one the load is ordered after
      overwritten = true;
      overwrittenBy = value;
    }
  }
}
