/**
 * A Redis remote tier for warp-cache, on the Lettuce client.
 *
 * <p>warp-cache is required transitively: {@link dev.warpcache.redis.RedisTier} implements its
 * {@code RemoteTier}. Lettuce is not: no Lettuce type appears in the API.
 */
// Lettuce ships no module descriptor, only the automatic module name lettuce.core: requiring it is
// the documented way, so the lint warning about that is suppressed here.
@SuppressWarnings("requires-automatic")
module dev.warpcache.redis {
  requires transitive dev.warpcache;
  requires lettuce.core;
  // For the Netty future that shutting the client's threads down returns.
  requires io.netty.common;

  exports dev.warpcache.redis;
}
