package dev.warpcache.examples;

import dev.warpcache.Cached;

/** The README's decorator example: an interface whose annotated method is memoized. */
interface UserRepo {
  @Cached(maxSize = 256, ttlSeconds = 60)
  String findName(long id);
}
