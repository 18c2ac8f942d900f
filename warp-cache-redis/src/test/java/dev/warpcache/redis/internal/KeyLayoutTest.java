package dev.warpcache.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyLayoutTest {

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void plainNamesAreWrittenAsTheyAre() {
    KeyLayout layout = KeyLayout.of("users");

    assertThat(layout.cacheName()).isEqualTo("users");
    assertThat(text(layout.prefix())).isEqualTo("warp:v1:users:");
    assertThat(text(layout.key("ada".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("warp:v1:users:ada");
    assertThat(text(layout.channel())).isEqualTo("warp:v1:inv:users");
    assertThat(text(layout.pattern())).isEqualTo("warp:v1:users:*");
  }

  @Test
  void theSeparatorAndThePercentSignAreEscaped() {
    assertThat(text(KeyLayout.of("a:b").prefix())).isEqualTo("warp:v1:a%3Ab:");
    assertThat(text(KeyLayout.of("100%").prefix())).isEqualTo("warp:v1:100%25:");
    assertThat(text(KeyLayout.of("%3A").prefix())).isEqualTo("warp:v1:%253A:");
    assertThat(text(KeyLayout.of("a:b").channel())).isEqualTo("warp:v1:inv:a%3Ab");
    assertThat(text(KeyLayout.of("").prefix())).isEqualTo("warp:v1::");
  }

  @Test
  void globCharactersAreEscapedInThePatternOnly() {
    KeyLayout layout = KeyLayout.of("a*b?[c]\\d");

    assertThat(text(layout.prefix())).isEqualTo("warp:v1:a*b?[c]\\d:");
    assertThat(text(layout.pattern())).isEqualTo("warp:v1:a\\*b\\?\\[c\\]\\\\d:*");
  }

  @Test
  void nonAsciiNamesAreUtf8() {
    assertThat(KeyLayout.of("café").prefix())
        .isEqualTo("warp:v1:café:".getBytes(StandardCharsets.UTF_8));
    assertThat(text(KeyLayout.of("café*").pattern())).isEqualTo("warp:v1:café\\*:*");
  }
}
