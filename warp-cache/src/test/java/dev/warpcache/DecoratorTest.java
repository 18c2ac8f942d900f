package dev.warpcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.internal.decorate.Decorator;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link WarpCache#decorate}: memoized {@link Cached} methods, forwarding of everything else,
 * exceptions as themselves, and the errors of {@code decorate} and {@code cacheOf}.
 */
class DecoratorTest {

  // ---------------------------------------------------------------- interfaces under test

  interface Lookup {
    @Cached(maxSize = 2)
    String find(long id);
  }

  interface TwoMethods {
    @Cached(maxSize = 3)
    String a(String s);

    @Cached(maxSize = 7)
    String b(String s);

    String plain(String s);
  }

  interface Overloads {
    @Cached(maxSize = 4)
    String find(long id);

    @Cached(maxSize = 5)
    String find(String name);

    @Cached(maxSize = 6)
    String find(String name, int page);
  }

  interface Shapes {
    @Cached
    String echo(String s);

    @Cached
    String pair(Object a, Object b);

    @Cached
    int sum(int[] values);

    @Cached
    String join(String... parts);

    @Cached
    String tagged(String tag, long[] values);

    @Cached
    int add(int a, int b);

    @Cached
    long count();
  }

  interface Expiring {
    @Cached(ttlSeconds = 10)
    String get(String key);

    @Cached
    String forever(String key);

    @Cached(ttlSeconds = Long.MAX_VALUE)
    String longest(String key);

    @Cached(ttlSeconds = 9_223_372_037L) // the first whole second past Long.MAX_VALUE nanos
    String justTooLong(String key);
  }

  interface Greeter {
    String name();

    default String greet() {
      return "hello " + name();
    }

    default String farewell() {
      return "bye " + name();
    }

    @Cached
    default String shout(String suffix) {
      return name().toUpperCase(Locale.ROOT) + suffix;
    }
  }

  interface Files {
    @Cached
    String read(String path) throws IOException;

    String readUncached(String path) throws IOException;

    @Cached
    String parse(String text);

    default String readTwice(String path) throws IOException {
      return read(path) + read(path);
    }
  }

  interface Source<K, V> {
    V get(K key);
  }

  interface Names extends Source<Long, String> {
    @Cached
    @Override
    String get(Long key);
  }

  interface Base {
    @Cached(maxSize = 9)
    String base(String s);
  }

  interface Derived extends Base {
    String other(String s);
  }

  interface Fib {
    @Cached(maxSize = 1000)
    long fib(int n);
  }

  /** Public, but nested in a package-private class: still needs the accessible flag. */
  public interface PublicLookup {
    @Cached
    String find(String key);
  }

  // Interfaces that decorate must reject.

  interface ZeroSize {
    @Cached(maxSize = 0)
    String f(String s);
  }

  interface NegativeSize {
    @Cached(maxSize = -5)
    String f(String s);
  }

  interface TooLarge {
    @Cached(maxSize = WarpCache.MAX_SUPPORTED_SIZE + 1)
    String f(String s);
  }

  interface LargestSize {
    @Cached(maxSize = WarpCache.MAX_SUPPORTED_SIZE)
    String f(String s);
  }

  interface NegativeTtl {
    @Cached(ttlSeconds = -1)
    String f(String s);
  }

  interface CachedStatic {
    @Cached
    static String helper(String s) {
      return s;
    }

    String f(String s);
  }

  interface CachedPrivate {
    @Cached
    private String helper(String s) {
      return s;
    }

    default String f(String s) {
      return helper(s);
    }
  }

  interface CachedToString {
    @Cached
    @Override
    String toString();
  }

  interface Left {
    @Cached(maxSize = 1)
    String f(String s);
  }

  interface Right {
    @Cached(maxSize = 2)
    String f(String s);
  }

  interface Conflicting extends Left, Right {}

  interface AgreeingLeft {
    @Cached(maxSize = 3)
    String f(String s);
  }

  interface AgreeingRight {
    @Cached(maxSize = 3)
    String f(String s);
  }

  interface Agreeing extends AgreeingLeft, AgreeingRight {}

  sealed interface Shape permits Circle {}

  record Circle() implements Shape {}

  abstract static class NotAnInterface {}

  record Named(String name) implements Greeter {
    @Override
    public String farewell() {
      return "see you, " + name;
    }
  }

