package dev.warpcache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.CacheInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code @Cacheable} and friends in a real Spring application context over warp-cache. */
class WarpCacheManagerContextTest {

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingConfig {
    @Bean
    BookService bookService(BookService.Probe probe) {
      return new BookService(probe);
    }
  }

  private final AtomicLong now = new AtomicLong();
  private AnnotationConfigApplicationContext context;
  private BookService books;
  private BookService.Probe probe;
  private WarpCacheManager manager;

  private WarpCacheManager.Builder managerBuilder() {
    return WarpCacheManager.builder()
        .defaultSpec(WarpCacheSpec.of(100))
        .cache("small", WarpCacheSpec.of(2))
        .cache("short", WarpCacheSpec.of(100).withTtl(Duration.ofSeconds(10)))
        .ticker(now::get);
  }

  private void start(WarpCacheManager cacheManager) {
    probe = new BookService.Probe();
    context = new AnnotationConfigApplicationContext();
    context.registerBean(BookService.Probe.class, () -> probe);
    context.registerBean("cacheManager", WarpCacheManager.class, () -> cacheManager);
    context.register(CachingConfig.class);
    context.refresh();
    books = context.getBean(BookService.class);
    manager = context.getBean(WarpCacheManager.class);
  }

  @AfterEach
  void close() {
    if (context != null) {
      context.close();
    }
  }

  private CacheInfo info(String name) {
    return manager.getCacheInfo(name).orElseThrow();
  }

  @Test
  void cacheableHitsAfterTheFirstCall() {
    start(managerBuilder().build());
    assertThat(books.find("1")).isEqualTo("title of 1");
    assertThat(books.find("1")).isEqualTo("title of 1");
    assertThat(books.find("2")).isEqualTo("title of 2");
    assertThat(probe.calls("find", "1")).isEqualTo(1);
    assertThat(probe.calls("find", "2")).isEqualTo(1);
    CacheInfo info = info("books");
    assertThat(info.hits()).isEqualTo(1);
    assertThat(info.misses()).isEqualTo(2);
    assertThat(info.currentSize()).isEqualTo(2);
    assertThat(manager.getCache("books").get("1").get()).isEqualTo("title of 1");
  }

