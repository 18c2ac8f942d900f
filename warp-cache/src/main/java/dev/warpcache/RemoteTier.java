package dev.warpcache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A store shared by every host, behind the near cache of each JVM: the service provider interface
 * that the {@code warp-cache-redis} module implements. Applications pass an instance to {@link
 * WarpCache.Builder#remote(RemoteTier)}; they do not call it.
 *
 * <p>Everything crosses this interface as bytes: the cache encodes keys and values with its {@link
 * Codec} before they reach the tier and decodes what the tier returns, so a tier never deserializes
 * anything. A tier keeps the entries of each cache name apart (for example under a key prefix
 * holding the name and a layout version).
 *
 * <p>Every command completes, normally or exceptionally, within {@link #timeout()}; a tier that is
 * unreachable fails its commands instead of blocking, and reconnects by itself. The cache counts
 * each failure as a remote error and answers the call without the tier.
 *
 * <p>Implementations are thread-safe.
 */
public interface RemoteTier extends AutoCloseable {

  /**
   * Reads the value stored under a key.
   *
   * @param cacheName the cache name
   * @param key the encoded key
   * @return a future of the encoded value, or of {@code null} if the tier holds none; it fails if
   *     the command fails or takes longer than {@link #timeout()}
   */
  CompletableFuture<byte[]> get(String cacheName, byte[] key);

  /**
   * Reads the value stored under a key and how much longer the tier keeps it. The near cache fills
   * from this, so that a copy it takes of a value written earlier expires when the tier's does, not
   * a whole TTL after the fill. The default calls {@link #get} and tells no remaining time.
   *
   * @param cacheName the cache name
   * @param key the encoded key
   * @return a future of the entry, or of {@code null} if the tier holds none; it fails as {@link
   *     #get} does
   */
  default CompletableFuture<Entry> getEntry(String cacheName, byte[] key) {
    return get(cacheName, key).thenApply(value -> value == null ? null : new Entry(value, null));
  }

  /**
   * Stores a value, replacing any other, and tells the other clients' listeners of {@code
   * cacheName} that the key changed.
   *
   * @param cacheName the cache name
   * @param key the encoded key
   * @param value the encoded value
   * @param ttl how long the tier keeps the value, or {@code null} to keep it until it is removed
   * @return a future that completes when the tier has the value
   */
  CompletableFuture<Void> put(String cacheName, byte[] key, byte[] value, Duration ttl);

  /**
   * Removes the value of a key, if any, and tells the other clients' listeners that it changed.
   *
   * @param cacheName the cache name
   * @param key the encoded key
   * @return a future that completes when the value is gone
   */
  CompletableFuture<Void> invalidate(String cacheName, byte[] key);

  /**
   * Removes every value of a cache and tells every client's listeners of {@code cacheName},
   * including this client's, to drop everything.
   *
   * @param cacheName the cache name
   * @return a future that completes when the values are gone
   */
  CompletableFuture<Void> clear(String cacheName);

  /**
   * Starts delivering the invalidations of one cache name to a listener. Invalidations caused by
   * this tier object's own {@link #put} and {@link #invalidate} are not delivered (the writer
   * updates its own near cache); those of every other client are, from any thread of the tier.
   *
   * @param cacheName the cache name
   * @param listener what to tell
   * @return the subscription; closing it stops the deliveries
   */
  Subscription subscribe(String cacheName, InvalidationListener listener);

  /**
   * Returns the bound on every command of this tier.
   *
   * @return the command timeout
   */
  Duration timeout();

  /** Closes the connections of the tier; commands issued afterwards fail. */
  @Override
  void close();

  /**
   * A value read from the tier, with how much longer the tier keeps it.
   *
   * @param value the encoded value
   * @param remaining how much longer the tier keeps the value (zero: it has expired since it was
   *     read), or {@code null} if it keeps it until it is removed or cannot tell
   */
  record Entry(byte[] value, Duration remaining) {

    /**
     * Checks the parts.
     *
     * @param value the encoded value
     * @param remaining how much longer the tier keeps the value, or {@code null}
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code remaining} is negative
     */
    public Entry {
      Objects.requireNonNull(value, "value");
      if (remaining != null && remaining.isNegative()) {
        throw new IllegalArgumentException("remaining must not be negative, but was " + remaining);
      }
    }
  }

  /** Receives the invalidations of one cache name from other clients. */
  interface InvalidationListener {

    /**
     * Another client wrote or removed this key: a near copy of it is stale.
     *
     * @param key the encoded key
     */
    void invalidated(byte[] key);

    /**
     * Every near copy may be stale: a client cleared the cache, or the tier reconnected and may
     * have missed invalidations meanwhile.
     */
    void invalidatedAll();
  }

  /** A running delivery of invalidations; {@link #close()} stops it. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
