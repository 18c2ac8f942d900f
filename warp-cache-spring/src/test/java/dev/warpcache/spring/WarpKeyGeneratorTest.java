package dev.warpcache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.Backend;
import dev.warpcache.WarpCache;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.interceptor.SimpleKeyGenerator;

class WarpKeyGeneratorTest {

  @Test
  void keysEqualThoseOfSpringsGenerator() {
    Object[][] calls = {
      {}, {"a"}, {42}, {null}, {new int[] {1, 2}}, {"a", 1}, {"a", null, 2L},
    };
    for (Object[] call : calls) {
      Object warp = WarpKeyGenerator.generateKey(call);
      Object spring = SimpleKeyGenerator.generateKey(call);
      assertThat(warp).isEqualTo(spring).hasSameHashCodeAs(spring);
    }
    assertThat(WarpKeyGenerator.generateKey()).isSameAs(SimpleKey.EMPTY);
    assertThat(WarpKeyGenerator.generateKey("a", 1))
        .isInstanceOf(WarpKeyGenerator.ArgumentsKey.class)
        .hasToString("ArgumentsKey [a, 1]");
  }

  @Test
  void argumentsAreCopied() {
    Object[] args = {"a", 1};
    WarpKeyGenerator.ArgumentsKey key = new WarpKeyGenerator.ArgumentsKey(args);
    args[0] = "b";
    assertThat(key.arguments()).containsExactly("a", 1);
    key.arguments()[1] = 2;
    assertThat(key.arguments()).containsExactly("a", 1);
  }

  @Test
  void aSharedCacheStoresArgumentsKeysAsArgumentLists(@TempDir Path dir) {
    WarpSpringCache cache =
        new WarpSpringCache(
            "key-generator-test",
            WarpCache.builder()
                .backend(Backend.SHARED)
                .name("key-generator-test")
                .sharedDirectory(dir)
                .build(),
            false,
            Backend.SHARED);
    cache.put(WarpKeyGenerator.generateKey("a", 1), "A1");
    cache.put(SimpleKey.EMPTY, "none");
    assertThat(cache.get(new WarpKeyGenerator.ArgumentsKey("a", 1)).get()).isEqualTo("A1");
    assertThat(cache.getNativeCache().getIfPresent(new Object[] {"a", 1})).isEqualTo("A1");
    assertThat(cache.getNativeCache().getIfPresent(new Object[0])).isEqualTo("none");
    assertThat(cache.evictIfPresent(new WarpKeyGenerator.ArgumentsKey("a", 1))).isTrue();
    assertThat(cache.get(new WarpKeyGenerator.ArgumentsKey("a", 1))).isNull();
  }
}
