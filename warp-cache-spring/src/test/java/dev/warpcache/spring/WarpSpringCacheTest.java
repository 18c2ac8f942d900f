package dev.warpcache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.WarpCache;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;
import org.springframework.cache.support.NullValue;

/**
 * The {@link org.springframework.cache.Cache} contract of {@link WarpSpringCache}, called directly.
 */
class WarpSpringCacheTest {

  private final WarpSpringCache cache = new WarpSpringCache("test", WarpCache.builder().build());
  private final WarpSpringCache noNulls =
      new WarpSpringCache("strict", WarpCache.builder().build(), false);

  @Test
  void getReturnsAWrapperOrNull() {
    assertThat(cache.getName()).isEqualTo("test");
    assertThat(cache.get("k")).isNull();
    cache.put("k", "v");
    assertThat(cache.get("k").get()).isEqualTo("v");
    cache.put("n", null);
    assertThat(cache.get("n")).isNotNull();
    assertThat(cache.get("n").get()).isNull();
    assertThat(cache.getNativeCache().getIfPresent("n")).isSameAs(NullValue.INSTANCE);
  }

  @Test
  void getWithTypeChecksTheType() {
    cache.put("k", "v");
    assertThat(cache.get("k", String.class)).isEqualTo("v");
    assertThat(cache.get("absent", String.class)).isNull();
    assertThatThrownBy(() -> cache.get("k", Integer.class))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void getWithLoaderLoadsOnceAndCaches() {
    AtomicInteger calls = new AtomicInteger();
    Callable<String> loader = () -> "loaded " + calls.incrementAndGet();
    assertThat(cache.get("k", loader)).isEqualTo("loaded 1");
    assertThat(cache.get("k", loader)).isEqualTo("loaded 1");
    assertThat(calls).hasValue(1);
    assertThat(cache.info().misses()).isEqualTo(1);
    assertThat(cache.info().hits()).isEqualTo(1);
  }

  @Test
  void getWithLoaderWrapsItsExceptions() {
    Callable<String> checked =
        () -> {
          throw new IOException("disk");
        };
    assertThatThrownBy(() -> cache.get("k", checked))
        .isInstanceOf(Cache.ValueRetrievalException.class)
        .hasCauseInstanceOf(IOException.class)
        .satisfies(e -> assertThat(((Cache.ValueRetrievalException) e).getKey()).isEqualTo("k"));
    Callable<String> unchecked =
        () -> {
          throw new IllegalStateException("bad");
        };
    assertThatThrownBy(() -> cache.get("k", unchecked))
        .isInstanceOf(Cache.ValueRetrievalException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void getWithLoaderOfNull() {
    assertThat(cache.<String>get("k", () -> null)).isNull();
    assertThat(cache.get("k")).isNotNull();
    assertThatThrownBy(() -> noNulls.<String>get("k", () -> null))
        .isInstanceOf(Cache.ValueRetrievalException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(noNulls.get("k")).isNull();
  }

  @Test
  void putIfAbsentKeepsTheFirstValue() {
    assertThat(cache.putIfAbsent("k", "first")).isNull();
    assertThat(cache.putIfAbsent("k", "second").get()).isEqualTo("first");
    assertThat(cache.get("k").get()).isEqualTo("first");
    assertThat(cache.putIfAbsent("n", null)).isNull();
    assertThat(cache.putIfAbsent("n", "x").get()).isNull();
  }

  @Test
  void evictAndInvalidateTellWhetherSomethingWasThere() {
    cache.put("a", "1");
    cache.put("b", "2");
    assertThat(cache.evictIfPresent("a")).isTrue();
    assertThat(cache.evictIfPresent("a")).isFalse();
    cache.evict("b");
    assertThat(cache.get("b")).isNull();
    cache.put("c", "3");
    assertThat(cache.invalidate()).isTrue();
    assertThat(cache.invalidate()).isFalse();
    cache.put("d", "4");
    cache.clear();
    assertThat(cache.get("d")).isNull();
  }

  @Test
  void nullsAreRefusedWhenNotAllowed() {
    assertThatThrownBy(() -> noNulls.put("k", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cache 'strict' is configured to not allow null values");
    assertThatThrownBy(() -> noNulls.putIfAbsent("k", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(noNulls.isAllowNullValues()).isFalse();
  }

  @Test
  void retrieveReturnsNullOnAMissAndAWrapperOnAHit() throws Exception {
    assertThat(cache.retrieve("k")).isNull();
    cache.put("k", "v");
    cache.put("n", null);
    assertThat(((Cache.ValueWrapper) cache.retrieve("k").get()).get()).isEqualTo("v");
    assertThat(((Cache.ValueWrapper) cache.retrieve("n").get()).get()).isNull();
    noNulls.put("k", "v");
    assertThat(noNulls.retrieve("k").get()).isEqualTo("v");
  }

  @Test
  void retrieveWithLoaderSharesOneCallAndStoresTheResult() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> first =
        cache.retrieve(
            "k",
            () -> {
              calls.incrementAndGet();
              return source;
            });
    CompletableFuture<String> second =
        cache.retrieve(
            "k",
            () -> {
              calls.incrementAndGet();
              return CompletableFuture.completedFuture("other");
            });
    assertThat(calls).hasValue(1);
    source.complete("v");
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("v");
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("v");
    assertThat(cache.get("k").get()).isEqualTo("v");
  }

  @Test
  void retrieveWithLoaderFailsItsFutureInsteadOfThrowing() {
    CompletableFuture<String> thrown =
        cache.retrieve(
            "k",
            () -> {
              throw new IllegalStateException("sync failure");
            });
    assertThatThrownBy(() -> thrown.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("sync failure");
    CompletableFuture<String> nullFuture = cache.retrieve("k", () -> null);
    assertThatThrownBy(() -> nullFuture.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(NullPointerException.class);
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void infoAndToStringShowTheStatistics() {
    cache.put("k", "v");
    cache.get("k");
    cache.get("absent");
    assertThat(cache.info().hits()).isEqualTo(1);
    assertThat(cache.info().misses()).isEqualTo(1);
    assertThat(cache.toString()).startsWith("WarpSpringCache(test, CacheInfo(hits=1");
  }
}
