package dev.warpcache.redis;

import dev.warpcache.RemoteTier.InvalidationListener;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what a tier tells it, as "key:<hex>" and "all", in order. */
final class RecordingListener implements InvalidationListener {

  static final String ALL = "all";

  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  static String key(byte[] key) {
    return "key:" + HexFormat.of().formatHex(key);
  }

  static String key(String key) {
    return key(key.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void invalidated(byte[] key) {
    events.add(key(key));
  }

  @Override
  public void invalidatedAll() {
    events.add(ALL);
  }

  /** The next event, waiting up to 5 s; null if none came. */
  String next() throws InterruptedException {
    return events.poll(5, TimeUnit.SECONDS);
  }

  /** Waits up to 5 s for an event equal to {@code expected}, dropping the others before it. */
  boolean awaitEvent(String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      String event = events.poll(left, TimeUnit.NANOSECONDS);
      if (expected.equals(event)) {
        return true;
      }
    }
    return false;
  }

  /** The events received so far, without waiting. */
  String pending() {
    return events.toString();
  }
}