  // ---------------------------------------------------------------- memoization

  @Test
  void hitsAndMissesAreCountedPerMethod() {
    AtomicInteger calls = new AtomicInteger();
    Lookup proxy =
        WarpCache.decorate(
            Lookup.class,
            id -> {
              calls.incrementAndGet();
              return "v" + id;
            });

    assertThat(proxy.find(1)).isEqualTo("v1");
    assertThat(proxy.find(1)).isEqualTo("v1");
    assertThat(proxy.find(2)).isEqualTo("v2");

    assertThat(calls).hasValue(2);
    assertThat(WarpCache.cacheOf(proxy, "find", long.class).cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(1, 2, 0, 2, 2));
  }

  @Test
  void eachMethodHasItsOwnCache() {
    List<String> calls = new ArrayList<>();
    TwoMethods proxy = WarpCache.decorate(TwoMethods.class, new RecordingTwoMethods(calls));

    proxy.a("x");
    proxy.b("x");
    proxy.a("x");
    proxy.a("y");

    assertThat(calls).containsExactly("a:x", "b:x", "a:y");
    Memoized a = WarpCache.cacheOf(proxy, "a", String.class);
    Memoized b = WarpCache.cacheOf(proxy, "b", String.class);
    assertThat(a.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(1, 2, 0, 3, 2));
    assertThat(b.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 1, 0, 7, 1));

