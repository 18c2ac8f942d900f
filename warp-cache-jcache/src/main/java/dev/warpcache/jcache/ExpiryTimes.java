package dev.warpcache.jcache;

import dev.warpcache.Ticker;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * Turns a JCache {@link ExpiryPolicy} into expiry times on the cache's {@link Ticker}. A policy
 * that throws or returns {@code null} leaves the expiry time unchanged (for a new entry: eternal),
 * as the specification asks.
 */
final class ExpiryTimes {
  /** Returned by {@link #forAccess} and {@link #forUpdate} when the expiry time stays as it is. */
  static final long UNCHANGED = Long.MIN_VALUE;

  private static final System.Logger LOG = System.getLogger(ExpiryTimes.class.getName());

  private final ExpiryPolicy policy;
  private final Ticker ticker;

  ExpiryTimes(ExpiryPolicy policy, Ticker ticker) {
    this.policy = policy;
    this.ticker = ticker;
  }

  ExpiryPolicy policy() {
    return policy;
  }

  long now() {
    return ticker.read();
  }

  long forCreation(long now) {
    long at = expireAt(ask(policy::getExpiryForCreation), now);
    return at == UNCHANGED ? Expirable.ETERNAL : at;
  }

  long forAccess(long now) {
    return expireAt(ask(policy::getExpiryForAccess), now);
  }

  long forUpdate(long now) {
    return expireAt(ask(policy::getExpiryForUpdate), now);
  }

  private static Duration ask(Supplier<Duration> question) {
    try {
      return question.get();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The expiry policy failed; the expiry time stays unchanged", e);
      return null;
    }
  }

  private static long expireAt(Duration duration, long now) {
    if (duration == null) {
      return UNCHANGED;
    }
    if (duration.isEternal()) {
      return Expirable.ETERNAL;
    }
    if (duration.isZero()) {
      return now;
    }
    TimeUnit unit = duration.getTimeUnit();
    long nanos = unit.toNanos(duration.getDurationAmount());
    long at = now + nanos;
    // Saturate: a far future is eternal, and never collides with the UNCHANGED marker.
    if (((now ^ at) & (nanos ^ at)) < 0 || at == Expirable.ETERNAL || at == UNCHANGED) {
      return Expirable.ETERNAL;
    }
    return at;
  }
}
