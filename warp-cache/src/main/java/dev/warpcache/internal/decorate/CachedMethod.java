package dev.warpcache.internal.decorate;

import dev.warpcache.CacheInfo;
import dev.warpcache.Memoized;
import dev.warpcache.internal.local.LocalStore;
import dev.warpcache.internal.memo.Keys;
import dev.warpcache.internal.remote.NearCache;

/**
 * A {@link dev.warpcache.Cached} method: its own store, keyed by the argument list, filled by
 * forwarding a miss to the decorated object, or, with a remote tier, by the tier first (the store
 * is then the near cache of a {@link NearCache}). It is also the {@link Memoized} view that {@link
 * Decorator#cacheOf} hands out.
 */
final class CachedMethod implements Call, Memoized {

  private static final Object NO_ARGS_KEY = Keys.ofArgs(new Object[0]);

  private final String description;
  private final LocalStore store;
  private final Call target;
  private final int parameterCount;
  private final NearCache remote;

  CachedMethod(String description, int parameterCount, LocalStore store, Call target) {
    this(description, parameterCount, store, target, null);
  }

  /** A method whose misses ask {@code remote} first; {@code store} is its near store. */
  CachedMethod(String description, int parameterCount, NearCache remote, Call target) {
    this(description, parameterCount, remote.near(), target, remote);
  }

  private CachedMethod(
      String description, int parameterCount, LocalStore store, Call target, NearCache remote) {
    this.description = description;
    this.store = store;
    this.target = target;
    this.parameterCount = parameterCount;
    this.remote = remote;
  }

  @Override
  public Object call(Object[] args) {
    // The same pattern as the memoized functions: look the key up on the lock-free hit path, and
    // only on a miss allocate the loader and a copy of the key that shares no array with the
    // caller. Each method has a store of its own, so a one-parameter method keys by the argument
    // alone. The proxy passes null, not an empty array, for a method without parameters.
    Object key =
        switch (parameterCount) {
          case 0 -> NO_ARGS_KEY;
          case 1 -> Keys.of(args[0]);
          default -> Keys.ofArgs(args);
        };
    int hash = LocalStore.hash(key);
    Object value = store.getIfLive(key, hash);
    if (value == LocalStore.ABSENT) {
      value =
          remote == null
              ? store.load(Keys.stable(key), hash, k -> target.callFromLoader(args))
              : store.load(
                  Keys.stable(key),
                  hash,
                  k -> remote.loadThrough(k, nearKey -> target.callFromLoader(args)));
    }
    return value;
  }

  @Override
  public CacheInfo cacheInfo() {
    return remote == null ? store.info() : remote.info();
  }

  @Override
  public void cacheClear() {
    if (remote == null) {
      store.clear();
    } else {
      remote.clear();
    }
  }

  @Override
  public String toString() {
    return "Memoized[" + description + "]";
  }
}
