package dev.warpcache.jcache;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * Delivers entry events to the registered listeners.
 *
 * <p>Events are delivered in the thread that made the change, while it still holds the entry's
 * lock, so every listener sees the events of one key in the order they happened (an expired event
 * found by a lock-free read is delivered by that reader, which removed the entry). A synchronous
 * listener's exception reaches the caller (wrapped in a {@link CacheEntryListenerException} unless
 * it is one, or an {@link Error}); an asynchronous listener's exception is logged and dropped.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class EventDispatcher<K, V> {
  private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

  private final Cache<K, V> source;
  private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();

  EventDispatcher(Cache<K, V> source) {
    this.source = source;
  }

  void register(CacheEntryListenerConfiguration<K, V> configuration) {
    registrations.add(new Registration<>(configuration));
  }

  void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (Registration<K, V> registration : registrations) {
      if (registration.configuration.equals(configuration)) {
        registrations.remove(registration);
        registration.close();
      }
    }
  }

  void closeAll() {
    for (Registration<K, V> registration : registrations) {
      registration.close();
    }
    registrations.clear();
  }

  void created(K key, V value) {
    publish(EventType.CREATED, key, value, null, false);
  }

  void updated(K key, V value, V oldValue) {
    publish(EventType.UPDATED, key, value, oldValue, true);
  }

  void removed(K key, V oldValue) {
    publish(EventType.REMOVED, key, oldValue, oldValue, true);
  }

  void expired(K key, V oldValue) {
    publish(EventType.EXPIRED, key, oldValue, oldValue, true);
  }

  private void publish(EventType type, K key, V value, V oldValue, boolean hasOld) {
    if (registrations.isEmpty()) {
      return;
    }
    EntryEvent<K, V> event = new EntryEvent<>(source, type, key, value, oldValue, hasOld);
    for (Registration<K, V> registration : registrations) {
      registration.deliver(event);
    }
  }

  /** One registered listener, with its filter. */
  private static final class Registration<K, V> {
    final CacheEntryListenerConfiguration<K, V> configuration;
    private final CacheEntryListener<? super K, ? super V> listener;
    private final CacheEntryEventFilter<? super K, ? super V> filter;

    Registration(CacheEntryListenerConfiguration<K, V> configuration) {
      this.configuration = configuration;
      this.listener = configuration.getCacheEntryListenerFactory().create();
      Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
          configuration.getCacheEntryEventFilterFactory();
      this.filter = filterFactory == null ? null : filterFactory.create();
    }

    @SuppressWarnings("unchecked") // the listener takes events of this cache's key and value types
    void deliver(EntryEvent<K, V> event) {
      if (!listens(event.getEventType())) {
        return;
      }
      try {
        if (filter != null && !filter.evaluate(event)) {
          return;
        }
        List<CacheEntryEvent<? extends K, ? extends V>> events = List.of(event);
        switch (event.getEventType()) {
          case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
          case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
          case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
          case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
        }
      } catch (RuntimeException e) {
        if (configuration.isSynchronous()) {
          throw e instanceof CacheEntryListenerException ? e : new CacheEntryListenerException(e);
        }
        LOG.log(Level.WARNING, "An asynchronous cache entry listener failed", e);
      }
    }

    private boolean listens(EventType type) {
      return switch (type) {
        case CREATED -> listener instanceof CacheEntryCreatedListener;
        case UPDATED -> listener instanceof CacheEntryUpdatedListener;
        case REMOVED -> listener instanceof CacheEntryRemovedListener;
        case EXPIRED -> listener instanceof CacheEntryExpiredListener;
      };
    }

    void close() {
      Closeables.close(listener);
      Closeables.close(filter);
    }
  }
}
