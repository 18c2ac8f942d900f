package dev.warpcache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.Backend;
import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.CachedAsyncFunction;
import dev.warpcache.CachedBiFunction;
import dev.warpcache.CachedFunction;
import dev.warpcache.CachedSupplier;
import dev.warpcache.CachedTriFunction;
import dev.warpcache.CachedVarargsFunction;
import dev.warpcache.Memoized;
import dev.warpcache.WarpCache;
import dev.warpcache.internal.shm.RegionFiles;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The examples of the README's quick start, run. Each README code block is copied from these files
 * ({@link ReadmeSnippetsTest} checks that they still match), and each test asserts what the
 * comments of its example claim.
 */
class ReadmeExamplesTest {

  /** Whether the user's region directory existed before these tests; if not, they remove it. */
  private static boolean regionDirectoryExisted;

  @BeforeAll
  static void noteTheRegionDirectory() {
    regionDirectoryExisted = Files.exists(RegionFiles.defaultDirectory());
  }

  /** The examples use the default directory, as users do; the files go after each, this last. */
  @AfterAll
  static void removeTheRegionDirectoryIfTheseTestsMadeIt() throws IOException {
    if (!regionDirectoryExisted) {
      try {
        Files.deleteIfExists(RegionFiles.defaultDirectory());
      } catch (DirectoryNotEmptyException inUse) {
        // regions of another process appeared meanwhile: the directory is theirs too now
      }
    }
  }

