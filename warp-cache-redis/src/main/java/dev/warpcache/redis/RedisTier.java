package dev.warpcache.redis;

import dev.warpcache.RemoteTier;
import dev.warpcache.redis.internal.InvalidationMessage;
import dev.warpcache.redis.internal.KeyLayout;
import dev.warpcache.redis.internal.Subscriptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A {@link RemoteTier} on one Redis server, through the Lettuce client.
 *
 * <pre>{@code
 * try (RedisTier tier = RedisTier.connect("redis://127.0.0.1:6379")) {
 *   // hand the tier to the cache builder
 * }
 * }</pre>
 *
 * <h2>Entries</h2>
 *
 * The entry of an encoded key {@code k} of the cache {@code name} is the Redis string under the key
 * {@code warp:v1:<name>:} followed by the bytes of {@code k} (a cache name holding {@code %} or
 * {@code :} has them escaped as {@code %25} and {@code %3A}, so that no cache's keys start with
 * another's prefix). {@link #put} is a {@code SET}, with {@code PX} when the entry has a time to
 * live; {@link #invalidate} is a {@code DEL}; {@link #clear} walks the keys of the cache with
 * {@code SCAN} (never {@code KEYS}, which would block the server) and removes each page of up to
 * 1,000 keys with {@code UNLINK}. The keys of other caches are never touched.
 *
 * <h2>Invalidations</h2>
 *
 * Each cache name has a pub/sub channel, {@code warp:v1:inv:<name>}. A {@code put} or an {@code
 * invalidate} publishes the key on it, pipelined after its write on the same connection, and the
 * returned future completes once both have; the message carries a random id of this tier object, so
 * that {@link #subscribe subscribed} listeners of this object skip their own writes. A {@code
 * clear} publishes a message for the whole cache, which every client's listeners receive; this
 * object's own listeners are told directly, before its future completes.
 *
 * <p>Why pub/sub rather than the server-assisted client-side caching of Redis 6 ({@code CLIENT
 * TRACKING}): tracking is per server, so on a Redis Cluster a client would need one tracking
 * connection to every primary and would have to follow resharding, while a classic {@code PUBLISH}
 * is forwarded to every node of a cluster, so one subscription anywhere hears every writer. The
 * messages are also explicit: tracking reports a key when anything changes it, including this
 * client's own writes, expiry and eviction, which a near cache with its own TTL does not need.
 *
 * <h2>Failures</h2>
 *
 * Every Redis command fails with a {@code RedisCommandTimeoutException} once it has taken longer
 * than {@link #timeout()}, and fails at once while the connection is down: a future of this tier
 * never hangs. A {@code clear} is several commands (one {@code SCAN} and one {@code UNLINK} per
 * page), each bounded so. The tier reconnects by itself, retrying at most a second apart. Pub/sub
 * is fire and forget: messages published while the subscribing connection was down are lost, so
 * once it has reconnected and subscribed its channels again, every listener is told {@link
 * RemoteTier.InvalidationListener#invalidatedAll()}.
 *
 * <p>The futures complete on the client's I/O threads: continuations attached to them should not
 * block. Listeners are called on one thread of this tier, in the order the messages arrived.
 *
 * <p>This class is thread-safe.
 */
public final class RedisTier implements RemoteTier {

  /** The command timeout of {@link #connect(String)}: 500 ms. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

  private static final int SCAN_PAGE = 1_000;
  private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);
  private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
  private static final long RESUBSCRIBE_RETRY_MILLIS = 100;
  // About 292 years: a longer TTL is stored without an expiry, a practical forever, well inside
  // the range that SET ... PX accepts.
  private static final long MAX_TTL_MILLIS = Long.MAX_VALUE / 1_000_000;

  private final String location;
  private final Duration timeout;
  private final ClientResources resources;
  private final RedisClient commandClient;
  private final RedisClient pubSubClient;
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisAsyncCommands<byte[], byte[]> commands;
  private final StatefulRedisPubSubConnection<byte[], byte[]> pubSub;
  private final ScheduledExecutorService delivery;
  private final Subscriptions subscriptions;
  private final byte[] senderId;
  private final Object subscribeLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong reconnects = new AtomicLong();

  private RedisTier(RedisURI uri, Duration timeout) {
    this.location = uri.toString(); // without the password
    this.timeout = timeout;
    this.senderId = newSenderId();
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.exponential(Duration.ZERO, MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
    this.delivery = newDeliveryExecutor();
    this.subscriptions = new Subscriptions(delivery, senderId);
    RedisClient commandClient = null;
    RedisClient pubSubClient = null;
    StatefulRedisConnection<byte[], byte[]> connection = null;
    try {
      // Two clients on the same resources, for their options differ: the command connection
      // rejects commands while it is down, so that a cache miss does not wait for the timeout,
      // while the pub/sub connection queues its SUBSCRIBE commands until it is back.
      commandClient = RedisClient.create(resources, uri);
      commandClient.setOptions(
          options(timeout, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS));
      pubSubClient = RedisClient.create(resources, uri);
      pubSubClient.setOptions(options(timeout, ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS));
      connection = commandClient.connect(ByteArrayCodec.INSTANCE);
      this.pubSub = pubSubClient.connectPubSub(ByteArrayCodec.INSTANCE);
    } catch (RuntimeException e) {
      if (connection != null) {
        connection.close();
      }
      shutdown(commandClient);
      shutdown(pubSubClient);
      resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      delivery.shutdownNow();
      throw new IllegalStateException("cannot connect to Redis at " + location, e);
    }
    this.commandClient = commandClient;
    this.pubSubClient = pubSubClient;
    this.connection = connection;
    this.commands = connection.async();
    pubSub.addListener(
        new RedisPubSubAdapter<byte[], byte[]>() {
          @Override
          public void message(byte[] channel, byte[] message) {
            subscriptions.received(channel, message);
          }
        });
    pubSub.addListener(
        new RedisConnectionStateListener() {
          @Override
          public void onRedisConnected(
              RedisChannelHandler<?, ?> handler, SocketAddress socketAddress) {
            resubscribe(reconnects.incrementAndGet());
          }
        });
  }

  /**
   * Connects to a Redis server with the {@link #DEFAULT_TIMEOUT default timeout}.
   *
   * @param uri the server, as a Redis URI such as {@code redis://host:6379} or {@code
   *     redis://:password@host:6379/0}
   * @return the connected tier
   * @throws IllegalArgumentException if the URI is not a Redis URI
   * @throws IllegalStateException if the server cannot be reached
   */
  public static RedisTier connect(String uri) {
    return connect(uri, DEFAULT_TIMEOUT);
  }

  /**
   * Connects to a Redis server.
   *
   * <p>The first connection must succeed: this method fails if the server cannot be reached, after
   * a connection attempt bounded by the larger of {@code timeout} and one second. Later
   * disconnections are repaired by the tier itself.
   *
   * @param uri the server, as a Redis URI such as {@code redis://host:6379} or {@code
   *     redis://:password@host:6379/0}
   * @param timeout the bound on every command, positive
   * @return the connected tier
   * @throws IllegalArgumentException if the URI is not a Redis URI or the timeout is not positive
   * @throws IllegalStateException if the server cannot be reached
   */
  public static RedisTier connect(String uri, Duration timeout) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive: " + timeout);
    }
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(timeout);
    return new RedisTier(redisUri, timeout);
  }

  @Override
  public CompletableFuture<byte[]> get(String cacheName, byte[] key) {
    byte[] redisKey = KeyLayout.of(cacheName).key(Objects.requireNonNull(key, "key"));
    return run(() -> commands.get(redisKey));
  }

  @Override
  public CompletableFuture<Void> put(String cacheName, byte[] key, byte[] value, Duration ttl) {
    KeyLayout layout = KeyLayout.of(cacheName);
    byte[] redisKey = layout.key(Objects.requireNonNull(key, "key"));
    Objects.requireNonNull(value, "value");
    byte[] message = InvalidationMessage.key(senderId, key);
    return run(
        () -> {
          CompletionStage<?> write;
          if (ttl == null) {
            write = commands.set(redisKey, value);
          } else if (ttl.isNegative() || ttl.isZero()) {
            // Expired as soon as written: what is left to do is removing the previous value.
            write = commands.del(redisKey);
          } else {
            long millis = ceilMillis(ttl);
            write =
                millis > MAX_TTL_MILLIS
                    ? commands.set(redisKey, value)
                    : commands.set(redisKey, value, SetArgs.Builder.px(millis));
          }
          CompletionStage<Long> publish = commands.publish(layout.channel(), message);
          return CompletableFuture.allOf(
              write.toCompletableFuture(), publish.toCompletableFuture());
        });
  }

  @Override
  public CompletableFuture<Void> invalidate(String cacheName, byte[] key) {
    KeyLayout layout = KeyLayout.of(cacheName);
    byte[] redisKey = layout.key(Objects.requireNonNull(key, "key"));
    byte[] message = InvalidationMessage.key(senderId, key);
    return run(
        () -> {
          CompletionStage<Long> delete = commands.del(redisKey);
          CompletionStage<Long> publish = commands.publish(layout.channel(), message);
          return CompletableFuture.allOf(
              delete.toCompletableFuture(), publish.toCompletableFuture());
        });
  }

  @Override
  public CompletableFuture<Void> clear(String cacheName) {
    KeyLayout layout = KeyLayout.of(cacheName);
    ScanArgs page = ScanArgs.Builder.matches(layout.pattern()).limit(SCAN_PAGE);
    return run(
        () ->
            removePages(page, ScanCursor.INITIAL)
                .thenCompose(
                    removed ->
                        commands.publish(layout.channel(), InvalidationMessage.all(senderId)))
                .thenCompose(published -> subscriptions.invalidateAll(layout)));
  }

  private CompletionStage<Void> removePages(ScanArgs page, ScanCursor cursor) {
    return commands
        .scan(cursor, page)
        .thenCompose(
            (KeyScanCursor<byte[]> scanned) -> {
              List<byte[]> keys = scanned.getKeys();
              CompletionStage<Long> removal =
                  keys.isEmpty()
                      ? CompletableFuture.completedFuture(0L)
                      : commands.unlink(keys.toArray(new byte[0][]));
              return removal.thenCompose(
                  removed ->
                      scanned.isFinished()
                          ? CompletableFuture.<Void>completedFuture(null)
                          : removePages(page, scanned));
            });
  }

  @Override
  public Subscription subscribe(String cacheName, InvalidationListener listener) {
    KeyLayout layout = KeyLayout.of(cacheName);
    Objects.requireNonNull(listener, "listener");
    Subscriptions.Registration registration;
    synchronized (subscribeLock) {
      if (closed.get()) {
        throw new IllegalStateException("this RedisTier is closed");
      }
      registration = subscriptions.add(layout, listener);
      if (registration.first()) {
        registration.confirmSubscription(run(() -> pubSub.async().subscribe(layout.channel())));
      }
    }
    awaitQuietly(registration.subscription());
    return new RedisSubscription(registration);
  }

  /**
   * Returns the bound on every command of this tier.
   *
   * @return the command timeout
   */
  @Override
  public Duration timeout() {
    return timeout;
  }

  /**
   * Closes both connections, shuts the client and its threads down and stops the deliveries of
   * invalidations. Closing again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (subscribeLock) {
      closeQuietly(pubSub);
      closeQuietly(connection);
    }
    shutdown(commandClient);
    shutdown(pubSubClient);
    try {
      resources
          .shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .get(SHUTDOWN_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // Shutting down is best effort: the threads are daemons and stop with the JVM anyway.
    }
    delivery.shutdownNow();
  }

  @Override
  public String toString() {
    return "RedisTier[" + location + ", timeout=" + timeout + "]";
  }

  /**
   * After a reconnection of the pub/sub connection: subscribes every channel again (Lettuce does so
   * too, but only for the channels whose subscription it saw confirmed), then tells every listener
   * that it may have missed invalidations. In this order, so that no invalidation falls between the
   * listeners' reset and the subscription.
   */
  private void resubscribe(long attempt) {
    if (closed.get() || attempt != reconnects.get()) {
      return;
    }
    List<byte[]> channels = subscriptions.channels();
    CompletableFuture<Void> subscribed =
        channels.isEmpty()
            ? CompletableFuture.completedFuture(null)
            : run(() -> pubSub.async().subscribe(channels.toArray(new byte[0][])));
    subscribed.whenComplete(
        (ok, failure) -> {
          if (closed.get() || attempt != reconnects.get()) {
            return;
          }
          if (failure == null) {
            subscriptions.invalidateEverything();
          } else {
            try {
              delivery.schedule(
                  () -> resubscribe(attempt), RESUBSCRIBE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RuntimeException shutDown) {
              // closed meanwhile
            }
          }
        });
  }

  private void unsubscribe(Subscriptions.Registration registration) {
    synchronized (subscribeLock) {
      if (subscriptions.remove(registration) && !closed.get()) {
        byte[] channel = registration.layout().channel();
        // Best effort: an unsubscribed channel whose UNSUBSCRIBE failed only costs messages that
        // no listener receives.
        run(() -> pubSub.async().unsubscribe(channel));
      }
    }
  }

  /** Issues commands, turning every failure, including one to issue them, into a failed future. */
  private <T> CompletableFuture<T> run(Supplier<? extends CompletionStage<T>> command) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("this RedisTier is closed"));
    }
    try {
      // A new future: completing or cancelling it does not touch the command's.
      return command.get().thenApply(value -> value).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void awaitQuietly(CompletableFuture<Void> future) {
    try {
      future.get(timeout.toNanos() * 2, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The listener is registered: the channel is subscribed again when the connection is back.
    }
  }

  private static ClientOptions options(
      Duration timeout, ClientOptions.DisconnectedBehavior whileDisconnected) {
    Duration connectTimeout =
        timeout.compareTo(MIN_CONNECT_TIMEOUT) > 0 ? timeout : MIN_CONNECT_TIMEOUT;
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(whileDisconnected)
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
        .build();
  }

  private static long ceilMillis(Duration ttl) {
    try {
      long millis = ttl.toMillis();
      return ttl.equals(Duration.ofMillis(millis)) ? millis : millis + 1;
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static byte[] newSenderId() {
    UUID uuid = UUID.randomUUID();
    return ByteBuffer.allocate(InvalidationMessage.SENDER_LENGTH)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  private static ScheduledExecutorService newDeliveryExecutor() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "warp-cache-redis-invalidations");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  private static void shutdown(RedisClient client) {
    if (client != null) {
      try {
        client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
      } catch (RuntimeException e) {
        // best effort
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // best effort
    }
  }

  private final class RedisSubscription implements Subscription {
    private final Subscriptions.Registration registration;

    RedisSubscription(Subscriptions.Registration registration) {
      this.registration = registration;
    }

    @Override
    public void close() {
      unsubscribe(registration);
    }
  }
}
