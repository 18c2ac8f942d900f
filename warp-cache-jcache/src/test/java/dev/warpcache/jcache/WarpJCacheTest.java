package dev.warpcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WarpJCacheTest {
  private final CacheManager manager = Caching.getCachingProvider().getCacheManager();
  private final AtomicLong now = new AtomicLong(1_000);

  @AfterEach
  void destroyCaches() {
    for (String name : manager.getCacheNames()) {
      manager.destroyCache(name);
    }
  }

  private void advance(long seconds) {
    now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  @Test
  void theMaxSizeBoundsTheCacheAndEvictionsAreCounted() throws Exception {
    Cache<Integer, Integer> cache =
        manager.createCache(
            "bounded",
            new WarpConfiguration<Integer, Integer>()
                .setMaxSize(100)
                .setTypes(Integer.class, Integer.class)
                .setStatisticsEnabled(true));
    for (int i = 0; i < 1_000; i++) {
      cache.put(i, i);
    }
    assertThat(cache.unwrap(dev.warpcache.Cache.class).info().currentSize()).isEqualTo(100);
    int live = 0;
    for (Cache.Entry<Integer, Integer> entry : cache) {
      assertThat(entry.getValue()).isEqualTo(entry.getKey());
      live++;
    }
    assertThat(live).isEqualTo(100);
    ObjectName name =
        new ObjectName(
            "javax.cache:type=CacheStatistics,CacheManager="
                + manager.getURI().toString().replace(':', '.')
                + ",Cache=bounded");
    Object evictions =
        ManagementFactory.getPlatformMBeanServer().getAttribute(name, "CacheEvictions");
    assertThat(evictions).isEqualTo(900L);
    cache.clear(); // resets the core's counters, not the JCache statistics
    assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "CacheEvictions"))
        .isEqualTo(900L);
  }

  @Test
  void createdExpiryUsesTheTickerAndSendsExpiredEvents() {
    List<CacheEntryEvent<?, ?>> expired = new CopyOnWriteArrayList<>();
    Cache<String, String> cache =
        manager.createCache(
            "created",
            new WarpConfiguration<String, String>()
                .setTicker(now::get)
                .setExpiryPolicyFactory(
                    CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 10)))
                .addCacheEntryListenerConfiguration(
                    new MutableCacheEntryListenerConfiguration<>(
                        FactoryBuilder.factoryOf(new ExpiredListener(expired)), null, true, true)));
    cache.put("k", "v");
    advance(9);
    assertThat(cache.get("k")).isEqualTo("v");
    advance(1);
    assertThat(cache.get("k")).isNull();
    assertThat(expired).hasSize(1);
    assertThat(expired.get(0).getEventType()).isEqualTo(EventType.EXPIRED);
    assertThat(expired.get(0).getOldValue()).isEqualTo("v");
  }

  @Test
  void accessedExpiryIsRenewedByReads() {
    Cache<String, String> cache =
        manager.createCache(
            "accessed",
            new WarpConfiguration<String, String>()
                .setTicker(now::get)
                .setExpiryPolicyFactory(
                    AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 10))));
    cache.put("k", "v");
    for (int i = 0; i < 5; i++) {
      advance(8);
      assertThat(cache.get("k")).isEqualTo("v");
    }
    advance(8);
    assertThat(cache.containsKey("k")).isTrue(); // containsKey is no access
    advance(2);
    assertThat(cache.containsKey("k")).isFalse();
  }

  @Test
  void storeByValueCopiesAndStoreByReferenceDoesNot() {
    Cache<String, ArrayList<String>> byValue =
        manager.createCache("byValue", new WarpConfiguration<String, ArrayList<String>>());
    ArrayList<String> list = new ArrayList<>(List.of("a"));
    byValue.put("k", list);
    list.add("b");
    assertThat(byValue.get("k")).containsExactly("a");
    byValue.get("k").add("c");
    assertThat(byValue.get("k")).containsExactly("a");

    Cache<String, ArrayList<String>> byReference =
        manager.createCache(
            "byReference",
            new WarpConfiguration<String, ArrayList<String>>().setStoreByValue(false));
    byReference.put("k", list);
    assertThat(byReference.get("k")).isSameAs(list);
  }

  @Test
  void aSynchronousListenerFailureReachesTheCaller() {
    Cache<String, String> cache =
        manager.createCache(
            "failing",
            new WarpConfiguration<String, String>()
                .addCacheEntryListenerConfiguration(
                    new MutableCacheEntryListenerConfiguration<>(
                        FactoryBuilder.factoryOf(FailingListener.class), null, false, true)));
    assertThatThrownBy(() -> cache.put("k", "v"))
        .isInstanceOf(CacheEntryListenerException.class)
        .hasRootCauseInstanceOf(UnsupportedOperationException.class);
    assertThat(cache.get("k")).isEqualTo("v"); // the change itself was made
  }

  @Test
  void concurrentEntryProcessorsAreAtomicPerKey() throws Exception {
    Cache<String, Long> cache =
        manager.createCache(
            "counters", new WarpConfiguration<String, Long>().setStoreByValue(false));
    int threads = 4;
    int increments = 2_000;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                for (int i = 0; i < increments; i++) {
                  cache.invoke(
                      "k" + (i % 3),
                      (entry, args) -> {
                        entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
                        return null;
                      });
                }
              });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    long total = cache.get("k0") + cache.get("k1") + cache.get("k2");
    assertThat(total).isEqualTo((long) threads * increments);
  }

  /** Records expired events; serializable through FactoryBuilder.factoryOf(instance). */
  static final class ExpiredListener
      implements CacheEntryExpiredListener<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final transient List<CacheEntryEvent<?, ?>> sink;

    ExpiredListener(List<CacheEntryEvent<?, ?>> sink) {
      this.sink = sink;
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(sink::add);
    }
  }

  /** A created-listener that always fails. */
  public static final class FailingListener implements CacheEntryCreatedListener<String, String> {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      throw new UnsupportedOperationException("broken listener");
    }
  }
}
