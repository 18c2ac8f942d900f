package dev.warpcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.internal.shm.RegionFiles;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WarpCache#decorate} with {@code @Cached(backend = SHARED)}: the region lives in the
 * default directory under a name derived from the method, so two proxies (or two JVMs) decorating
 * the same method share entries. The test removes its regions before and after.
 */
class SharedDecoratorTest {

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

  /** The derived names of the regions below. */
  private static final String FIND = "dev.warpcache.SharedDecoratorTest_Repo.find_long_";

  private static final String JOIN =
      "dev.warpcache.SharedDecoratorTest_Repo.join_java.lang.String__int_";

  private static final String COUNT = "shared-decorator-test-count";

  interface Repo {
    @Cached(backend = Backend.SHARED, maxSize = 64)
    String find(long id);

    @Cached(backend = Backend.SHARED)
    String join(String a, int b);

    @Cached(backend = Backend.SHARED, name = COUNT)
    int count();
  }

  interface BadName {
    @Cached(backend = Backend.SHARED, name = "no spaces")
    int f();
  }

  /** Counts its calls; answers with the arguments and a tag, to tell the implementations apart. */
  static final class CountingRepo implements Repo {
    final AtomicInteger calls = new AtomicInteger();
    final String tag;

    CountingRepo(String tag) {
      this.tag = tag;
    }

    @Override
    public String find(long id) {
      calls.incrementAndGet();
      return tag + id;
    }

    @Override
    public String join(String a, int b) {
      calls.incrementAndGet();
      return tag + a + b;
    }

    @Override
    public int count() {
      calls.incrementAndGet();
      return 42;
    }
  }

  @BeforeEach
  @AfterEach
  void removeRegions() throws IOException {
    Path dir = RegionFiles.defaultDirectory();
    for (String name : new String[] {FIND, JOIN, COUNT}) {
      Files.deleteIfExists(dir.resolve(name + ".region"));
      Files.deleteIfExists(dir.resolve(name + ".lock"));
    }
  }

  @Test
  void twoProxiesOfOneMethodShareTheRegionOfItsDerivedName() {
    CountingRepo firstImpl = new CountingRepo("first:");
    CountingRepo secondImpl = new CountingRepo("second:");
    Repo first = WarpCache.decorate(Repo.class, firstImpl);
    Repo second = WarpCache.decorate(Repo.class, secondImpl);

    assertThat(first.find(7)).isEqualTo("first:7");
    assertThat(second.find(7)).isEqualTo("first:7"); // the other proxy's entry
    assertThat(first.join("a", 1)).isEqualTo("first:a1");
    assertThat(second.join("a", 1)).isEqualTo("first:a1");
    assertThat(second.join("a", 2)).isEqualTo("second:a2");
    assertThat(second.count()).isEqualTo(42);
    assertThat(first.count()).isEqualTo(42);
    assertThat(firstImpl.calls).hasValue(2);
    assertThat(secondImpl.calls).hasValue(2);

    Path dir = RegionFiles.defaultDirectory();
    assertThat(dir.resolve(FIND + ".region")).exists();
    assertThat(dir.resolve(JOIN + ".region")).exists();
    assertThat(dir.resolve(COUNT + ".region")).exists();

    Memoized find = WarpCache.cacheOf(second, "find", long.class);
    assertThat(find.cacheInfo().hits()).isEqualTo(1);
    assertThat(find.cacheInfo().misses()).isEqualTo(1);
    assertThat(find.cacheInfo().maxSize()).isEqualTo(64);
    find.cacheClear();
    assertThat(first.find(7)).isEqualTo("first:7");
    assertThat(firstImpl.calls).hasValue(3);
  }

  @Test
  void theReadmeCacheObjectIsSharedByName() throws IOException {
    String name = "readme-sessions-" + ProcessHandle.current().pid();
    try {
      Cache<String, String> sessions =
          WarpCache.builder().backend(Backend.SHARED).name(name).maxSize(10_000).build();
      sessions.put("token-1", "alice"); // every JVM that opens the name sees it

      Cache<String, String> elsewhere =
          WarpCache.builder().backend(Backend.SHARED).name(name).maxSize(10_000).build();
      assertThat(elsewhere.getIfPresent("token-1")).isEqualTo("alice");
    } finally {
      Files.deleteIfExists(RegionFiles.defaultDirectory().resolve(name + ".region"));
      Files.deleteIfExists(RegionFiles.defaultDirectory().resolve(name + ".lock"));
    }
  }

  @Test
  void aBadExplicitNameIsRefusedWithTheMethodInTheMessage() {
    assertThatThrownBy(() -> WarpCache.decorate(BadName.class, () -> 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BadName.f()")
        .hasMessageContaining("shared cache name");
  }
}
