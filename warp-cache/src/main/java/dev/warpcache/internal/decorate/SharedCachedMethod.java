package dev.warpcache.internal.decorate;

import dev.warpcache.CacheInfo;
import dev.warpcache.Memoized;
import dev.warpcache.internal.shm.SharedCache;

/**
 * A {@link dev.warpcache.Cached} method of {@link dev.warpcache.Backend#SHARED}: its region is
 * keyed by the encoded argument list (the argument itself for one parameter), so every JVM that
 * decorates the same method finds the same entries.
 */
final class SharedCachedMethod implements Call, Memoized {

  private static final Object[] NO_ARGS = new Object[0];

  private final String description;
  private final SharedCache cache;
  private final Call target;
  private final int parameterCount;

  SharedCachedMethod(String description, int parameterCount, SharedCache cache, Call target) {
    this.description = description;
    this.cache = cache;
    this.target = target;
    this.parameterCount = parameterCount;
  }

  @Override
  public Object call(Object[] args) {
    // The cache encodes the key before the loader runs, so the proxy's array is not kept.
    return switch (parameterCount) {
      case 0 -> cache.get(NO_ARGS, true, key -> target.callFromLoader(null));
      case 1 -> cache.get(args[0], false, key -> target.callFromLoader(args));
      default -> cache.get(args, true, key -> target.callFromLoader(args));
    };
  }

  @Override
  public CacheInfo cacheInfo() {
    return cache.info();
  }

  @Override
  public void cacheClear() {
    cache.clear();
  }

  @Override
  public String toString() {
    return "Memoized[" + description + ", shared]";
  }
}
