/**
 * A Redis remote tier for warp-cache: {@link dev.warpcache.redis.RedisTier} stores the encoded
 * entries of every cache in one Redis server or a Redis Cluster, shared by every host, and delivers
 * invalidations to the near caches of the other hosts over Redis pub/sub.
 */
package dev.warpcache.redis;
