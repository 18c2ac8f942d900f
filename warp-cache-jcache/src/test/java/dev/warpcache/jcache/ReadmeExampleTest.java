package dev.warpcache.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.Test;

/** The example of the README's JCache section, run as a test: keep the two in step. */
class ReadmeExampleTest {

  @Test
  void readmeExample() {
    // --- README example: start
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    Cache<String, Integer> scores =
        manager.createCache(
            "scores",
            new WarpConfiguration<String, Integer>()
                .setMaxSize(50_000) // warp-cache bounds every cache (default 10,000)
                .setTypes(String.class, Integer.class)
                .setExpiryPolicyFactory(
                    CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 5)))
                .setStatisticsEnabled(true));

    scores.put("alice", 3);
    scores.putIfAbsent("bob", 5);
    EntryProcessor<String, Integer, Integer> increment =
        (entry, args) -> {
          entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
          return entry.getValue();
        };
    int alice = scores.invoke("alice", increment); // 4, atomically

    // the warp-cache underneath, for its SIEVE statistics
    dev.warpcache.Cache<?, ?> warp = scores.unwrap(dev.warpcache.Cache.class);
    System.out.println(warp.info()); // CacheInfo(hits=..., max_size=50000, current_size=2, ...)
    // --- README example: end

    assertThat(alice).isEqualTo(4);
    assertThat(scores.get("bob")).isEqualTo(5);
    assertThat(warp.info().maxSize()).isEqualTo(50_000);
    assertThat(warp.info().currentSize()).isEqualTo(2);
    manager.destroyCache("scores");
  }
}
