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
}
