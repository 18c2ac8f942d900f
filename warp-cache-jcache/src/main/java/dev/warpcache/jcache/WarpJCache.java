package dev.warpcache.jcache;

import dev.warpcache.Ticker;
import dev.warpcache.WarpCache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.management.CacheMXBean;
import javax.cache.management.CacheStatisticsMXBean;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.management.ObjectName;

/**
 * A JCache {@link Cache} over one warp-cache {@link dev.warpcache.Cache}.
 *
 * <p>The warp-cache holds an {@link Expirable} per entry: the value (a private copy when storing by
 * value) and its expiry time, which this layer computes from the JCache {@code ExpiryPolicy} and
 * checks on every read (warp-cache's own TTL is expire-after-write only, so it is not used). Reads
 * take no lock. Every change of an entry runs under a lock of the entry's stripe, so that the
 * write-through, the change, the statistics and the events of one key happen in order; locks are
 * never held across keys, except that a listener, loader, writer or entry processor that itself
 * uses this cache runs while its caller's stripe is locked.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class WarpJCache<K, V> implements Cache<K, V> {
  private static final int STRIPES = 256;

  private final WarpCacheManager manager;
  private final String name;
  private final WarpConfiguration<K, V> configuration;
  private final dev.warpcache.Cache<K, Expirable<V>> store;
  private final ConcurrentMap<K, Expirable<V>> map;
  private final ExpiryTimes expiry;
  private final Copier copier;
  private final CacheLoader<K, V> loader;
  private final CacheWriter<K, V> writer;
  private final EventDispatcher<K, V> events;
  private final Statistics statistics;
  private final ObjectName configurationName;
  private final ObjectName statisticsName;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private volatile boolean closed;

  WarpJCache(WarpCacheManager manager, String name, WarpConfiguration<K, V> configuration) {
    this.manager = manager;
    this.name = name;
    this.configuration = configuration;
    this.store = WarpCache.builder().maxSize(configuration.getMaxSize()).build();
    this.map = store.asMap();
    Ticker ticker = configuration.getTicker() == null ? Ticker.system() : configuration.getTicker();
    this.expiry = new ExpiryTimes(configuration.getExpiryPolicyFactory().create(), ticker);
    this.copier =
        configuration.isStoreByValue()
            ? Copier.serializing(manager.getClassLoader())
            : Copier.IDENTITY;
    Factory<CacheLoader<K, V>> loaderFactory = configuration.getCacheLoaderFactory();
    this.loader = loaderFactory == null ? null : loaderFactory.create();
    this.writer = configuration.isWriteThrough() ? createWriter(configuration) : null;
    this.events = new EventDispatcher<>(this);
    for (CacheEntryListenerConfiguration<K, V> listener :
        configuration.getCacheEntryListenerConfigurations()) {
      events.register(listener);
    }
    this.statistics = new Statistics(() -> store.info().evictions());
    this.configurationName =
        Management.objectName(Management.CONFIGURATION, manager.getURI(), name);
    this.statisticsName = Management.objectName(Management.STATISTICS, manager.getURI(), name);
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    enableManagement(configuration.isManagementEnabled());
    enableStatistics(configuration.isStatisticsEnabled());
  }

  @SuppressWarnings("unchecked") // a writer of supertypes of K and V accepts K and V
  private static <K, V> CacheWriter<K, V> createWriter(CompleteConfiguration<K, V> configuration) {
    Factory<CacheWriter<? super K, ? super V>> factory = configuration.getCacheWriterFactory();
    return factory == null ? null : (CacheWriter<K, V>) factory.create();
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    long start = statistics.start();
    V value = getOne(key);
    statistics.recordGetTime(start);
    return value;
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    checkOpen();
    requireNoNulls(keys, "keys");
    long start = statistics.start();
    Map<K, V> result = new LinkedHashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : keys) {
      long now = expiry.now();
      Expirable<V> entry = live(key, now, true);
      if (entry == null) {
        statistics.recordMisses(1);
        missing.add(key);
      } else {
        statistics.recordHits(1);
        touch(entry, now);
        result.put(key, copier.copy(entry.value));
      }
    }
    if (!missing.isEmpty() && isReadThrough()) {
      Map<K, V> loaded = loadAllFromLoader(missing);
      for (Map.Entry<K, V> entry : loaded.entrySet()) {
        if (entry.getKey() != null && entry.getValue() != null) {
          storeLoaded(entry.getKey(), entry.getValue(), false);
          result.put(entry.getKey(), entry.getValue());
        }
      }
    }
    statistics.recordGetTime(start);
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    return live(key, expiry.now(), false) != null;
  }

  private V getOne(K key) {
    long now = expiry.now();
    Expirable<V> entry = live(key, now, true);
    if (entry != null) {
      statistics.recordHits(1);
      touch(entry, now);
      return copier.copy(entry.value);
    }
    statistics.recordMisses(1);
    if (!isReadThrough()) {
      return null;
    }
    ReentrantLock lock = lock(key);
    try {
      Expirable<V> loadedMeanwhile = live(key, expiry.now(), false);
      if (loadedMeanwhile != null) {
        return copier.copy(loadedMeanwhile.value);
      }
      V loaded = loadFromLoader(key);
      if (loaded != null) {
        storeLoaded(key, loaded, false);
      }
      return loaded;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the live entry of {@code key}, or {@code null}; an entry whose time has passed is
   * removed (once, by whichever thread sees it first) with an expired event.
   *
   * @param visit whether this is a user's lookup, which marks the entry visited for SIEVE
   */
  private Expirable<V> live(Object key, long now, boolean visit) {
    @SuppressWarnings("unchecked") // lookups only: the key is not stored
    K k = (K) key;
    Expirable<V> entry = visit ? store.getIfPresent(k) : map.get(k);
    if (entry != null && entry.isExpired(now)) {
      if (map.remove(k, entry)) {
        statistics.recordExpiration();
        events.expired(k, entry.value);
      }
      return null;
    }
    return entry;
  }

  private void touch(Expirable<V> entry, long now) {
    long at = expiry.forAccess(now);
    if (at != ExpiryTimes.UNCHANGED) {
      entry.setExpireAt(at);
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = statistics.start();
    ReentrantLock lock = lock(key);
    try {
      putLocked(key, value, true);
    } finally {
      lock.unlock();
    }
    statistics.recordPutTime(start);
  }

  @Override
  public V getAndPut(K key, V value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = statistics.start();
    Expirable<V> old;
    ReentrantLock lock = lock(key);
    try {
      old = putLocked(key, value, true);
    } finally {
      lock.unlock();
    }
    if (old == null) {
      statistics.recordMisses(1);
    } else {
      statistics.recordHits(1);
    }
    statistics.recordGetTime(start);
    statistics.recordPutTime(start);
    return old == null ? null : copier.copy(old.value);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries) {
    checkOpen();
    Objects.requireNonNull(entries, "entries");
    Map<K, V> todo = new LinkedHashMap<>();
    for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
      todo.put(
          Objects.requireNonNull(entry.getKey(), "key"),
          Objects.requireNonNull(entry.getValue(), "value"));
    }
    long start = statistics.start();
    CacheWriterException failure = null;
    if (writer != null && !todo.isEmpty()) {
      Collection<Cache.Entry<? extends K, ? extends V>> batch = new ArrayList<>();
      todo.forEach((k, v) -> batch.add(new CacheEntry<>(k, v)));
      try {
        writer.writeAll(batch);
      } catch (RuntimeException e) {
        failure = writerException(e);
        // What the writer left in the batch was not written: do not cache it either.
        for (Cache.Entry<? extends K, ? extends V> notWritten : batch) {
          todo.remove(notWritten.getKey());
        }
      }
    }
    for (Map.Entry<K, V> entry : todo.entrySet()) {
      ReentrantLock lock = lock(entry.getKey());
      try {
        putLocked(entry.getKey(), entry.getValue(), false);
      } finally {
        lock.unlock();
      }
    }
    statistics.recordPutTime(start);
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = statistics.start();
    ReentrantLock lock = lock(key);
    try {
      long now = expiry.now();
      if (live(key, now, false) != null) {
        statistics.recordHits(1);
        return false;
      }
      statistics.recordMisses(1);
      write(key, value);
      create(key, value, now);
      return true;
    } finally {
      lock.unlock();
      statistics.recordPutTime(start);
    }
  }

  /**
   * Stores {@code value} as a put does, the key's lock held: a create or an update, with its
   * write-through, expiry, statistics and event.
   *
   * @return the entry replaced, or {@code null} if there was none
   */
  private Expirable<V> putLocked(K key, V value, boolean writeThrough) {
    long now = expiry.now();
    Expirable<V> old = live(key, now, false);
    if (writeThrough) {
      write(key, value);
    }
    if (old == null) {
      create(key, value, now);
    } else {
      update(key, value, old, now);
    }
    return old;
  }

  /** Adds a new entry (unless it expires at once), counting a put, with a created event. */
  private void create(K key, V value, long now) {
    long at = expiry.forCreation(now);
    if (at != Expirable.ETERNAL && at - now <= 0) {
      return; // expired on creation: never visible, not counted
    }
    map.put(copier.copy(key), new Expirable<>(copier.copy(value), at));
    statistics.recordPuts(1);
    events.created(key, value);
  }

  /** Replaces an entry's value, counting a put, with an updated event. */
  private void update(K key, V value, Expirable<V> old, long now) {
    long at = expiry.forUpdate(now);
    if (at == ExpiryTimes.UNCHANGED) {
      at = old.expireAt();
    }
    map.put(copier.copy(key), new Expirable<>(copier.copy(value), at));
    statistics.recordPuts(1);
    events.updated(key, value, old.value);
  }

  /** Stores a value from the cache loader (no write-through, no put counted). */
  private void storeLoaded(K key, V value, boolean replaceExisting) {
    ReentrantLock lock = lock(key);
    try {
      long now = expiry.now();
      Expirable<V> old = live(key, now, false);
      if (old == null) {
        long at = expiry.forCreation(now);
        if (at == Expirable.ETERNAL || at - now > 0) {
          map.put(copier.copy(key), new Expirable<>(copier.copy(value), at));
          events.created(key, value);
        }
      } else if (replaceExisting) {
        long at = expiry.forUpdate(now);
        if (at == ExpiryTimes.UNCHANGED) {
          at = old.expireAt();
        }
        map.put(copier.copy(key), new Expirable<>(copier.copy(value), at));
        events.updated(key, value, old.value);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean remove(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    long start = statistics.start();
    boolean removed;
    ReentrantLock lock = lock(key);
    try {
      removed = removeLocked(key) != null;
    } finally {
      lock.unlock();
    }
    statistics.recordRemoveTime(start);
    return removed;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    long start = statistics.start();
    ReentrantLock lock = lock(key);
    try {
      long now = expiry.now();
      Expirable<V> old = live(key, now, false);
      if (old == null) {
        statistics.recordMisses(1);
        return false;
      }
      statistics.recordHits(1);
      if (!old.value.equals(oldValue)) {
        touch(old, now);
        return false;
      }
      delete(key);
      map.remove(key, old);
      statistics.recordRemovals(1);
      events.removed(key, old.value);
      return true;
    } finally {
      lock.unlock();
      statistics.recordRemoveTime(start);
    }
  }

  @Override
  public V getAndRemove(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    long start = statistics.start();
    Expirable<V> old;
    ReentrantLock lock = lock(key);
    try {
      old = removeLocked(key);
    } finally {
      lock.unlock();
    }
    if (old == null) {
      statistics.recordMisses(1);
    } else {
      statistics.recordHits(1);
    }
    statistics.recordGetTime(start);
    statistics.recordRemoveTime(start);
    return old == null ? null : copier.copy(old.value);
  }

  /** Removes with a write-through delete (made even if the entry is absent), the lock held. */
  private Expirable<V> removeLocked(K key) {
    Expirable<V> old = live(key, expiry.now(), false);
    delete(key);
    if (old != null) {
      map.remove(key, old);
      statistics.recordRemovals(1);
      events.removed(key, old.value);
    }
    return old;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
    long start = statistics.start();
    ReentrantLock lock = lock(key);
    try {
      long now = expiry.now();
      Expirable<V> old = live(key, now, false);
      if (old == null) {
        statistics.recordMisses(1);
        return false;
      }
      statistics.recordHits(1);
      if (!old.value.equals(oldValue)) {
        touch(old, now);
        return false;
      }
      write(key, newValue);
      update(key, newValue, old, now);
      return true;
    } finally {
      lock.unlock();
      statistics.recordPutTime(start);
    }
  }

  @Override
  public boolean replace(K key, V value) {
    return getAndReplaceEntry(key, value) != null;
  }

  @Override
  public V getAndReplace(K key, V value) {
    Expirable<V> old = getAndReplaceEntry(key, value);
    return old == null ? null : copier.copy(old.value);
  }

  private Expirable<V> getAndReplaceEntry(K key, V value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = statistics.start();
    ReentrantLock lock = lock(key);
    try {
      long now = expiry.now();
      Expirable<V> old = live(key, now, false);
      if (old == null) {
        statistics.recordMisses(1);
        return null;
      }
      statistics.recordHits(1);
      write(key, value);
      update(key, value, old, now);
      return old;
    } finally {
      lock.unlock();
      statistics.recordPutTime(start);
    }
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    checkOpen();
    requireNoNulls(keys, "keys");
    removeAllOf(new LinkedHashSet<>(keys));
  }

  @Override
  public void removeAll() {
    checkOpen();
    removeAllOf(new LinkedHashSet<>(map.keySet()));
  }

  private void removeAllOf(Set<K> todo) {
    long start = statistics.start();
    CacheWriterException failure = null;
    if (writer != null && !todo.isEmpty()) {
      Collection<Object> batch = new ArrayList<>(todo);
      try {
        writer.deleteAll(batch);
      } catch (RuntimeException e) {
        failure = writerException(e);
        // What the writer left in the batch was not deleted: keep it cached.
        todo.removeAll(batch);
      }
    }
    for (K key : todo) {
      ReentrantLock lock = lock(key);
      try {
        Expirable<V> old = live(key, expiry.now(), false);
        if (old != null) {
          map.remove(key, old);
          statistics.recordRemovals(1);
          events.removed(key, old.value);
        }
      } finally {
        lock.unlock();
      }
    }
    statistics.recordRemoveTime(start);
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void clear() {
    checkOpen();
    statistics.beforeCoreReset();
    store.clear();
  }

  // ---------------------------------------------------------------- loading

  @Override
  public void loadAll(
      Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
    checkOpen();
    requireNoNulls(keys, "keys");
    if (loader == null) {
      if (listener != null) {
        listener.onCompletion();
      }
      return;
    }
    List<K> todo = new ArrayList<>(keys);
    ForkJoinPool.commonPool()
        .execute(
            () -> {
              try {
                List<K> toLoad = new ArrayList<>();
                for (K key : todo) {
                  if (replaceExistingValues || live(key, expiry.now(), false) == null) {
                    toLoad.add(key);
                  }
                }
                if (!toLoad.isEmpty()) {
                  Map<K, V> loaded = loadAllFromLoader(toLoad);
                  for (Map.Entry<K, V> entry : loaded.entrySet()) {
                    if (entry.getKey() != null && entry.getValue() != null) {
                      storeLoaded(entry.getKey(), entry.getValue(), replaceExistingValues);
                    }
                  }
                }
                if (listener != null) {
                  listener.onCompletion();
                }
              } catch (RuntimeException e) {
                if (listener != null) {
                  listener.onException(e);
                }
              }
            });
  }

  private boolean isReadThrough() {
    return loader != null && configuration.isReadThrough();
  }

  private V loadFromLoader(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("The cache loader failed for key " + key, e);
    }
  }

  private Map<K, V> loadAllFromLoader(List<K> keys) {
    try {
      Map<K, V> loaded = loader.loadAll(keys);
      return loaded == null ? Map.of() : loaded;
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("The cache loader failed", e);
    }
  }

  // ---------------------------------------------------------------- write-through

  private void write(K key, V value) {
    if (writer != null) {
      try {
        writer.write(new CacheEntry<>(key, value));
      } catch (RuntimeException e) {
        throw writerException(e);
      }
    }
  }

  private void delete(K key) {
    if (writer != null) {
      try {
        writer.delete(key);
      } catch (RuntimeException e) {
        throw writerException(e);
      }
    }
  }

  private static CacheWriterException writerException(RuntimeException e) {
    return e instanceof CacheWriterException writerException
        ? writerException
        : new CacheWriterException("The cache writer failed", e);
  }

  // ---------------------------------------------------------------- entry processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    ReentrantLock lock = lock(key);
    try {
      long now = expiry.now();
      Expirable<V> old = live(key, now, true);
      if (old == null) {
        statistics.recordMisses(1);
      } else {
        statistics.recordHits(1);
      }
      Function<K, V> entryLoader = isReadThrough() ? this::loadFromLoader : null;
      ProcessorEntry<K, V> entry =
          new ProcessorEntry<>(key, old == null ? null : copier.copy(old.value), entryLoader);
      T result;
      try {
        result = entryProcessor.process(entry, arguments);
      } catch (EntryProcessorException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new EntryProcessorException(e);
      }
      apply(key, entry, old, now);
      return result;
    } finally {
      lock.unlock();
    }
  }

  private void apply(K key, ProcessorEntry<K, V> entry, Expirable<V> old, long now) {
    switch (entry.action()) {
      case NONE -> {}
      case READ -> touch(old, now);
      case LOADED -> storeLoaded(key, entry.value(), false);
      case CREATED -> {
        write(key, entry.value());
        create(key, entry.value(), now);
      }
      case UPDATED -> {
        write(key, entry.value());
        update(key, entry.value(), old, now);
      }
      case REMOVED -> {
        delete(key);
        if (old != null) {
          map.remove(key, old);
          statistics.recordRemovals(1);
          events.removed(key, old.value);
        }
      }
    }
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    requireNoNulls(keys, "keys");
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, entryProcessor, arguments);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (RuntimeException e) {
        EntryProcessorException failure =
            e instanceof EntryProcessorException processorException
                ? processorException
                : new EntryProcessorException(e);
        results.put(
            key,
            () -> {
              throw failure;
            });
      }
    }
    return results;
  }

  // ---------------------------------------------------------------- iteration

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    checkOpen();
    Iterator<Map.Entry<K, Expirable<V>>> entries = map.entrySet().iterator();
    return new Iterator<>() {
      private Cache.Entry<K, V> next;
      private K lastKey;

      @Override
      public boolean hasNext() {
        while (next == null && entries.hasNext()) {
          Map.Entry<K, Expirable<V>> candidate = entries.next();
          long now = expiry.now();
          Expirable<V> entry = live(candidate.getKey(), now, true);
          if (entry != null) {
            statistics.recordHits(1);
            touch(entry, now);
            next = new CacheEntry<>(candidate.getKey(), copier.copy(entry.value));
          }
        }
        return next != null;
      }

      @Override
      public Cache.Entry<K, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Cache.Entry<K, V> result = next;
        next = null;
        lastKey = result.getKey();
        return result;
      }

      @Override
      public void remove() {
        if (lastKey == null) {
          throw new IllegalStateException("next() was not called, or remove() already was");
        }
        checkOpen();
        long start = statistics.start();
        ReentrantLock lock = lock(lastKey);
        try {
          removeLocked(lastKey);
        } finally {
          lock.unlock();
        }
        statistics.recordRemoveTime(start);
        lastKey = null;
      }
    };
  }

  // ---------------------------------------------------------------- listeners

  @Override
  public void registerCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> cacheEntryListenerConfiguration) {
    checkOpen();
    Objects.requireNonNull(cacheEntryListenerConfiguration, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      configuration.addCacheEntryListenerConfiguration(cacheEntryListenerConfiguration);
    }
    events.register(cacheEntryListenerConfiguration);
  }

  @Override
  public void deregisterCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> cacheEntryListenerConfiguration) {
    checkOpen();
    Objects.requireNonNull(cacheEntryListenerConfiguration, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      configuration.removeCacheEntryListenerConfiguration(cacheEntryListenerConfiguration);
    }
    events.deregister(cacheEntryListenerConfiguration);
  }

  // ---------------------------------------------------------------- the cache itself

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    WarpConfiguration<K, V> copy;
    synchronized (configuration) {
      copy = new WarpConfiguration<>(configuration);
    }
    if (clazz.isInstance(copy)) {
      return clazz.cast(copy);
    }
    throw new IllegalArgumentException("The configuration is not a " + clazz.getName());
  }

  /** The live configuration, for the cache manager's type checks. */
  Configuration<K, V> configuration() {
    return configuration;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  /**
   * Unwraps to this cache, or with {@code dev.warpcache.Cache.class} to the backing warp-cache (its
   * values are this layer's entry holders; use it to read {@code info()}).
   */
  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    if (clazz.isInstance(store)) {
      return clazz.cast(store);
    }
    throw new IllegalArgumentException("Cannot unwrap a cache to " + clazz.getName());
  }

  void enableManagement(boolean enabled) {
    synchronized (configuration) {
      configuration.setManagementEnabled(enabled);
      if (enabled) {
        Management.register(
            configurationName, new ConfigurationBean(() -> configuration), CacheMXBean.class);
      } else {
        Management.unregister(configurationName);
      }
    }
  }

  void enableStatistics(boolean enabled) {
    synchronized (configuration) {
      configuration.setStatisticsEnabled(enabled);
      statistics.setEnabled(enabled);
      if (enabled) {
        Management.register(statisticsName, statistics, CacheStatisticsMXBean.class);
      } else {
        Management.unregister(statisticsName);
      }
    }
  }

  @Override
  public void close() {
    synchronized (configuration) {
      if (closed) {
        return;
      }
      closed = true;
    }
    manager.closed(this);
    Management.unregister(configurationName);
    Management.unregister(statisticsName);
    Closeables.close(expiry.policy());
    Closeables.close(loader);
    Closeables.close(writer);
    events.closeAll();
  }

  /** Empties and closes this cache: {@link CacheManager#destroyCache}. */
  void destroy() {
    if (!closed) {
      store.clear();
    }
    close();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The cache " + name + " is closed");
    }
  }

  private ReentrantLock lock(Object key) {
    int h = key.hashCode();
    ReentrantLock lock = locks[(h ^ (h >>> 16)) & (STRIPES - 1)];
    lock.lock();
    return lock;
  }

  private static void requireNoNulls(Collection<?> collection, String what) {
    Objects.requireNonNull(collection, what);
    for (Object element : collection) {
      Objects.requireNonNull(element, "an element of " + what);
    }
  }

  @Override
  public String toString() {
    return "WarpJCache[" + name + ", " + store.info() + "]";
  }
}
