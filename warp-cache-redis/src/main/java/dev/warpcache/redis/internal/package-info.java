/**
 * Implementation details of {@link dev.warpcache.redis.RedisTier}: the layout of keys and channels
 * in Redis, the invalidation messages and their delivery to listeners. Not API: the module does not
 * export this package.
 */
package dev.warpcache.redis.internal;
