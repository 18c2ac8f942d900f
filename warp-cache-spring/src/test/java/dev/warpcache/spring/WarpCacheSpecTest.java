package dev.warpcache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.Backend;
import dev.warpcache.WarpCache;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarpCacheSpecTest {

  @Test
  void defaultsAreWarpCachesDefaults() {
    assertThat(WarpCacheSpec.defaults().maxSize()).isEqualTo(WarpCache.DEFAULT_MAX_SIZE);
    assertThat(WarpCacheSpec.defaults().ttl()).isEmpty();
    assertThat(WarpCacheSpec.defaults().toBuilder().build().info().maxSize()).isEqualTo(128);
  }

  @Test
  void withersCopy() {
    WarpCacheSpec spec = WarpCacheSpec.of(10).withTtl(Duration.ofMinutes(5));
    assertThat(spec.maxSize()).isEqualTo(10);
    assertThat(spec.ttl()).contains(Duration.ofMinutes(5));
    assertThat(spec.withoutTtl().ttl()).isEmpty();
    assertThat(spec.withMaxSize(20).ttl()).contains(Duration.ofMinutes(5));
    assertThat(spec).isEqualTo(WarpCacheSpec.of(10).withTtl(Duration.ofSeconds(300)));
    assertThat(spec).hasSameHashCodeAs(WarpCacheSpec.of(10).withTtl(Duration.ofSeconds(300)));
    assertThat(spec).isNotEqualTo(WarpCacheSpec.of(10));
    assertThat(spec).hasToString("WarpCacheSpec(maxSize=10, ttl=PT5M)");
    assertThat(spec.toBuilder().build().info().maxSize()).isEqualTo(10);
  }

  @Test
  void sharedWithersCopy() {
    WarpCacheSpec spec =
        WarpCacheSpec.of(100)
            .withBackend(Backend.SHARED)
            .withMaxKeySize(64)
            .withMaxValueSize(16_384)
            .withSerializationAllowing("com.example.model.*");
    assertThat(WarpCacheSpec.defaults().backend()).isEqualTo(Backend.MEMORY);
    assertThat(WarpCacheSpec.defaults().maxKeySize()).isEmpty();
    assertThat(WarpCacheSpec.defaults().serializationAllowList()).isEmpty();
    assertThat(spec.backend()).isEqualTo(Backend.SHARED);
    assertThat(spec.maxKeySize()).hasValue(64);
    assertThat(spec.maxValueSize()).hasValue(16_384);
    assertThat(spec.serializationAllowList()).containsExactly("com.example.model.*");
    assertThat(spec.withMaxSize(5).backend()).isEqualTo(Backend.SHARED);
    assertThat(spec.withSerializationAllowing().serializationAllowList()).isEmpty();
    assertThat(spec)
        .isEqualTo(
            WarpCacheSpec.of(100)
                .withSerializationAllowing("com.example.model.*")
                .withMaxValueSize(16_384)
                .withMaxKeySize(64)
                .withBackend(Backend.SHARED))
        .isNotEqualTo(spec.withBackend(Backend.MEMORY))
        .isNotEqualTo(spec.withMaxKeySize(65));
    assertThat(spec)
        .hasToString(
            "WarpCacheSpec(maxSize=100, ttl=none, backend=shared, maxKeySize=64,"
                + " maxValueSize=16384, serializationAllowList=[com.example.model.*])");
    assertThatThrownBy(() -> spec.withBackend(Backend.MEMORY).toBuilder())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Backend.SHARED and remote specs only");
  }

  @Test
  void remoteWithersCopy() {
    WarpCacheSpec spec =
        WarpCacheSpec.of(100).withTtl(Duration.ofMinutes(5)).withRemote().withMaxValueSize(2048);
    assertThat(WarpCacheSpec.defaults().isRemote()).isFalse();
    assertThat(spec.isRemote()).isTrue();
    assertThat(spec.backend()).isEqualTo(Backend.MEMORY);
    assertThat(spec.withMaxSize(5).isRemote()).isTrue();
    assertThat(spec.withoutRemote().isRemote()).isFalse();
    assertThat(spec)
        .isEqualTo(
            WarpCacheSpec.of(100)
                .withMaxValueSize(2048)
                .withRemote()
                .withTtl(Duration.ofSeconds(300)))
        .hasSameHashCodeAs(
            WarpCacheSpec.of(100)
                .withMaxValueSize(2048)
                .withRemote()
                .withTtl(Duration.ofSeconds(300)))
        .isNotEqualTo(spec.withoutRemote());
    assertThat(spec).hasToString("WarpCacheSpec(maxSize=100, ttl=PT5M, remote, maxValueSize=2048)");
    // The limits apply to a remote spec; without the tier, which the manager adds, there is no
    // cache to build yet.
    assertThat(spec.toBuilder()).isNotNull();
    assertThatThrownBy(() -> spec.withoutRemote().toBuilder())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Backend.SHARED and remote specs only");
    assertThatThrownBy(() -> spec.withBackend(Backend.SHARED).toBuilder())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be combined")
        .hasMessageContaining("withoutRemote()");
  }

  @Test
  void badValuesAreRefused() {
    assertThatThrownBy(() -> WarpCacheSpec.of(1).withMaxKeySize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxKeySize");
    assertThatThrownBy(() -> WarpCacheSpec.of(1).withMaxValueSize(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxValueSize");
    assertThatThrownBy(() -> WarpCacheSpec.of(1).withSerializationAllowing("**"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WarpCacheSpec.of(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSize");
    assertThatThrownBy(() -> WarpCacheSpec.of(WarpCache.MAX_SUPPORTED_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WarpCacheSpec.of(1).withTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl");
    assertThatThrownBy(() -> WarpCacheManager.builder().cache(" ", WarpCacheSpec.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void managerExposesItsConfiguration() {
    WarpCacheManager manager =
        WarpCacheManager.builder()
            .defaultSpec(WarpCacheSpec.of(7))
            .cacheNames("a")
            .cache("b", WarpCacheSpec.of(3))
            .build();
    assertThat(manager.getSpecs())
        .containsEntry("a", WarpCacheSpec.of(7))
        .containsEntry("b", WarpCacheSpec.of(3));
    assertThat(manager.getSpec("other")).contains(WarpCacheSpec.of(7));
    assertThat(manager.getCacheInfos()).containsOnlyKeys("a", "b");
    assertThat(manager.isDynamic()).isTrue();
    assertThat(manager.isAllowNullValues()).isTrue();
    assertThat(manager.getCache("a")).isSameAs(manager.getCache("a"));
    assertThat(new WarpCacheManager().getDefaultSpec()).isEqualTo(WarpCacheSpec.defaults());
    WarpCacheManager fixed = WarpCacheManager.builder().dynamic(false).build();
    assertThat(fixed.getSpec("other")).isEmpty();
    assertThat(fixed.getCache("other")).isNull();
  }
}
