/**
 * warp-cache: a thread-safe memoizing cache with SIEVE eviction and TTL.
 *
 * <p>Only {@code dev.warpcache} is API; every {@code dev.warpcache.internal} package is an
 * implementation detail and is not exported.
 */
module dev.warpcache {
  exports dev.warpcache;
}
