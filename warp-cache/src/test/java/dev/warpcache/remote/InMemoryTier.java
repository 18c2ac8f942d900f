package dev.warpcache.remote;

import dev.warpcache.RemoteTier;
import dev.warpcache.Ticker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link RemoteTier} test double: one in-memory {@link Backing} plays the shared store, and each
 * {@link Client} plays one JVM's connection to it. A write through a client is delivered at once,
 * on the writer's thread, to the listeners of every other client; a clear to every client's.
 * Clients can be told to fail, to hang, or to return corrupt bytes.
 */
final class InMemoryTier {
  private InMemoryTier() {}

  /** What a client's commands do. */
  enum Mode {
    /** Work. */
    NORMAL,
    /** Return futures that fail. */
    FAIL,
    /** Return futures that never complete. */
    HANG,
    /** Answer every get with bytes that no codec reads. */
    CORRUPT
  }

  /** A value as the tier keeps it, with its clock's reading when it was written. */
  record Stored(byte[] value, Duration ttl, long writtenAt) {}

  /**
   * The shared store: values by cache name and key bytes, and the connected clients. With a clock,
   * values expire after their TTL and a read tells how much of it is left; without one, they stay
   * and a read tells their whole TTL.
   */
  static final class Backing {
    final Map<String, Map<ByteBuffer, Stored>> values = new ConcurrentHashMap<>();
    final List<Client> clients = new CopyOnWriteArrayList<>();
    final Ticker clock;

    Backing() {
      this(null);
    }

    Backing(Ticker clock) {
      this.clock = clock;
    }

    /** The entry of a key, or null if there is none or it has expired. */
    Stored read(String name, byte[] key) {
      Stored entry = of(name).get(ByteBuffer.wrap(key.clone()));
      Duration left = entry == null ? null : remaining(entry);
      return entry == null || (left != null && left.isZero()) ? null : entry;
    }

    /** How much longer the entry lives: its TTL without a clock, null for no TTL. */
    Duration remaining(Stored entry) {
      if (entry.ttl() == null || clock == null) {
        return entry.ttl();
      }
      long left = entry.ttl().toNanos() - (clock.read() - entry.writtenAt());
      return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    Client client(Duration timeout) {
      Client client = new Client(this, timeout);
      clients.add(client);
      return client;
    }

    Map<ByteBuffer, Stored> of(String name) {
      return values.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    /** Tells the listeners of {@code name} on every client but {@code from} about a key. */
    void invalidateOthers(Client from, String name, byte[] key) {
      for (Client client : clients) {
        if (client != from) {
          for (Listening l : client.listeners) {
            if (l.name.equals(name) && l.open) {
              l.listener.invalidated(key.clone());
            }
          }
        }
      }
    }
  }

  /** One subscription. */
  static final class Listening implements RemoteTier.Subscription {
    final String name;
    final RemoteTier.InvalidationListener listener;
    volatile boolean open = true;

    Listening(String name, RemoteTier.InvalidationListener listener) {
      this.name = name;
      this.listener = listener;
    }

    @Override
    public void close() {
      open = false;
    }
  }

  /** One JVM's connection. */
  static final class Client implements RemoteTier {
    final Backing backing;
    final Duration timeout;
    final List<Listening> listeners = new CopyOnWriteArrayList<>();
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger puts = new AtomicInteger();
    volatile Mode mode = Mode.NORMAL;
    volatile Duration lastTtl;

    /** Runs after a get has read the store and before its future completes, once. */
    volatile Runnable duringNextGet;

    Client(Backing backing, Duration timeout) {
      this.backing = backing;
      this.timeout = timeout;
    }

    private <T> CompletableFuture<T> command(Consumer<CompletableFuture<T>> body) {
      CompletableFuture<T> future = new CompletableFuture<>();
      switch (mode) {
        case FAIL -> future.completeExceptionally(new IllegalStateException("tier down"));
        case HANG -> {}
        default -> body.accept(future);
      }
      return future;
    }

    @Override
    public CompletableFuture<byte[]> get(String cacheName, byte[] key) {
      gets.incrementAndGet();
      return command(
          future -> {
            Stored entry = backing.read(cacheName, key);
            byte[] value = entry == null ? null : entry.value().clone();
            if (mode == Mode.CORRUPT) {
              value = new byte[] {0x7F, 0x00, 0x13};
            }
            Runnable during = duringNextGet;
            if (during != null) {
              duringNextGet = null;
              during.run();
            }
            future.complete(value);
          });
    }

    @Override
    public CompletableFuture<RemoteTier.Entry> getEntry(String cacheName, byte[] key) {
      // The value through get (with its modes and hooks), then its remaining time as it is now.
      return get(cacheName, key)
          .thenApply(
              value -> {
                if (value == null) {
                  return null;
                }
                Stored entry = backing.of(cacheName).get(ByteBuffer.wrap(key.clone()));
                Duration left = entry == null ? Duration.ZERO : backing.remaining(entry);
                return new RemoteTier.Entry(value, left);
              });
    }

    @Override
    public CompletableFuture<Void> put(String cacheName, byte[] key, byte[] value, Duration ttl) {
      puts.incrementAndGet();
      return command(
          future -> {
            lastTtl = ttl;
            backing
                .of(cacheName)
                .put(
                    ByteBuffer.wrap(key.clone()),
                    new Stored(
                        value.clone(), ttl, backing.clock == null ? 0 : backing.clock.read()));
            backing.invalidateOthers(this, cacheName, key);
            future.complete(null);
          });
    }

    @Override
    public CompletableFuture<Void> invalidate(String cacheName, byte[] key) {
      return command(
          future -> {
            backing.of(cacheName).remove(ByteBuffer.wrap(key.clone()));
            backing.invalidateOthers(this, cacheName, key);
            future.complete(null);
          });
    }

    @Override
    public CompletableFuture<Void> clear(String cacheName) {
      return command(
          future -> {
            backing.of(cacheName).clear();
            for (Client client : backing.clients) {
              client.deliverAll(cacheName);
            }
            future.complete(null);
          });
    }

    /** What a reconnection does: every listener of the name drops everything. */
    void deliverAll(String cacheName) {
      for (Listening l : listeners) {
        if (l.name.equals(cacheName) && l.open) {
          l.listener.invalidatedAll();
        }
      }
    }

    /** Delivers an invalidation of raw bytes to this client's listeners of the name. */
    void deliver(String cacheName, byte[] key) {
      for (Listening l : listeners) {
        if (l.name.equals(cacheName) && l.open) {
          l.listener.invalidated(key);
        }
      }
    }

    @Override
    public Subscription subscribe(String cacheName, InvalidationListener listener) {
      Listening listening = new Listening(cacheName, listener);
      listeners.add(listening);
      return listening;
    }

    @Override
    public Duration timeout() {
      return timeout;
    }

    @Override
    public void close() {
      backing.clients.remove(this);
    }
  }
}
