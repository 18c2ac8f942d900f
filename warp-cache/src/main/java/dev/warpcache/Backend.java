package dev.warpcache;

/**
 * Where a cache keeps its entries.
 *
 * <ul>
 *   <li>{@link #MEMORY}: in this JVM's heap; keys and values are kept as objects. The default.
 *   <li>{@link #SHARED}: in a memory-mapped file that every JVM of the same user on the host opens
 *       under the same {@link WarpCache.Builder#name(String) name}; keys and values are stored as
 *       bytes through a {@link Codec}, limited by {@link WarpCache.Builder#maxKeySize(int)} and
 *       {@link WarpCache.Builder#maxValueSize(int)}.
 * </ul>
 */
public enum Backend {
  /** Entries live in this JVM's heap. */
  MEMORY,
  /** Entries live in shared memory, seen by every process of the user on the host. */
  SHARED
}
