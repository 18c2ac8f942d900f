package dev.warpcache.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.CacheInfo;
import dev.warpcache.Cached;
import dev.warpcache.WarpCache;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link WarpCache#decorate(Class, Object, dev.warpcache.RemoteTier)}: the cached methods of two
 * proxies on two clients of one tier share results through it, each under its own name.
 */
class DecoratedRemoteTest {

  private final InMemoryTier.Backing backing = new InMemoryTier.Backing();
  private final InMemoryTier.Client tierA = backing.client(Duration.ofMillis(200));
  private final InMemoryTier.Client tierB = backing.client(Duration.ofMillis(200));

  interface Prices {
    @Cached(maxSize = 16)
    long price(String symbol);

    @Cached(name = "quotes")
    String quote(String symbol, int quantity);

    long uncached(String symbol);
  }

  /** Counts its calls; answers differently per instance, to tell them apart. */
  static final class CountingPrices implements Prices {
    final AtomicInteger calls = new AtomicInteger();
    final long base;

    CountingPrices(long base) {
      this.base = base;
    }

    @Override
    public long price(String symbol) {
      calls.incrementAndGet();
      return base + symbol.length();
    }

    @Override
    public String quote(String symbol, int quantity) {
      calls.incrementAndGet();
      return base + ":" + symbol + "x" + quantity;
    }

    @Override
    public long uncached(String symbol) {
      calls.incrementAndGet();
      return base;
    }
  }

  @Test
  void twoProxiesShareResultsThroughTheTierUnderDerivedAndGivenNames() {
    CountingPrices implA = new CountingPrices(100);
    CountingPrices implB = new CountingPrices(200);
    Prices a = WarpCache.decorate(Prices.class, implA, tierA);
    Prices b = WarpCache.decorate(Prices.class, implB, tierB);

    assertThat(a.price("ACME")).isEqualTo(104);
    assertThat(a.quote("ACME", 3)).isEqualTo("100:ACMEx3");
    assertThat(b.price("ACME")).isEqualTo(104); // from the tier: computed by a
    assertThat(b.price("ACME")).isEqualTo(104); // near
    assertThat(b.quote("ACME", 3)).isEqualTo("100:ACMEx3");
    assertThat(b.uncached("ACME")).isEqualTo(200);
    assertThat(implA.calls).hasValue(2);
    assertThat(implB.calls).hasValue(1); // the uncached method only

    assertThat(backing.of("quotes")).hasSize(1);
    assertThat(
            backing.of("dev.warpcache.remote.DecoratedRemoteTest_Prices.price_java.lang.String_"))
        .hasSize(1);

    CacheInfo price = WarpCache.cacheOf(b, "price", String.class).cacheInfo();
    assertThat(price.remoteHits()).isEqualTo(1);
    assertThat(price.nearHits()).isEqualTo(1);
    assertThat(price.misses()).isZero();

    WarpCache.cacheOf(a, "quote", String.class, int.class).cacheClear(); // here and everywhere
    assertThat(backing.of("quotes")).isEmpty();
    assertThat(b.quote("ACME", 3)).isEqualTo("200:ACMEx3");
  }
}
