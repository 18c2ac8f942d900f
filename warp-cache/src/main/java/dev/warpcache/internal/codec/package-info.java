/**
 * The byte encoding of keys and values for the caches that keep bytes (the shared-memory backend, a
 * remote tier): the tagged fast-path format ({@link dev.warpcache.internal.codec.TaggedCodec}), the
 * Java-serialization fallback behind an allow-list ({@link
 * dev.warpcache.internal.codec.SerializationCodec}) and the fixed-seed 64-bit hash of key bytes
 * ({@link dev.warpcache.internal.codec.XxHash64}). Internal: not API, not exported by the module,
 * and free to change in any release.
 */
package dev.warpcache.internal.codec;