    a.cacheClear();
    assertThat(b.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 1, 0, 7, 1));
    proxy.b("x");
    assertThat(calls).containsExactly("a:x", "b:x", "a:y");
  }

  @Test
  void maxSizeIsRespectedPerMethod() {
    AtomicInteger calls = new AtomicInteger();
    Lookup proxy =
        WarpCache.decorate(
            Lookup.class,
            id -> {
              calls.incrementAndGet();
              return "v" + id;
            });

    for (long id = 1; id <= 5; id++) {
      proxy.find(id);
    }
    CacheInfo info = WarpCache.cacheOf(proxy, "find", long.class).cacheInfo();
    assertThat(info.currentSize()).isEqualTo(2);
    assertThat(info.evictions()).isEqualTo(3);
    assertThat(info.maxSize()).isEqualTo(2);

    proxy.find(5); // the newest entry is never the victim of its own insertion
    assertThat(calls).hasValue(5);
  }

  @Test
  void uncachedMethodsCallTheImplementationEveryTime() {
    List<String> calls = new ArrayList<>();
    TwoMethods proxy = WarpCache.decorate(TwoMethods.class, new RecordingTwoMethods(calls));

    assertThat(proxy.plain("x")).isEqualTo("plain(x)");
    assertThat(proxy.plain("x")).isEqualTo("plain(x)");

    assertThat(calls).containsExactly("plain:x", "plain:x");
    assertThatThrownBy(() -> WarpCache.cacheOf(proxy, "plain", String.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void overloadsAreSeparateMethodsWithSeparateCaches() {
    List<String> calls = new ArrayList<>();
    Overloads proxy =
        WarpCache.decorate(
            Overloads.class,
            new Overloads() {
              @Override
              public String find(long id) {
                calls.add("long " + id);
                return "id " + id;
              }

              @Override
              public String find(String name) {
                calls.add("name " + name);
                return "name " + name;
              }

              @Override
              public String find(String name, int page) {
                calls.add("page " + name + page);
                return "page " + name + page;
              }
            });

    assertThat(proxy.find(1)).isEqualTo("id 1");
    assertThat(proxy.find("1")).isEqualTo("name 1");
    assertThat(proxy.find("1", 1)).isEqualTo("page 11");
    assertThat(proxy.find(1)).isEqualTo("id 1");
    assertThat(proxy.find("1")).isEqualTo("name 1");

    assertThat(calls).containsExactly("long 1", "name 1", "page 11");
    assertThat(WarpCache.cacheOf(proxy, "find", long.class).cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(1, 1, 0, 4, 1));
    assertThat(WarpCache.cacheOf(proxy, "find", String.class).cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(1, 1, 0, 5, 1));
    assertThat(WarpCache.cacheOf(proxy, "find", String.class, int.class).cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 1, 0, 6, 1));
  }

  @Test
  void cacheClearDropsTheEntriesAndResetsTheCounters() {
    AtomicInteger calls = new AtomicInteger();
    Lookup proxy =
        WarpCache.decorate(
            Lookup.class,
            id -> {
              calls.incrementAndGet();
              return "v" + id;
            });
    proxy.find(1);
    proxy.find(1);
    Memoized cache = WarpCache.cacheOf(proxy, "find", long.class);

    cache.cacheClear();

    assertThat(cache.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 0, 0, 2, 0));
    proxy.find(1);
    assertThat(calls).hasValue(2);
    assertThat(cache.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 1, 0, 2, 1));
  }

  @Test
  void nullArgumentsAndNullResultsAreCached() {
    ShapesImpl impl = new ShapesImpl();
    Shapes proxy = WarpCache.decorate(Shapes.class, impl);

    assertThat(proxy.echo(null)).isNull();
    assertThat(proxy.echo(null)).isNull();
    assertThat(proxy.pair(null, null)).isEqualTo("null/null");
    assertThat(proxy.pair(null, null)).isEqualTo("null/null");
    assertThat(proxy.pair("a", null)).isEqualTo("a/null");

    assertThat(impl.calls).containsExactly("echo null", "pair null null", "pair a null");
    assertThat(WarpCache.cacheOf(proxy, "echo", String.class).cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(1, 1, 0, 128, 1));
  }

  @Test
  void arrayArgumentsAreKeyedByContentAndCopied() {
    ShapesImpl impl = new ShapesImpl();
    Shapes proxy = WarpCache.decorate(Shapes.class, impl);
    int[] values = {1, 2, 3};

    assertThat(proxy.sum(values)).isEqualTo(6);
    assertThat(proxy.sum(new int[] {1, 2, 3})).isEqualTo(6);
    values[0] = 10; // the stored key holds a copy: mutating the caller's array changes nothing
    assertThat(proxy.sum(new int[] {1, 2, 3})).isEqualTo(6);
    assertThat(proxy.sum(values)).isEqualTo(15);

    assertThat(proxy.join("a", "b")).isEqualTo("a+b");
    assertThat(proxy.join(new String[] {"a", "b"})).isEqualTo("a+b");
    assertThat(proxy.join("a", "b", "c")).isEqualTo("a+b+c");

    assertThat(proxy.tagged("t", new long[] {7, 8})).isEqualTo("t[7, 8]");
    assertThat(proxy.tagged("t", new long[] {7, 8})).isEqualTo("t[7, 8]");

    assertThat(impl.calls)
        .containsExactly(
            "sum [1, 2, 3]", "sum [10, 2, 3]", "join [a, b]", "join [a, b, c]", "tagged t [7, 8]");
  }

  @Test
  void primitiveArgumentsAndResultsAndMethodsWithoutArguments() {
    ShapesImpl impl = new ShapesImpl();
    Shapes proxy = WarpCache.decorate(Shapes.class, impl);

    assertThat(proxy.add(2, 3)).isEqualTo(5);
    assertThat(proxy.add(2, 3)).isEqualTo(5);
    assertThat(proxy.add(3, 2)).isEqualTo(5);
    assertThat(proxy.count()).isEqualTo(42L);
    assertThat(proxy.count()).isEqualTo(42L);

    assertThat(impl.calls).containsExactly("add 2 3", "add 3 2", "count");
    assertThat(WarpCache.cacheOf(proxy, "count").cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(1, 1, 0, 128, 1));
  }

  @Test
  void ttlSecondsExpiresEntriesOnTheInjectedTicker() {
    AtomicLong now = new AtomicLong();
    List<String> calls = new ArrayList<>();
    Expiring proxy = Decorator.decorate(Expiring.class, new ExpiringImpl(calls), now::get);

    proxy.get("k");
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    proxy.get("k");
    assertThat(calls).containsExactly("get k");

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    proxy.get("k");
    assertThat(calls).containsExactly("get k", "get k");
    assertThat(WarpCache.cacheOf(proxy, "get", String.class).cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(1, 2, 1, 128, 1));
  }

  @Test
  void withoutTtlSecondsEntriesNeverExpire() {
    AtomicLong now = new AtomicLong();
    List<String> calls = new ArrayList<>();
    Expiring proxy = Decorator.decorate(Expiring.class, new ExpiringImpl(calls), now::get);

    proxy.forever("k");
    now.addAndGet(Duration.ofDays(100_000).toNanos());
    proxy.forever("k");

    assertThat(calls).containsExactly("forever k");
  }

  @Test
  void ttlSecondsTooLargeForNanosSaturatesInsteadOfOverflowing() {
    AtomicLong now = new AtomicLong();
    List<String> calls = new ArrayList<>();
    Expiring proxy = Decorator.decorate(Expiring.class, new ExpiringImpl(calls), now::get);

    proxy.longest("k");
    proxy.justTooLong("k");
    now.addAndGet(Duration.ofDays(100_000).toNanos()); // about 274 years
    proxy.longest("k");
    proxy.justTooLong("k");

    assertThat(calls).containsExactly("longest k", "justTooLong k");
  }

  @Test
  void concurrentMissesOfOneKeyCallTheImplementationOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Lookup proxy =
        WarpCache.decorate(
            Lookup.class,
            id -> {
              calls.incrementAndGet();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return "v" + id;
            });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> proxy.find(42)));
      }
      release.countDown();
      for (Future<String> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("v42");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  void recursiveCallsThroughTheProxyCacheEveryLevel() {
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<Fib> self = new AtomicReference<>();
    Fib proxy =
        WarpCache.decorate(
            Fib.class,
            n -> {
              calls.incrementAndGet();
              return n < 2 ? n : self.get().fib(n - 1) + self.get().fib(n - 2);
            });
    self.set(proxy);

    assertThat(proxy.fib(80)).isEqualTo(23_416_728_348_467_685L);
    assertThat(calls).hasValue(81);
  }

  @Test
  void callsThroughAGenericSupertypeUseTheSameCache() {
    AtomicInteger calls = new AtomicInteger();
    Names proxy =
        WarpCache.decorate(
            Names.class,
            key -> {
              calls.incrementAndGet();
              return "n" + key;
            });
    Source<Long, String> generic = proxy;

    assertThat(proxy.get(1L)).isEqualTo("n1");
    assertThat(generic.get(1L)).isEqualTo("n1");

    assertThat(calls).hasValue(1);
    assertThat(WarpCache.cacheOf(proxy, "get", Long.class).cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(1, 1, 0, 128, 1));
  }

  @Test
  void methodsOfSuperinterfacesAreCachedToo() {
    List<String> calls = new ArrayList<>();
    Derived proxy =
        WarpCache.decorate(
            Derived.class,
            new Derived() {
              @Override
              public String base(String s) {
                calls.add("base " + s);
                return "b" + s;
              }

              @Override
              public String other(String s) {
                calls.add("other " + s);
                return "o" + s;
              }
            });

    proxy.base("x");
    proxy.base("x");
    proxy.other("x");
    proxy.other("x");

    assertThat(calls).containsExactly("base x", "other x", "other x");
    assertThat(WarpCache.cacheOf(proxy, "base", String.class).cacheInfo().maxSize()).isEqualTo(9);
  }

  @Test
  void identicalAnnotationsInTwoSuperinterfacesShareOneCache() {
    AtomicInteger calls = new AtomicInteger();
    Agreeing proxy =
        WarpCache.decorate(
            Agreeing.class,
            s -> {
              calls.incrementAndGet();
              return s;
            });

    proxy.f("x");
    ((AgreeingLeft) proxy).f("x");
    ((AgreeingRight) proxy).f("x");

    assertThat(calls).hasValue(1);
    assertThat(WarpCache.cacheOf(proxy, "f", String.class).cacheInfo().maxSize()).isEqualTo(3);
  }

  // ---------------------------------------------------------------- forwarding

  @Test
  void defaultMethodsRunTheImplementationsOverrideOrTheDefault() {
    AtomicInteger nameCalls = new AtomicInteger();
    Greeter impl =
        new Greeter() {
          @Override
          public String name() {
            nameCalls.incrementAndGet();
            return "bob";
          }

          @Override
          public String farewell() {
            return "later, " + name();
          }
        };
    Greeter proxy = WarpCache.decorate(Greeter.class, impl);

    assertThat(proxy.greet()).isEqualTo("hello bob");
    assertThat(proxy.farewell()).isEqualTo("later, bob");
    assertThat(nameCalls).hasValue(2);

    assertThat(proxy.shout("!")).isEqualTo("BOB!");
    assertThat(proxy.shout("!")).isEqualTo("BOB!");
    assertThat(nameCalls).hasValue(3); // the cached default method ran once
    assertThat(WarpCache.cacheOf(proxy, "shout", String.class).cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(1, 1, 0, 128, 1));
  }

  @Test
  void equalsHashCodeAndToStringAreTheImplementations() {
    Named impl = new Named("bob");
    Greeter proxy = WarpCache.decorate(Greeter.class, impl);

    assertThat(proxy.toString()).isEqualTo(impl.toString());
    assertThat(proxy.hashCode()).isEqualTo(impl.hashCode());
    assertThat(proxy.equals(proxy)).isTrue();
    assertThat(proxy.equals(impl)).isTrue();
    assertThat(proxy.equals(new Named("bob"))).isTrue();
    assertThat(proxy.equals(WarpCache.decorate(Greeter.class, new Named("bob")))).isTrue();
    assertThat(proxy.equals(new Named("alice"))).isFalse();
    assertThat(proxy.equals(WarpCache.decorate(Greeter.class, new Named("alice")))).isFalse();
    assertThat(proxy.equals(null)).isFalse();
    assertThat(proxy.farewell()).isEqualTo("see you, bob");
  }

  @Test
  void theProxyIsAJdkProxyOfTheInterface() {
    Lookup proxy = WarpCache.decorate(Lookup.class, id -> "v" + id);

    assertThat(Proxy.isProxyClass(proxy.getClass())).isTrue();
    assertThat(proxy).isInstanceOf(Lookup.class);
  }

  @Test
  void aPublicInterfaceAndAJdkInterfaceAreDecorated() {
    AtomicInteger calls = new AtomicInteger();
    PublicLookup lookup =
        WarpCache.decorate(
            PublicLookup.class,
            key -> {
              calls.incrementAndGet();
              return key;
            });
    lookup.find("a");
    lookup.find("a");
    assertThat(calls).hasValue(1);

    AtomicInteger runs = new AtomicInteger();
    Runnable runnable = WarpCache.decorate(Runnable.class, runs::incrementAndGet);
    runnable.run();
    runnable.run();
    assertThat(runs).hasValue(2);
  }

  // ---------------------------------------------------------------- exceptions

  @Test
  void aCheckedExceptionReachesTheCallerAsItselfAndIsNotCached() throws IOException {
    IOException failure = new IOException("disk on fire");
    FilesImpl impl = new FilesImpl(failure);
    Files proxy = WarpCache.decorate(Files.class, impl);

    assertThatThrownBy(() -> proxy.read("a")).isSameAs(failure);
    assertThatThrownBy(() -> proxy.read("a")).isSameAs(failure);
    assertThat(impl.calls).containsExactly("read a", "read a");
    assertThat(WarpCache.cacheOf(proxy, "read", String.class).cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 2, 0, 128, 0));

    impl.failure = null;
    assertThat(proxy.read("a")).isEqualTo("content of a");
    assertThat(proxy.read("a")).isEqualTo("content of a");
    assertThat(impl.calls).containsExactly("read a", "read a", "read a");
  }

  @Test
  void aCheckedExceptionOfAnUncachedOrDefaultMethodReachesTheCallerAsItself() {
    IOException failure = new IOException("disk on fire");
    Files proxy = WarpCache.decorate(Files.class, new FilesImpl(failure));

    assertThatThrownBy(() -> proxy.readUncached("a")).isSameAs(failure);
    assertThatThrownBy(() -> proxy.readTwice("a")).isSameAs(failure);
  }

  @Test
  void anUncheckedExceptionOrErrorReachesTheCallerAsItselfAndIsNotCached() {
    FilesImpl impl = new FilesImpl(null);
    Files proxy = WarpCache.decorate(Files.class, impl);

    IllegalStateException unchecked = new IllegalStateException("bad text");
    impl.parseFailure = unchecked;
    assertThatThrownBy(() -> proxy.parse("x")).isSameAs(unchecked);
    assertThatThrownBy(() -> proxy.parse("x")).isSameAs(unchecked);

    StackOverflowError error = new StackOverflowError("deep");
    impl.parseFailure = error;
    assertThatThrownBy(() -> proxy.parse("x")).isSameAs(error);

    impl.parseFailure = null;
    assertThat(proxy.parse("x")).isEqualTo("parsed x");
    assertThat(proxy.parse("x")).isEqualTo("parsed x");
    assertThat(impl.calls).containsExactly("parse x", "parse x", "parse x", "parse x");
  }

  // ---------------------------------------------------------------- decorate errors

  @Test
  void badAnnotationValuesAreRejectedAtDecorateTime() {
    assertThatThrownBy(() -> WarpCache.decorate(ZeroSize.class, s -> s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ZeroSize.f(java.lang.String)")
        .hasMessageContaining("maxSize must be positive, but was 0");
    assertThatThrownBy(() -> WarpCache.decorate(NegativeSize.class, s -> s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NegativeSize.f(java.lang.String)")
        .hasMessageContaining("but was -5");
    assertThatThrownBy(() -> WarpCache.decorate(TooLarge.class, s -> s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TooLarge.f(java.lang.String)")
        .hasMessageContaining("at most " + WarpCache.MAX_SUPPORTED_SIZE)
        .hasMessageContaining("but was " + (WarpCache.MAX_SUPPORTED_SIZE + 1));
    assertThatThrownBy(() -> WarpCache.decorate(NegativeTtl.class, s -> s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NegativeTtl.f(java.lang.String)")
        .hasMessageContaining("ttlSeconds")
        .hasMessageContaining("but was -1");

    LargestSize largest = WarpCache.decorate(LargestSize.class, s -> s);
    assertThat(WarpCache.cacheOf(largest, "f", String.class).cacheInfo().maxSize())
        .isEqualTo(WarpCache.MAX_SUPPORTED_SIZE);
  }

  @Test
  void annotationsThatWouldHaveNoEffectAreRejected() {
    assertThatThrownBy(() -> WarpCache.decorate(CachedStatic.class, s -> s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("static method")
        .hasMessageContaining("CachedStatic.helper(java.lang.String)");
    assertThatThrownBy(() -> WarpCache.decorate(CachedPrivate.class, new CachedPrivate() {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("private method")
        .hasMessageContaining("CachedPrivate.helper(java.lang.String)");
    assertThatThrownBy(() -> WarpCache.decorate(CachedToString.class, new CachedToString() {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CachedToString.toString()");
    assertThatThrownBy(() -> WarpCache.decorate(Conflicting.class, s -> s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conflicting @Cached")
        .hasMessageContaining("Conflicting.f(java.lang.String)");
  }

  @Test
  void nonInterfacesAreRejected() {
    assertThatThrownBy(() -> WarpCache.decorate(Object.class, new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("iface must be an interface, but java.lang.Object is not");
    assertThatThrownBy(() -> WarpCache.decorate(String.class, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String is not");
    assertThatThrownBy(() -> WarpCache.decorate(NotAnInterface.class, new NotAnInterface() {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NotAnInterface is not");
    assertThatThrownBy(() -> WarpCache.decorate(int[].class, new int[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("int[] is not");
  }

  @Test
  void aSealedInterfaceIsRejected() {
    assertThatThrownBy(() -> WarpCache.decorate(Shape.class, new Circle()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sealed");
  }

  @Test
  void nullArgumentsOfDecorateAreRejected() {
    assertThatThrownBy(() -> WarpCache.decorate(null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("iface");
    assertThatThrownBy(() -> WarpCache.decorate(Lookup.class, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("impl");
    assertThatThrownBy(() -> Decorator.decorate(Lookup.class, id -> "v", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ticker");
  }

  @Test
  void anImplementationOfAnotherTypeIsRejected() {
    Class<Object> runnable = unchecked(Runnable.class);

    assertThatThrownBy(() -> WarpCache.decorate(runnable, "not a runnable"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "impl must implement java.lang.Runnable, but its class java.lang.String does not");
  }

  // ---------------------------------------------------------------- cacheOf errors

  @Test
  void cacheOfRejectsObjectsThatAreNotDecoratedProxies() {
    InvocationHandler handler = (proxy, method, args) -> null;
    Object foreign =
        Proxy.newProxyInstance(
            DecoratorTest.class.getClassLoader(), new Class<?>[] {Lookup.class}, handler);

    assertThatThrownBy(() -> WarpCache.cacheOf("plain", "find", long.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a proxy made by WarpCache.decorate")
        .hasMessageContaining("java.lang.String");
    assertThatThrownBy(() -> WarpCache.cacheOf(foreign, "find", long.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a proxy made by WarpCache.decorate");
  }

  @Test
  void cacheOfRejectsMethodsThatAreNotCachedAndListsTheCachedOnes() {
    TwoMethods proxy = WarpCache.decorate(TwoMethods.class, new RecordingTwoMethods(List.of()));

    assertThatThrownBy(() -> WarpCache.cacheOf(proxy, "plain", String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TwoMethods.plain(java.lang.String) is not annotated @Cached")
        .hasMessageContaining("[a(java.lang.String), b(java.lang.String)]");
    assertThatThrownBy(() -> WarpCache.cacheOf(proxy, "missing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no method missing()")
        .hasMessageContaining("[a(java.lang.String), b(java.lang.String)]");
    assertThatThrownBy(() -> WarpCache.cacheOf(proxy, "a", Object.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no method a(java.lang.Object)");

    Runnable uncached = WarpCache.decorate(Runnable.class, () -> {});
    assertThatThrownBy(() -> WarpCache.cacheOf(uncached, "run"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Runnable has no @Cached method");
  }

  @Test
  void cacheOfRejectsNullArguments() {
    Lookup proxy = WarpCache.decorate(Lookup.class, id -> "v" + id);

    assertThatThrownBy(() -> WarpCache.cacheOf(null, "find", long.class))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> WarpCache.cacheOf(proxy, null, long.class))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> WarpCache.cacheOf(proxy, "find", (Class<?>[]) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> WarpCache.cacheOf(proxy, "find", (Class<?>) null))
        .isInstanceOf(NullPointerException.class);
  }

  // ---------------------------------------------------------------- implementations

  @SuppressWarnings(
      "unchecked") // deliberately defeats the compile-time check to reach the runtime one
  private static <T> Class<T> unchecked(Class<?> type) {
    return (Class<T>) type;
  }

  private static final class RecordingTwoMethods implements TwoMethods {
    private final List<String> calls;

    RecordingTwoMethods(List<String> calls) {
      this.calls = calls;
    }

    @Override
    public String a(String s) {
      calls.add("a:" + s);
      return "a(" + s + ")";
    }

    @Override
    public String b(String s) {
      calls.add("b:" + s);
      return "b(" + s + ")";
    }

    @Override
    public String plain(String s) {
      calls.add("plain:" + s);
      return "plain(" + s + ")";
    }
  }

  private static final class ShapesImpl implements Shapes {
    final List<String> calls = new ArrayList<>();

    @Override
    public String echo(String s) {
      calls.add("echo " + s);
      return s;
    }

    @Override
    public String pair(Object a, Object b) {
      calls.add("pair " + a + " " + b);
      return a + "/" + b;
    }

    @Override
    public int sum(int[] values) {
      calls.add("sum " + Arrays.toString(values));
      return Arrays.stream(values).sum();
    }

    @Override
    public String join(String... parts) {
      calls.add("join " + Arrays.toString(parts));
      return String.join("+", parts);
    }

    @Override
    public String tagged(String tag, long[] values) {
      calls.add("tagged " + tag + " " + Arrays.toString(values));
      return tag + Arrays.toString(values);
    }

    @Override
    public int add(int a, int b) {
      calls.add("add " + a + " " + b);
      return a + b;
    }

    @Override
    public long count() {
      calls.add("count");
      return 42;
    }
  }

  private static final class ExpiringImpl implements Expiring {
    private final List<String> calls;

    ExpiringImpl(List<String> calls) {
      this.calls = calls;
    }

    @Override
    public String get(String key) {
      calls.add("get " + key);
      return key;
    }

    @Override
    public String forever(String key) {
      calls.add("forever " + key);
      return key;
    }

    @Override
    public String longest(String key) {
      calls.add("longest " + key);
      return key;
    }

    @Override
    public String justTooLong(String key) {
      calls.add("justTooLong " + key);
      return key;
    }
  }

  private static final class FilesImpl implements Files {
    final List<String> calls = new ArrayList<>();
    IOException failure;
    Throwable parseFailure;

    FilesImpl(IOException failure) {
      this.failure = failure;
    }

    @Override
    public String read(String path) throws IOException {
      calls.add("read " + path);
      if (failure != null) {
        throw failure;
      }
      return "content of " + path;
    }

    @Override
    public String readUncached(String path) throws IOException {
      return read(path);
    }

    @Override
    public String parse(String text) {
      calls.add("parse " + text);
      if (parseFailure instanceof RuntimeException e) {
        throw e;
      }
      if (parseFailure instanceof Error e) {
        throw e;
      }
      return "parsed " + text;
    }
  }
}
