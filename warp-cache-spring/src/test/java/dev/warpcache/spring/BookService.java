package dev.warpcache.spring;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/**
 * A bean whose cached methods count their invocations in a {@link Probe}, proxied by Spring's cache
 * aspect. The test reads the probe, not the bean: the bean it gets is a CGLIB proxy whose own
 * fields are never set.
 */
public class BookService {

  /** What the test observes and controls. */
  static final class Probe {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    /** Released by a test to let {@link BookService#findSlowly} return. */
    volatile CountDownLatch release = new CountDownLatch(0);

    /** The futures handed out by the async methods, by key, for the test to complete. */
    final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

    int calls(String method, Object key) {
      AtomicInteger count = calls.get(method + ":" + key);
      return count == null ? 0 : count.get();
    }
  }

  private final Probe probe;

  BookService(Probe probe) {
    this.probe = probe;
  }

  private void count(String method, Object key) {
    probe.calls.computeIfAbsent(method + ":" + key, k -> new AtomicInteger()).incrementAndGet();
  }

  @Cacheable("books")
  public String find(String isbn) {
    count("find", isbn);
    return "title of " + isbn;
  }

  @Cacheable(cacheNames = "books", sync = true)
  public String findSlowly(String isbn) throws InterruptedException {
    count("findSlowly", isbn);
    if (!probe.release.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("never released");
    }
    return "slow title of " + isbn;
  }

  @Cacheable(cacheNames = "books", sync = true)
  public String findOrFail(String isbn) throws Exception {
    count("findOrFail", isbn);
    throw new Exception("no book " + isbn);
  }

  @CachePut(cacheNames = "books", key = "#p0")
  public String update(String isbn, String title) {
    count("update", isbn);
    return title;
  }

  @CacheEvict("books")
  public void evict(String isbn) {
    count("evict", isbn);
  }

  @CacheEvict(cacheNames = "books", allEntries = true)
  public void evictAll() {
    count("evictAll", "");
  }

  @Cacheable("nullable")
  public String findNull(String key) {
    count("findNull", key);
    return null;
  }

  @Cacheable(cacheNames = "nullable", unless = "#result == null")
  public String findNullUnlessNull(String key) {
    count("findNullUnlessNull", key);
    return null;
  }

  @Cacheable(cacheNames = "nullable", sync = true)
  public String findNullSync(String key) {
    count("findNullSync", key);
    return null;
  }

  @Cacheable("async")
  public CompletableFuture<String> findAsync(String key) {
    count("findAsync", key);
    return probe.pending.computeIfAbsent(key, k -> new CompletableFuture<>());
  }

  @Cacheable(cacheNames = "async", sync = true)
  public CompletableFuture<String> findAsyncSync(String key) {
    count("findAsyncSync", key);
    return probe.pending.computeIfAbsent(key, k -> new CompletableFuture<>());
  }

  @Cacheable("small")
  public String findSmall(int id) {
    count("findSmall", id);
    return "small " + id;
  }

  @Cacheable("short")
  public String findShortLived(String key) {
    count("findShortLived", key);
    return "short " + key;
  }

  @Cacheable("undeclared")
  public String findUndeclared(String key) {
    count("findUndeclared", key);
    return "undeclared " + key;
  }
}
