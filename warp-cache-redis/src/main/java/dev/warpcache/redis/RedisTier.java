package dev.warpcache.redis;

import dev.warpcache.RemoteTier;
import dev.warpcache.redis.internal.InvalidationMessage;
import dev.warpcache.redis.internal.KeyLayout;
import dev.warpcache.redis.internal.Subscriptions;
import io.lettuce.core.AbstractRedisClient;
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
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
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
 * A {@link RemoteTier} on one Redis server or on a Redis Cluster, through the Lettuce client.
 *
 * <pre>{@code
 * try (RedisTier tier = RedisTier.connect("redis://127.0.0.1:6379")) {
 *   // hand the tier to the cache builder
 * }
 * }</pre>
 *
 * <p>{@link #connect(String, Duration)} connects to one server, {@link #connectCluster(List,
 * Duration)} to a cluster, from some of its nodes:
 *
 * <pre>{@code
 * RedisTier tier = RedisTier.connectCluster(
 *     List.of("redis://10.0.0.1:6379", "redis://10.0.0.2:6379"), Duration.ofMillis(500));
 * }</pre>
 *
 * The choice is explicit rather than detected, because a cluster needs a different client, and
 * because its seed nodes are a list. Both kinds of tier store the same keys and publish the same
 * messages; what differs in a cluster is described at {@link #connectCluster(List, Duration)}.
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
  private final java.util.concurrent.ConcurrentHashMap<String, KeyLayout> layouts =
      new java.util.concurrent.ConcurrentHashMap<>();

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
  private final boolean pipelinedPublish;
  private final ClientResources resources;
  private final AbstractRedisClient commandClient;
  private final AbstractRedisClient pubSubClient;
  private final StatefulConnection<byte[], byte[]> connection;
  private final RedisClusterAsyncCommands<byte[], byte[]> commands;
  private final Publisher publisher;
  private final StatefulRedisPubSubConnection<byte[], byte[]> pubSub;
  private final ScheduledExecutorService delivery;
  private final Subscriptions subscriptions;
  private final byte[] senderId;
  private final Object subscribeLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong reconnects = new AtomicLong();

  private <C extends AbstractRedisClient> RedisTier(Endpoint<C> endpoint, Duration timeout) {
    this.location = endpoint.location();
    this.timeout = timeout;
    this.pipelinedPublish = endpoint.pipelinedPublish();
    this.senderId = newSenderId();
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.exponential(Duration.ZERO, MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
    this.delivery = newDeliveryExecutor();
    this.subscriptions = new Subscriptions(delivery, senderId);
    C commandClient = null;
    C pubSubClient = null;
    Commands connected = null;
    try {
      // Two clients on the same resources, for their options differ: the command connection
      // rejects commands while it is down, so that a cache miss does not wait for the timeout,
      // while the pub/sub connection queues its SUBSCRIBE commands until it is back.
      commandClient =
          endpoint.newClient(
              resources, options(timeout, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS));
      pubSubClient =
          endpoint.newClient(
              resources, options(timeout, ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS));
      connected = endpoint.connect(commandClient);
      this.pubSub = endpoint.connectPubSub(pubSubClient);
    } catch (RuntimeException e) {
      if (connected != null) {
        connected.connection().close();
      }
      shutdown(commandClient);
      shutdown(pubSubClient);
      resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      delivery.shutdownNow();
      throw new IllegalStateException("cannot connect to Redis at " + location, e);
    }
    this.commandClient = commandClient;
    this.pubSubClient = pubSubClient;
    this.connection = connected.connection();
    this.commands = connected.commands();
    this.publisher = connected.publisher();
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
    checkTimeout(timeout);
    return new RedisTier(new Standalone(redisUri(uri, timeout)), timeout);
  }

  /**
   * Connects to a Redis Cluster with the {@link #DEFAULT_TIMEOUT default timeout}.
   *
   * @param seedUris some nodes of the cluster, each as a Redis URI such as {@code
   *     redis://host:6379}; the client discovers the others from any one that answers
   * @return the connected tier
   * @throws IllegalArgumentException if a URI is not a Redis URI or the list is empty
   * @throws IllegalStateException if no seed node can be reached
   * @see #connectCluster(List, Duration)
   */
  public static RedisTier connectCluster(List<String> seedUris) {
    return connectCluster(seedUris, DEFAULT_TIMEOUT);
  }

  /**
   * Connects to a Redis Cluster.
   *
   * <p>The tier then behaves as one on a single server (see the class description), with these
   * differences:
   *
   * <ul>
   *   <li>The keys of a cache are spread over the primaries by their hash slot, as any keys: the
   *       layout has no hash tag, so a large cache is not pinned to one node. (A cache name holding
   *       a hash tag such as {@code {x}} would pin its keys to one slot; avoid it.)
   *   <li>{@link #put} and {@link #invalidate} send the {@code PUBLISH} of their invalidation to
   *       the primary that holds the key, once the write has completed rather than pipelined with
   *       it: waiting keeps an invalidation from reaching another client before the value it
   *       announces, even if the slot moves meanwhile. These two commands therefore take two round
   *       trips. {@link #clear} publishes through the primary of the slot of the cache's prefix.
   *   <li>{@link #clear} scans every primary and removes the keys found in groups of one hash slot,
   *       since a multi-key command cannot span slots.
   *   <li>Invalidations are received over one pub/sub connection to one node, which is enough
   *       because the cluster forwards every {@code PUBLISH} to all its nodes. If that node goes
   *       away, the connection is opened again to another node of the topology, round robin; once
   *       it has subscribed again, every listener is told {@link
   *       RemoteTier.InvalidationListener#invalidatedAll()}, as after a reconnection to a single
   *       server.
   *   <li>The connections to the primaries are opened when the tier connects. A primary that joins
   *       later (a failover, a new node) is connected to at the first command for its slots, and
   *       the commands for those slots fail, as while a connection is down, until it is open.
   *   <li>The client follows {@code MOVED} and {@code ASK} redirections, and refreshes its view of
   *       the topology when it meets one or loses a node.
   * </ul>
   *
   * <p>The first connection must succeed: this method fails if no seed node can be reached and
   * asked for the topology, after attempts bounded by the larger of {@code timeout} and one second
   * per node. Later disconnections are repaired by the tier itself.
   *
   * @param seedUris some nodes of the cluster, each as a Redis URI such as {@code
   *     redis://host:6379} or {@code redis://:password@host:6379}; the client discovers the others
   *     from any one that answers
   * @param timeout the bound on every command, positive
   * @return the connected tier
   * @throws IllegalArgumentException if a URI is not a Redis URI, the list is empty or the timeout
   *     is not positive
   * @throws IllegalStateException if no seed node can be reached
   */
  public static RedisTier connectCluster(List<String> seedUris, Duration timeout) {
    Objects.requireNonNull(seedUris, "seedUris");
    checkTimeout(timeout);
    if (seedUris.isEmpty()) {
      throw new IllegalArgumentException("at least one seed URI is needed");
    }
    List<RedisURI> seeds = new ArrayList<>(seedUris.size());
    for (String uri : seedUris) {
      seeds.add(redisUri(Objects.requireNonNull(uri, "seed URI"), timeout));
    }
    return new RedisTier(new Cluster(List.copyOf(seeds), connectTimeout(timeout)), timeout);
  }

  private static void checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive: " + timeout);
    }
  }

  private static RedisURI redisUri(String uri, Duration timeout) {
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(timeout);
    return redisUri;
  }

  /**
   * The layout of a cache name, made once per name: a hit's {@code get} should not rebuild the
   * escaped prefix every time.
   */
  private KeyLayout layout(String cacheName) {
    KeyLayout layout = layouts.get(Objects.requireNonNull(cacheName, "cacheName"));
    return layout != null ? layout : layouts.computeIfAbsent(cacheName, KeyLayout::of);
  }

  @Override
  public CompletableFuture<byte[]> get(String cacheName, byte[] key) {
    byte[] redisKey = layout(cacheName).key(Objects.requireNonNull(key, "key"));
    return run(() -> commands.get(redisKey));
  }

  /**
   * A {@code GET} and a {@code PTTL} of the key, sent back to back on one connection (one round
   * trip). The two are not atomic: a value replaced between them is followed by its invalidation,
   * which wins over the fill; a value gone between them is reported as expiring now.
   */
  @Override
  public CompletableFuture<Entry> getEntry(String cacheName, byte[] key) {
    byte[] redisKey = layout(cacheName).key(Objects.requireNonNull(key, "key"));
    return run(
        () -> {
          CompletionStage<byte[]> value = commands.get(redisKey);
          CompletionStage<Long> pttl = commands.pttl(redisKey);
          return value.thenCombine(pttl, RedisTier::entry);
        });
  }

  /** The entry of a {@code GET} answer and a {@code PTTL} answer (-1: no TTL, -2: no key). */
  private static Entry entry(byte[] value, Long pttl) {
    if (value == null) {
      return null;
    }
    if (pttl == null || pttl == -1) {
      return new Entry(value, null);
    }
    return new Entry(value, Duration.ofMillis(Math.max(0, pttl)));
  }

  @Override
  public CompletableFuture<Void> put(String cacheName, byte[] key, byte[] value, Duration ttl) {
    KeyLayout layout = layout(cacheName);
    byte[] redisKey = layout.key(Objects.requireNonNull(key, "key"));
    Objects.requireNonNull(value, "value");
    byte[] message = InvalidationMessage.key(senderId, key);
    return writeThenPublish(
        redisKey,
        () -> {
          if (ttl == null) {
            return commands.set(redisKey, value);
          } else if (ttl.isNegative() || ttl.isZero()) {
            // Expired as soon as written: what is left to do is removing the previous value.
            return commands.del(redisKey);
          }
          long millis = ceilMillis(ttl);
          return millis > MAX_TTL_MILLIS
              ? commands.set(redisKey, value)
              : commands.set(redisKey, value, SetArgs.Builder.px(millis));
        },
        layout.channel(),
        message);
  }

  @Override
  public CompletableFuture<Void> invalidate(String cacheName, byte[] key) {
    KeyLayout layout = layout(cacheName);
    byte[] redisKey = layout.key(Objects.requireNonNull(key, "key"));
    byte[] message = InvalidationMessage.key(senderId, key);
    return writeThenPublish(redisKey, () -> commands.del(redisKey), layout.channel(), message);
  }

  /**
   * Issues a write and the {@code PUBLISH} of its invalidation, completing once both have. On one
   * server both are pipelined on the command connection, which runs them in order; in a cluster the
   * write may be redirected to another node ({@code MOVED}, {@code ASK}) than the one the {@code
   * PUBLISH} goes to, so the {@code PUBLISH} waits for the write.
   */
  private CompletableFuture<Void> writeThenPublish(
      byte[] redisKey,
      Supplier<? extends CompletionStage<?>> write,
      byte[] channel,
      byte[] message) {
    return run(
        () -> {
          CompletableFuture<?> written = write.get().toCompletableFuture();
          if (pipelinedPublish) {
            CompletionStage<Long> publish = publisher.publish(redisKey, channel, message);
            return CompletableFuture.allOf(written, publish.toCompletableFuture());
          }
          return written
              .thenCompose(done -> publisher.publish(redisKey, channel, message))
              .thenApply(published -> (Void) null);
        });
  }

  @Override
  public CompletableFuture<Void> clear(String cacheName) {
    KeyLayout layout = layout(cacheName);
    ScanArgs page = ScanArgs.Builder.matches(layout.pattern()).limit(SCAN_PAGE);
    return run(
        () ->
            removePages(page, ScanCursor.INITIAL)
                .thenCompose(
                    removed ->
                        publisher.publish(
                            layout.prefix(), layout.channel(), InvalidationMessage.all(senderId)))
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
    KeyLayout layout = layout(cacheName);
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
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(whileDisconnected)
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout(timeout)).build())
        .build();
  }

  private static Duration connectTimeout(Duration timeout) {
    return timeout.compareTo(MIN_CONNECT_TIMEOUT) > 0 ? timeout : MIN_CONNECT_TIMEOUT;
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

  private static void shutdown(AbstractRedisClient client) {
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

  /**
   * The command connection, its asynchronous commands and how they publish, of either kind of
   * endpoint.
   */
  private record Commands(
      StatefulConnection<byte[], byte[]> connection,
      RedisClusterAsyncCommands<byte[], byte[]> commands,
      Publisher publisher) {}

  /** Issues a {@code PUBLISH}; in a cluster, to the primary of the slot of a Redis key. */
  private interface Publisher {
    CompletionStage<Long> publish(byte[] redisKey, byte[] channel, byte[] message);
  }

  /**
   * What differs between one server and a cluster: the client and how it connects. Everything else
   * of the tier is shared: the commands of a cluster connection route each key to its node, split
   * multi-key commands by slot and scan every primary.
   */
  private interface Endpoint<C extends AbstractRedisClient> {
    String location();

    boolean pipelinedPublish();

    C newClient(ClientResources resources, ClientOptions options);

    Commands connect(C client);

    StatefulRedisPubSubConnection<byte[], byte[]> connectPubSub(C client);
  }

  private static final class Standalone implements Endpoint<RedisClient> {
    private final RedisURI uri;

    Standalone(RedisURI uri) {
      this.uri = uri;
    }

    @Override
    public String location() {
      return uri.toString(); // without the password
    }

    @Override
    public boolean pipelinedPublish() {
      return true;
    }

    @Override
    public RedisClient newClient(ClientResources resources, ClientOptions options) {
      RedisClient client = RedisClient.create(resources, uri);
      client.setOptions(options);
      return client;
    }

    @Override
    public Commands connect(RedisClient client) {
      StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
      RedisAsyncCommands<byte[], byte[]> commands = connection.async();
      return new Commands(
          connection, commands, (redisKey, channel, message) -> commands.publish(channel, message));
    }

    @Override
    public StatefulRedisPubSubConnection<byte[], byte[]> connectPubSub(RedisClient client) {
      return client.connectPubSub(ByteArrayCodec.INSTANCE);
    }
  }

  private static final class Cluster implements Endpoint<RedisClusterClient> {
    private final List<RedisURI> seeds;
    private final Duration connectTimeout;

    Cluster(List<RedisURI> seeds, Duration connectTimeout) {
      this.seeds = seeds;
      this.connectTimeout = connectTimeout;
    }

    @Override
    public String location() {
      return "cluster " + seeds; // without the passwords
    }

    @Override
    public boolean pipelinedPublish() {
      return false;
    }

    @Override
    public RedisClusterClient newClient(ClientResources resources, ClientOptions options) {
      RedisClusterClient client = RedisClusterClient.create(resources, seeds);
      // Lettuce 7 refreshes the topology on every adaptive trigger by default (a MOVED or ASK
      // redirection, an uncovered slot, an unknown node, persistent reconnections).
      client.setOptions(ClusterClientOptions.builder(options).build());
      return client;
    }

    @Override
    public Commands connect(RedisClusterClient client) {
      StatefulRedisClusterConnection<byte[], byte[]> connection =
          client.connect(ByteArrayCodec.INSTANCE);
      openPrimaryConnections(connection);
      return new Commands(
          connection,
          connection.async(),
          (redisKey, channel, message) -> publishOnNodeOf(connection, redisKey, channel, message));
    }

    /**
     * Publishes on the connection to the primary of a key's slot, the one its write went to, rather
     * than on the connection that carries the commands without a key: that one is bound to one
     * node, chosen without regard to its health, and fails while that node is down. The cluster
     * forwards the message to every node whichever receives it.
     */
    private static CompletionStage<Long> publishOnNodeOf(
        StatefulRedisClusterConnection<byte[], byte[]> connection,
        byte[] redisKey,
        byte[] channel,
        byte[] message) {
      RedisClusterNode primary =
          connection.getPartitions().getMasterBySlot(SlotHash.getSlot(redisKey));
      if (primary == null) {
        // The slot has no primary in the current view of the topology: any node will do.
        return connection.async().publish(channel, message);
      }
      RedisURI uri = primary.getUri();
      return connection
          .getConnectionAsync(uri.getHost(), uri.getPort())
          .thenCompose(node -> node.async().publish(channel, message));
    }

    /**
     * Opens the connection to every primary now, rather than at the first command for its slots:
     * while the connection to a node is being opened, a client that rejects commands when
     * disconnected rejects those for that node. Best effort, bounded by the connection timeout: a
     * primary that cannot be reached now is connected to later, as after a topology change.
     */
    private void openPrimaryConnections(StatefulRedisClusterConnection<byte[], byte[]> connection) {
      List<CompletableFuture<?>> opened = new ArrayList<>();
      for (RedisClusterNode node : connection.getPartitions()) {
        if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
          RedisURI uri = node.getUri();
          // Host and port, as the routing of keyed commands opens them: the same connections.
          opened.add(connection.getConnectionAsync(uri.getHost(), uri.getPort()));
        }
      }
      try {
        CompletableFuture.allOf(opened.toArray(new CompletableFuture<?>[0]))
            .get(connectTimeout.toMillis() + 100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // Left to the first commands for the nodes concerned, which fail until they are connected.
      }
    }

    @Override
    public StatefulRedisPubSubConnection<byte[], byte[]> connectPubSub(RedisClusterClient client) {
      return client.connectPubSub(ByteArrayCodec.INSTANCE);
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
