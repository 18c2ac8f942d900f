package dev.warpcache.jcache;

/**
 * What the JCache layer stores in the warp-cache for one entry: the value (already copied, for
 * store-by-value) and the ticker time at which it expires. The expiry time changes in place when an
 * access updates it; a new value always gets a new holder.
 *
 * @param <V> the value type
 */
final class Expirable<V> {
  /** An expiry time that is never reached. */
  static final long ETERNAL = Long.MAX_VALUE;

  final V value;
  private volatile long expireAt;

  Expirable(V value, long expireAt) {
    this.value = value;
    this.expireAt = expireAt;
  }

  long expireAt() {
    return expireAt;
  }

  void setExpireAt(long expireAt) {
    this.expireAt = expireAt;
  }

  boolean isExpired(long now) {
    return expireAt != ETERNAL && expireAt - now <= 0;
  }

  @Override
  public String toString() {
    return "Expirable[" + value + ", expireAt=" + expireAt + "]";
  }
}
