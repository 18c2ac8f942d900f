package dev.warpcache.redis.internal;

import dev.warpcache.RemoteTier.InvalidationListener;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The listeners of a tier, by invalidation channel, and the delivery of invalidations to them.
 *
 * <p>Every delivery runs on one executor, in the order the messages arrived, never on the thread
 * that received the message: a listener may call the tier back without stalling its connection. A
 * listener that throws does not stop the delivery to the others.
 *
 * <p>Adding and removing are not atomic with the Redis commands that follow them: the caller
 * serializes them (with their SUBSCRIBE and UNSUBSCRIBE commands) under one lock.
 */
public final class Subscriptions {

  private final Executor delivery;
  private final byte[] self;
  private final Map<ByteBuffer, Topic> topics = new ConcurrentHashMap<>();

  /**
   * Creates an empty registry.
   *
   * @param delivery the executor that calls the listeners, one task at a time
   * @param self the sender id of this tier: its messages about keys are not delivered
   */
  public Subscriptions(Executor delivery, byte[] self) {
    this.delivery = delivery;
    this.self = self.clone();
  }

  /**
   * Adds a listener of a cache.
   *
   * @param layout the cache's layout
   * @param listener the listener
   * @return the registration, to pass to {@link #remove}
   */
  public Registration add(KeyLayout layout, InvalidationListener listener) {
    if (listener == null) {
      throw new NullPointerException("listener");
    }
    ByteBuffer channel = ByteBuffer.wrap(layout.channel());
    Topic topic = topics.get(channel);
    boolean first = topic == null;
    if (first) {
      topic = new Topic(layout);
      topics.put(channel, topic);
    }
    Registration registration = new Registration(topic, listener, first);
    topic.registrations.add(registration);
    return registration;
  }

  /**
   * Removes a listener; removing it again does nothing.
   *
   * @param registration what {@link #add} returned
   * @return whether the channel of the registration has no listener left (and is no longer
   *     registered); {@code false} if the registration was already removed
   */
  public boolean remove(Registration registration) {
    Topic topic = registration.topic;
    if (!topic.registrations.remove(registration)) {
      return false;
    }
    if (topic.registrations.isEmpty()) {
      topics.remove(ByteBuffer.wrap(topic.layout.channel()), topic);
      return true;
    }
    return false;
  }

  /**
   * Returns the channels that have listeners.
   *
   * @return the channels, shared arrays: not to be modified
   */
  public List<byte[]> channels() {
    List<byte[]> channels = new ArrayList<>(topics.size());
    for (Topic topic : topics.values()) {
      channels.add(topic.layout.channel());
    }
    return channels;
  }

  /**
   * Delivers a message received on a channel. A message of this tier about a key is dropped, as are
   * messages that do not decode and messages on a channel without listeners.
   *
   * @param channel the channel
   * @param message the message bytes
   */
  public void received(byte[] channel, byte[] message) {
    Topic topic = topics.get(ByteBuffer.wrap(channel));
    InvalidationMessage decoded = InvalidationMessage.decode(message);
    if (topic == null || decoded == null || decoded.isFrom(self)) {
      // This tier's own clears reach its listeners from clear() itself, not from here.
      return;
    }
    if (decoded.isAll()) {
      execute(() -> topic.invalidatedAll());
    } else {
      byte[] key = decoded.key();
      execute(() -> topic.invalidated(key));
    }
  }

  /**
   * Tells every listener of one cache that every near copy may be stale.
   *
   * @param layout the cache's layout
   * @return a future completed once the listeners were called (or at once if the executor is shut
   *     down)
   */
  public CompletableFuture<Void> invalidateAll(KeyLayout layout) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Topic topic = topics.get(ByteBuffer.wrap(layout.channel()));
    if (topic == null) {
      done.complete(null);
      return done;
    }
    if (!execute(
        () -> {
          try {
            topic.invalidatedAll();
          } finally {
            done.complete(null);
          }
        })) {
      done.complete(null);
    }
    return done;
  }

  /** Tells every listener of every cache that every near copy may be stale. */
  public void invalidateEverything() {
    List<Topic> all = new ArrayList<>(topics.values());
    execute(
        () -> {
          for (Topic topic : all) {
            topic.invalidatedAll();
          }
        });
  }

  private boolean execute(Runnable task) {
    try {
      delivery.execute(task);
      return true;
    } catch (RejectedExecutionException closed) {
      return false;
    }
  }

  /** One listener of one cache; what {@link #add} returns. */
  public static final class Registration {
    private final Topic topic;
    private final InvalidationListener listener;
    private final boolean first;

    private Registration(Topic topic, InvalidationListener listener, boolean first) {
      this.topic = topic;
      this.listener = listener;
      this.first = first;
    }

    /**
     * Returns the layout of the cache listened to.
     *
     * @return the layout
     */
    public KeyLayout layout() {
      return topic.layout;
    }

    /**
     * Tells whether this registration is the first of its channel: the one whose caller subscribes
     * the channel in Redis and sets {@link #confirmSubscription}.
     *
     * @return whether the channel had no listener before
     */
    public boolean first() {
      return first;
    }

    /**
     * Sets the future of the SUBSCRIBE command of the channel, which every later registration of
     * the channel waits for too.
     *
     * @param subscribed the future of the command
     */
    public void confirmSubscription(CompletableFuture<Void> subscribed) {
      topic.subscribed = subscribed;
    }

    /**
     * Returns the future of the SUBSCRIBE command of the channel.
     *
     * @return the future, completed if none was set
     */
    public CompletableFuture<Void> subscription() {
      CompletableFuture<Void> subscribed = topic.subscribed;
      return subscribed == null ? CompletableFuture.completedFuture(null) : subscribed;
    }
  }

  private static final class Topic {
    final KeyLayout layout;
    final List<Registration> registrations = new CopyOnWriteArrayList<>();
    volatile CompletableFuture<Void> subscribed;

    Topic(KeyLayout layout) {
      this.layout = layout;
    }

    void invalidated(byte[] key) {
      for (Registration registration : registrations) {
        try {
          registration.listener.invalidated(key.clone());
        } catch (RuntimeException | Error e) {
          report(e);
        }
      }
    }

    void invalidatedAll() {
      for (Registration registration : registrations) {
        try {
          registration.listener.invalidatedAll();
        } catch (RuntimeException | Error e) {
          report(e);
        }
      }
    }

    private static void report(Throwable e) {
      if (e instanceof VirtualMachineError) {
        throw (VirtualMachineError) e;
      }
      System.getLogger(Subscriptions.class.getName())
          .log(System.Logger.Level.WARNING, "an invalidation listener failed", e);
    }
  }
}