  @Test
  void syncCacheableRunsTheMethodOnceForConcurrentMisses() throws Exception {
    start(managerBuilder().build());
    probe.release = new CountDownLatch(1);
    int threads = 8;
    AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(threads);
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int index = i;
      Thread caller =
          new Thread(
              () -> {
                try {
                  results.set(index, books.findSlowly("42"));
                } catch (Throwable failure) {
                  results.set(index, failure);
                }
              });
      callers.add(caller);
      caller.start();
    }
    // Release the one running call only once every other caller is blocked waiting for it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!(probe.calls("findSlowly", "42") == 1 && blockedCallers(callers) == threads)) {
      assertThat(System.nanoTime()).as("callers never all blocked").isLessThan(deadline);
      Thread.sleep(5);
    }
    probe.release.countDown();
    for (Thread caller : callers) {
      caller.join(TimeUnit.SECONDS.toMillis(30));
    }
    for (int i = 0; i < threads; i++) {
      assertThat(results.get(i)).isEqualTo("slow title of 42");
    }
    assertThat(probe.calls("findSlowly", "42")).isEqualTo(1);
    CacheInfo info = info("books");
    assertThat(info.misses()).isEqualTo(1);
    assertThat(info.hits()).isEqualTo(threads - 1);
  }

  private static int blockedCallers(List<Thread> callers) {
    int blocked = 0;
    for (Thread caller : callers) {
      Thread.State state = caller.getState();
      if (state == Thread.State.WAITING
          || state == Thread.State.TIMED_WAITING
          || state == Thread.State.BLOCKED) {
        blocked++;
      }
    }
    return blocked;
  }

  @Test
  void syncCacheableRethrowsTheMethodsExceptionAndCachesNothing() {
    start(managerBuilder().build());
    assertThatThrownBy(() -> books.findOrFail("7"))
        .isExactlyInstanceOf(Exception.class)
        .hasMessage("no book 7");
    assertThatThrownBy(() -> books.findOrFail("7")).hasMessage("no book 7");
    assertThat(probe.calls("findOrFail", "7")).isEqualTo(2);
    assertThat(info("books").currentSize()).isZero();
  }

  @Test
  void cachePutReplacesTheCachedValue() {
    start(managerBuilder().build());
    books.find("1");
    assertThat(books.update("1", "new title")).isEqualTo("new title");
    assertThat(books.find("1")).isEqualTo("new title");
    assertThat(probe.calls("find", "1")).isEqualTo(1);
    assertThat(probe.calls("update", "1")).isEqualTo(1);
  }

  @Test
  void cacheEvictRemovesOneKey() {
    start(managerBuilder().build());
    books.find("1");
    books.find("2");
    books.evict("1");
    books.find("1");
    books.find("2");
    assertThat(probe.calls("find", "1")).isEqualTo(2);
    assertThat(probe.calls("find", "2")).isEqualTo(1);
  }

  @Test
  void cacheEvictAllEntriesEmptiesTheCache() {
    start(managerBuilder().build());
    books.find("1");
    books.find("2");
    books.evictAll();
    assertThat(info("books").currentSize()).isZero();
    books.find("1");
    books.find("2");
    assertThat(probe.calls("find", "1")).isEqualTo(2);
    assertThat(probe.calls("find", "2")).isEqualTo(2);
  }

  @Test
  void nullValuesAreCachedWhenAllowed() {
    start(managerBuilder().build());
    assertThat(books.findNull("k")).isNull();
    assertThat(books.findNull("k")).isNull();
    assertThat(probe.calls("findNull", "k")).isEqualTo(1);
    assertThat(books.findNullSync("s")).isNull();
    assertThat(books.findNullSync("s")).isNull();
    assertThat(probe.calls("findNullSync", "s")).isEqualTo(1);
    assertThat(manager.getCache("nullable").get("k")).isNotNull();
    assertThat(manager.getCache("nullable").get("k").get()).isNull();
    assertThat(manager.getCache("nullable").get("absent")).isNull();
  }

  @Test
  void nullValuesAreRefusedWhenNotAllowed() {
    start(managerBuilder().allowNullValues(false).build());
    assertThatThrownBy(() -> books.findNull("k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cache 'nullable' is configured to not allow null values");
    assertThatThrownBy(() -> books.findNullSync("s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not allow null values");
    assertThat(info("nullable").currentSize()).isZero();
    // With `unless`, a null result is simply not cached.
    assertThat(books.findNullUnlessNull("u")).isNull();
    assertThat(books.findNullUnlessNull("u")).isNull();
    assertThat(probe.calls("findNullUnlessNull", "u")).isEqualTo(2);
    assertThatThrownBy(() -> manager.getCache("books").put("k", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void completableFutureResultsAreCachedOnceCompleted() throws Exception {
    start(managerBuilder().build());
    CompletableFuture<String> first = books.findAsync("a");
    assertThat(first).isNotDone();
    probe.pending.get("a").complete("value a");
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("value a");
    probe.pending.clear();
    CompletableFuture<String> second = books.findAsync("a");
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("value a");
    assertThat(probe.calls("findAsync", "a")).isEqualTo(1);
    assertThat(probe.pending).isEmpty();
  }

  @Test
  void syncCompletableFutureMissesShareOneCall() throws Exception {
    start(managerBuilder().build());
    CompletableFuture<String> first = books.findAsyncSync("b");
    CompletableFuture<String> second = books.findAsyncSync("b");
    assertThat(first).isNotDone();
    assertThat(second).isNotDone();
    assertThat(probe.calls("findAsyncSync", "b")).isEqualTo(1);
    probe.pending.remove("b").complete("value b");
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("value b");
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("value b");
    assertThat(books.findAsyncSync("b").get(10, TimeUnit.SECONDS)).isEqualTo("value b");
    assertThat(probe.calls("findAsyncSync", "b")).isEqualTo(1);
    CacheInfo info = info("async");
    assertThat(info.misses()).isEqualTo(1);
    assertThat(info.hits()).isEqualTo(2);
  }

  @Test
  void aFailedFutureIsNotCached() throws Exception {
    start(managerBuilder().build());
    CompletableFuture<String> failed = books.findAsyncSync("c");
    probe.pending.remove("c").completeExceptionally(new IllegalStateException("boom"));
    assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("boom");
    CompletableFuture<String> retried = books.findAsyncSync("c");
    probe.pending.remove("c").complete("value c");
    assertThat(retried.get(10, TimeUnit.SECONDS)).isEqualTo("value c");
    assertThat(probe.calls("findAsyncSync", "c")).isEqualTo(2);
  }

  @Test
  void aFutureOfNullIsCachedWhenAllowedAndFailsWhenNot() throws Exception {
    start(managerBuilder().build());
    CompletableFuture<String> first = books.findAsyncSync("n");
    probe.pending.remove("n").complete(null);
    assertThat(first.get(10, TimeUnit.SECONDS)).isNull();
    assertThat(books.findAsyncSync("n").get(10, TimeUnit.SECONDS)).isNull();
    assertThat(books.findAsync("n").get(10, TimeUnit.SECONDS)).isNull();
    assertThat(probe.calls("findAsyncSync", "n")).isEqualTo(1);
    assertThat(probe.calls("findAsync", "n")).isZero();
    context.close();

    start(managerBuilder().allowNullValues(false).build());
    CompletableFuture<String> refused = books.findAsyncSync("n");
    probe.pending.remove("n").complete(null);
    assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
    assertThat(info("async").currentSize()).isZero();
  }

  @Test
  void eachCacheNameHasItsOwnMaxSize() {
    start(managerBuilder().build());
    for (int id = 0; id < 5; id++) {
      books.findSmall(id);
      books.find("book " + id);
    }
    CacheInfo small = info("small");
    assertThat(small.maxSize()).isEqualTo(2);
    assertThat(small.currentSize()).isEqualTo(2);
    assertThat(small.evictions()).isEqualTo(3);
    CacheInfo bookInfo = info("books");
    assertThat(bookInfo.maxSize()).isEqualTo(100);
    assertThat(bookInfo.currentSize()).isEqualTo(5);
    assertThat(bookInfo.evictions()).isZero();
  }

  @Test
  void eachCacheNameHasItsOwnTtl() {
    start(managerBuilder().build());
    books.findShortLived("k");
    books.find("k");
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    books.findShortLived("k");
    assertThat(probe.calls("findShortLived", "k")).isEqualTo(1);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    books.findShortLived("k");
    books.find("k");
    assertThat(probe.calls("findShortLived", "k")).isEqualTo(2);
    assertThat(probe.calls("find", "k")).isEqualTo(1);
    assertThat(info("short").evictions()).isEqualTo(1);
  }

  @Test
  void undeclaredNamesAreCreatedOnFirstUseWhenDynamic() {
    start(managerBuilder().build());
    assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("small", "short");
    books.findUndeclared("k");
    books.findUndeclared("k");
    assertThat(probe.calls("findUndeclared", "k")).isEqualTo(1);
    assertThat(manager.getCacheNames()).contains("undeclared");
    assertThat(info("undeclared").maxSize()).isEqualTo(100);
  }

  @Test
  void undeclaredNamesAreRefusedWhenNotDynamic() {
    start(managerBuilder().dynamic(false).cacheNames("books").build());
    assertThat(books.find("1")).isEqualTo("title of 1");
    assertThatThrownBy(() -> books.findUndeclared("k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("undeclared");
    assertThat(manager.getCache("undeclared")).isNull();
    assertThat(manager.getCacheInfo("undeclared")).isEmpty();
    assertThat(manager.getCacheNames()).containsExactly("books", "short", "small");
  }
}
