package dev.warpcache.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;
import org.springframework.boot.configurationmetadata.ValueHint;

/**
 * The configuration metadata that IDEs read, generated at build time by Spring Boot's configuration
 * processor from {@link WarpCacheProperties} and its Javadoc.
 */
class ConfigurationMetadataTest {

  private static Map<String, ConfigurationMetadataProperty> properties() throws Exception {
    try (InputStream json =
        ConfigurationMetadataTest.class
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(json).as("META-INF/spring-configuration-metadata.json").isNotNull();
      ConfigurationMetadataRepository repository =
          ConfigurationMetadataRepositoryJsonBuilder.create(json).build();
      return repository.getAllProperties();
    }
  }

  @Test
  void everyKeyIsDescribed() throws Exception {
    Map<String, ConfigurationMetadataProperty> properties = properties();
    assertThat(properties)
        .containsOnlyKeys(
            "warp.cache.enabled",
            "warp.cache.allow-null-values",
            "warp.cache.dynamic",
            "warp.cache.cache-names",
            "warp.cache.specs",
            "warp.cache.default-spec.max-size",
            "warp.cache.default-spec.ttl",
            "warp.cache.default-spec.backend",
            "warp.cache.default-spec.max-key-size",
            "warp.cache.default-spec.max-value-size",
            "warp.cache.default-spec.serialization-allow-list",
            "warp.cache.shared-directory",
            "warp.cache.redis.uri",
            "warp.cache.redis.timeout");
    properties.forEach(
        (name, property) -> assertThat(property.getDescription()).as(name).isNotBlank());
    assertThat(properties.get("warp.cache.specs").getDescription())
        .contains("maximum size, TTL and backend");
    assertThat(properties.get("warp.cache.default-spec.ttl").getType())
        .isEqualTo("java.time.Duration");
  }

  @Test
  void defaultsAndHintsAreListed() throws Exception {
    Map<String, ConfigurationMetadataProperty> properties = properties();
    assertThat(properties.get("warp.cache.default-spec.max-size").getDefaultValue()).isEqualTo(128);
    assertThat(properties.get("warp.cache.default-spec.backend").getDefaultValue())
        .isEqualTo("memory");
    assertThat(properties.get("warp.cache.allow-null-values").getDefaultValue()).isEqualTo(true);
    assertThat(properties.get("warp.cache.default-spec.backend").getHints().getValueHints())
        .extracting(ValueHint::getValue)
        .containsExactly("memory", "shared", "redis");
    assertThat(properties.get("warp.cache.default-spec.max-key-size").getDefaultValue())
        .isEqualTo(512);
    assertThat(properties.get("warp.cache.default-spec.max-value-size").getDefaultValue())
        .isEqualTo(4096);
    assertThat(properties.get("warp.cache.default-spec.backend").getDescription())
        .contains("\"shared\"");
    assertThat(properties.get("warp.cache.shared-directory").getType())
        .isEqualTo("java.nio.file.Path");
    assertThat(properties.get("warp.cache.redis.timeout").getType())
        .isEqualTo("java.time.Duration");
    assertThat(properties.get("warp.cache.redis.timeout").getDefaultValue()).isEqualTo("500ms");
    assertThat(properties.get("warp.cache.redis.uri").getDescription()).contains("RedisTier");
    assertThat(properties.get("warp.cache.default-spec.backend").getDescription())
        .contains("\"redis\"");
  }
}