  @Test
  void memoizeAFunction() {
    Fibonacci f = new Fibonacci();
    long f80 = f.fib.apply(80); // 23416728348467685: each of fib(0) .. fib(80) ran once
    CacheInfo info = f.fib.cacheInfo();
    // CacheInfo(hits=78, misses=81, max_size=128, current_size=81, evictions=0)
    f.fib.cacheClear(); // drops the entries and resets the statistics

    assertThat(f80).isEqualTo(23416728348467685L);
    assertThat(info)
        .hasToString("CacheInfo(hits=78, misses=81, max_size=128, current_size=81, evictions=0)");
    assertThat(f.fib.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 0, 0, 128, 0));
  }

  @Test
  void memoizeABiFunction() {
    CachedBiFunction<String, Integer, String> repeat = WarpCache.builder().memoize(String::repeat);
    String a = repeat.apply("ab", 3); // "ababab", computed
    String b = repeat.apply("ab", 3); // "ababab", from the cache: the key is ("ab", 3)
    String c = repeat.apply("ab", 2); // "abab", computed: another key

    assertThat(a).isEqualTo("ababab");
    assertThat(b).isEqualTo("ababab");
    assertThat(c).isEqualTo("abab");
    assertThat(repeat.cacheInfo().hits()).isEqualTo(1);
    assertThat(repeat.cacheInfo().misses()).isEqualTo(2);
  }

  @Test
  void memoizeATriFunctionAndVarargs() {
    CachedTriFunction<Integer, Integer, Integer, Integer> clamp =
        WarpCache.builder().memoize((x, lo, hi) -> Math.max(lo, Math.min(hi, x)));
    int clamped = clamp.apply(15, 0, 10); // 10

    CachedVarargsFunction<String> describe = WarpCache.builder().memoizeVarargs(Arrays::toString);
    String d1 = describe.apply("a", 1, null, 2.5); // "[a, 1, null, 2.5]", computed
    String d2 = describe.apply("a", 1, null, 2.5); // from the cache: equal argument lists

    assertThat(clamped).isEqualTo(10);
    assertThat(d1).isEqualTo("[a, 1, null, 2.5]");
    assertThat(d2).isSameAs(d1);
    assertThat(describe.cacheInfo().hits()).isEqualTo(1);
    assertThat(describe.cacheInfo().misses()).isEqualTo(1);
  }

  @Test
  void memoizeASupplier() {
    AtomicInteger loads = new AtomicInteger();
    CachedSupplier<String> config =
        WarpCache.builder().memoize(() -> "config #" + loads.incrementAndGet());
    String first = config.get(); // "config #1": the supplier ran
    String second = config.get(); // "config #1": from the cache
    config.cacheClear();
    String third = config.get(); // "config #2": it ran again after the clear

    assertThat(first).isEqualTo("config #1");
    assertThat(second).isEqualTo("config #1");
    assertThat(third).isEqualTo("config #2");
  }

  @Test
  void expireEntriesAfterATtl() {
    AtomicLong now = new AtomicLong(); // a fake clock in nanoseconds; by default, System.nanoTime
    CachedFunction<String, String> greet =
        WarpCache.builder()
            .ttl(Duration.ofSeconds(10))
            .ticker(now::get)
            .memoize(name -> "hello " + name);
    greet.apply("ada"); // computed
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    greet.apply("ada"); // from the cache: stored 9 s ago
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    greet.apply("ada"); // computed again: the entry expired 10 s after it was stored

    assertThat(greet.cacheInfo().hits()).isEqualTo(1);
    assertThat(greet.cacheInfo().misses()).isEqualTo(2);
  }

  @Test
  void memoizeAnAsyncFunction() {
    AtomicInteger fetches = new AtomicInteger();
    CompletableFuture<String> response = new CompletableFuture<>(); // completes later
    CachedAsyncFunction<Long, String> users =
        WarpCache.builder()
            .maxSize(10_000)
            .memoizeAsync(
                (Long id) -> {
                  fetches.incrementAndGet();
                  return response; // e.g. an HTTP client's sendAsync(...)
                });
    CompletableFuture<String> a = users.apply(42L); // a miss: the function is called
    CompletableFuture<String> b = users.apply(42L); // joins the call in flight: no second call
    response.complete("Ada");
    String name = b.join(); // "Ada"; a got "Ada" too
    CompletableFuture<String> c = users.apply(42L); // a hit: already completed
    // fetches.get() == 1; users.cacheInfo(): hits=2, misses=1

    assertThat(a).isCompletedWithValue("Ada");
    assertThat(name).isEqualTo("Ada");
    assertThat(c).isCompletedWithValue("Ada");
    assertThat(fetches).hasValue(1);
    assertThat(users.cacheInfo())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(2, 1, 0, 10_000, 1));

    Cache<String, Integer> sizes = WarpCache.builder().build();
    CompletableFuture<Integer> size =
        sizes.getAsync("page", k -> CompletableFuture.supplyAsync(k::length));
    // the cache object has the same asynchronous form

    assertThat(size.join()).isEqualTo(4);
    assertThat(sizes.getIfPresent("page")).isEqualTo(4);
  }

  @Test
  void shareAMemoizedFunctionAcrossJvms() throws Exception {
    String name = "readme-" + UUID.randomUUID().toString().substring(0, 8); // any stable name
    AtomicInteger embeds = new AtomicInteger();
    Function<String, float[]> model =
        text -> {
          embeds.incrementAndGet();
          return new float[] {text.length(), 0.5f};
        };
    try {
      CachedFunction<String, float[]> embed =
          WarpCache.builder()
              .maxSize(1024)
              .backend(Backend.SHARED)
              .name(name) // every JVM of this user on this host that uses the name shares it
              .maxValueSize(16_384)
              .memoize(model);
      float[] v1 = embed.apply("hello"); // computed, and stored in shared memory
      float[] v2 = embed.apply("hello"); // a hit, here or in any other JVM using the name
      // embed.cacheInfo(): hits and misses of every process, plus oversizeSkips

      assertThat(v2).containsExactly(v1);
      assertThat(embeds).hasValue(1);
      assertThat(embed.cacheInfo().hits()).isEqualTo(1);
    } finally {
      for (String suffix : new String[] {".region", ".lock"}) {
        Files.deleteIfExists(RegionFiles.defaultDirectory().resolve(name + suffix));
      }
    }
  }

  @Test
  void useACacheObject() {
    Cache<String, Integer> lengths = WarpCache.builder().maxSize(10_000).build();
    int computed = lengths.get("warp", String::length); // 4: the loader ran
    int cached = lengths.get("warp", String::length); // 4: from the cache
    Integer absent = lengths.getIfPresent("cache"); // null: not there
    lengths.put("cache", 5);
    Integer present = lengths.getIfPresent("cache"); // 5
    lengths.invalidate("warp");
    Map<String, Integer> view = lengths.asMap(); // {cache=5}, a live view
    CacheInfo info = lengths.info();
    // CacheInfo(hits=2, misses=2, max_size=10000, current_size=1, evictions=0)
    lengths.clear(); // drops the entries and resets the statistics

    assertThat(computed).isEqualTo(4);
    assertThat(cached).isEqualTo(4);
    assertThat(absent).isNull();
    assertThat(present).isEqualTo(5);
    assertThat(info)
        .hasToString("CacheInfo(hits=2, misses=2, max_size=10000, current_size=1, evictions=0)");
    assertThat(view).isEmpty(); // live: the clear emptied it too
    assertThat(lengths.info())
        .usingRecursiveComparison()
        .ignoringFields("loadSuccesses", "loadFailures", "totalLoadTimeNanos")
        .isEqualTo(new CacheInfo(0, 0, 0, 10_000, 0));
  }

  @Test
  void decorateAnInterface() {
    DatabaseUserRepo database = new DatabaseUserRepo(); // a UserRepo that queries a database
    UserRepo repo = WarpCache.decorate(UserRepo.class, database);
    String first = repo.findName(7); // "user 7": the database was queried
    String second = repo.findName(7); // "user 7": from the cache
    Memoized findName = WarpCache.cacheOf(repo, "findName", long.class);
    CacheInfo info = findName.cacheInfo();
    // CacheInfo(hits=1, misses=1, max_size=256, current_size=1, evictions=0)
    findName.cacheClear();

    assertThat(first).isEqualTo("user 7");
    assertThat(second).isEqualTo("user 7");
    assertThat(database.queries()).isEqualTo(1);
    assertThat(info)
        .hasToString("CacheInfo(hits=1, misses=1, max_size=256, current_size=1, evictions=0)");
    assertThat(findName.cacheInfo().currentSize()).isZero();
  }
}
