package dev.warpcache.internal.memo;

import dev.warpcache.CacheInfo;
import dev.warpcache.internal.local.LocalStore;
import java.util.concurrent.CompletionStage;

/**
 * A store with a second level behind it, such as a remote tier: its near store answers hits exactly
 * as the memory backend does, and its misses ask the second level before they run the function.
 * {@link Memoizers} builds the same memoized functions over it as over a plain {@link LocalStore};
 * only their miss path and their statistics come from here.
 */
public interface TieredStore {

  /**
   * Returns the store that answers hits.
   *
   * @return the near store
   */
  LocalStore near();

  /**
   * The near store's loader on a miss: the second level's value if it has one (returned {@link
   * LocalStore#found wrapped}), else the function's.
   *
   * @param nearKey the key, as the near store holds it
   * @param function computes the value from the near key
   * @return the value found (wrapped) or computed
   */
  Object loadThrough(Object nearKey, LocalStore.Loader function);

  /**
   * The asynchronous form of {@link #loadThrough}, for {@link LocalStore#loadThroughAsync}.
   *
   * @param nearKey the key, as the near store holds it
   * @param function starts computing the value from the near key
   * @return a future of the value found (wrapped) or computed
   */
  CompletionStage<?> loadThroughAsync(Object nearKey, LocalStore.AsyncLoader function);

  /**
   * Returns the statistics of both levels.
   *
   * @return the statistics
   */
  CacheInfo info();

  /** Removes every entry of both levels. */
  void clear();
}
