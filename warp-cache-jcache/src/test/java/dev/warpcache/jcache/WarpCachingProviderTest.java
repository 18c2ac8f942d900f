package dev.warpcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WarpCachingProviderTest {
  private final CacheManager manager = Caching.getCachingProvider().getCacheManager();

  @AfterEach
  void destroyCaches() {
    for (String name : manager.getCacheNames()) {
      manager.destroyCache(name);
    }
  }

  @Test
  void serviceLoaderFindsTheProvider() {
    CachingProvider provider = Caching.getCachingProvider();
    assertThat(provider).isInstanceOf(WarpCachingProvider.class);
    assertThat(provider.isSupported(OptionalFeature.STORE_BY_REFERENCE)).isTrue();
    assertThat(provider.getDefaultURI()).hasToString(WarpCachingProvider.DEFAULT_URI);
    assertThat(provider.getCacheManager()).isSameAs(manager);
  }

  @Test
  void unwrapGivesTheWarpCache() {
    Cache<String, String> cache = manager.createCache("unwrap", new MutableConfiguration<>());
    cache.put("k", "v");
    cache.get("k");
    dev.warpcache.Cache<?, ?> warp = cache.unwrap(dev.warpcache.Cache.class);
    assertThat(warp.info().currentSize()).isEqualTo(1);
    assertThat(warp.info().hits()).isEqualTo(1);
    Object unwrapped = cache.unwrap(Cache.class);
    assertThat(unwrapped).isSameAs(cache);
    assertThatThrownBy(() -> cache.unwrap(String.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPlainConfigurationGetsTheDefaultMaxSize() {
    Cache<String, String> cache = manager.createCache("plain", new MutableConfiguration<>());
    @SuppressWarnings("unchecked")
    WarpConfiguration<String, String> configuration =
        cache.getConfiguration(WarpConfiguration.class);
    assertThat(configuration.getMaxSize()).isEqualTo(WarpConfiguration.DEFAULT_MAX_SIZE);
    assertThat(cache.unwrap(dev.warpcache.Cache.class).info().maxSize())
        .isEqualTo(WarpConfiguration.DEFAULT_MAX_SIZE);
    // The configuration read back is a copy, equal to the plain one it came from.
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, String> readBack =
        cache.getConfiguration(CompleteConfiguration.class);
    assertThat(new MutableConfiguration<String, String>()).isEqualTo(readBack);
  }

  @Test
  void warpConfigurationValidatesAndCopiesTheMaxSize() {
    assertThatThrownBy(() -> new WarpConfiguration<>().setMaxSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    WarpConfiguration<String, String> original =
        new WarpConfiguration<String, String>().setMaxSize(7).setStoreByValue(false);
    WarpConfiguration<String, String> copy = new WarpConfiguration<>(original);
    assertThat(copy.getMaxSize()).isEqualTo(7);
    assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
    assertThat(copy.setMaxSize(8)).isNotEqualTo(original);
  }
}
