package dev.warpcache;

/**
 * A source of time in nanoseconds, used for TTL (expire-after-write).
 *
 * <p>Only differences between two readings matter, so the origin is arbitrary. The default is
 * {@link #system()}, backed by {@link System#nanoTime()}. Tests inject a fake ticker so that expiry
 * never needs a sleep:
 *
 * <pre>{@code
 * AtomicLong now = new AtomicLong();
 * Cache<String, String> cache =
 *     WarpCache.builder().ttl(Duration.ofSeconds(10)).ticker(now::get).build();
 * cache.put("k", "v");
 * now.addAndGet(Duration.ofSeconds(11).toNanos()); // "k" has now expired
 * }</pre>
 *
 * <p>Implementations must be thread-safe and must never go backwards.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Returns the current reading of this ticker.
   *
   * @return a time in nanoseconds, relative to an arbitrary fixed origin
   */
  long read();

  /**
   * Returns the ticker backed by {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return System::nanoTime;
  }
}
