package dev.warpcache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.ByteSink;
import dev.warpcache.internal.codec.TaggedCodec;
import dev.warpcache.internal.codec.XxHash64;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * XXH64 against published test vectors, so every JVM (and any other XXH64) agrees on key hashes.
 */
class XxHash64Test {

  private static final long PRIME32 = 2654435761L;
  private static final long PRIME64 = Long.parseUnsignedLong("11400714785074694797");

  /**
   * The xxHash project's sanity buffer: byte {@code i} is the top byte of {@code PRIME32 *
   * PRIME64^i} (mod 2^64).
   */
  private static final byte[] SANITY_BUFFER = sanityBuffer(4096 + 64 + 1);

  private static byte[] sanityBuffer(int length) {
    byte[] buffer = new byte[length];
    long generator = PRIME32;
    for (int i = 0; i < length; i++) {
      buffer[i] = (byte) (generator >>> 56);
      generator *= PRIME64;
    }
    return buffer;
  }

  /** The XXH64 vectors of the xxHash project's own sanity check ({@code XSUM_XXH64_testdata}). */
  @ParameterizedTest
  @CsvSource({
    "0, 0, EF46DB3751D8E999",
    "0, 2654435761, AC75FDA2929B17EF",
    "1, 0, E934A84ADB052768",
    "1, 2654435761, 5014607643A9B4C3",
    "4, 0, 9136A0DCA57457EE",
    "14, 0, 8282DCC4994E35C8",
    "14, 2654435761, C3BD6BF63DEB6DF0",
    "222, 0, B641AE8CB691C174",
    "222, 2654435761, 20CB8AB7AE10C14A"
  })
  void officialSanityVectors(int length, long seed, String expected) {
    assertThat(XxHash64.hash(SANITY_BUFFER, 0, length, seed))
        .isEqualTo(Long.parseUnsignedLong(expected, 16));
  }

  /** Every branch of the algorithm's length handling, checked with the reference library. */
  @ParameterizedTest
  @CsvSource({
    "31, 299B39A290E6D783",
    "32, 18B216492BB44B70",
    "33, 55C8DC3E578F5B59",
    "63, A9EFBE0FA0F3F4E7",
    "64, EF558F8ACAC2B5CD",
    "100, 4BFE019CD91D9EA4",
    "4161, CD3D6DF2DB509A75"
  })
  void moreLengths(int length, String expected) {
    assertThat(XxHash64.hash(SANITY_BUFFER, 0, length))
        .isEqualTo(Long.parseUnsignedLong(expected, 16));
  }

  @ParameterizedTest
  @CsvSource({
    "'', EF46DB3751D8E999",
    "a, D24EC4F1A98C6E5B",
    "abc, 44BC2CF5AD770999",
    "message digest, 066ED728FCEEB3BE",
    "abcdefghijklmnopqrstuvwxyz, CFE1F278FA89835C",
    "Nobody inspects the spammish repetition, FBCEA83C8A378BF1",
    "12345678901234567890123456789012345678901234567890123456789012345678901234567890,"
        + " E04A477F19EE145D"
  })
  void textVectors(String text, String expected) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    assertThat(XxHash64.hash(bytes, 0, bytes.length))
        .isEqualTo(Long.parseUnsignedLong(expected.trim(), 16));
  }

  @Test
  void anEncodedKeyHasAFixedHash() {
    ByteSink sink = new ByteSink();
    TaggedCodec.builder().build().encode("hello", sink);
    assertThat(XxHash64.hash(sink.array(), 0, sink.size())).isEqualTo(0x0E65897739A6CA83L);
  }

  @Test
  void equalBytesAtAnyOffsetHashTheSame() {
    Random random = new Random(7);
    for (int length = 0; length <= 300; length++) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      long expected = XxHash64.hash(data, 0, length);
      for (int offset = 1; offset < 17; offset++) {
        byte[] padded = new byte[offset + length + 5];
        random.nextBytes(padded);
        System.arraycopy(data, 0, padded, offset, length);
        assertThat(XxHash64.hash(padded, offset, length))
            .as("length %d at offset %d", length, offset)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void everyByteMatters() {
    byte[] data = Arrays.copyOf(SANITY_BUFFER, 100);
    long original = XxHash64.hash(data, 0, data.length);
    for (int i = 0; i < data.length; i++) {
      data[i] ^= 1;
      assertThat(XxHash64.hash(data, 0, data.length)).isNotEqualTo(original);
      data[i] ^= 1;
    }
    assertThat(XxHash64.hash(data, 0, 99)).isNotEqualTo(original);
  }

  @Test
  void rangesAreChecked() {
    assertThatThrownBy(() -> XxHash64.hash(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> XxHash64.hash(new byte[4], -1, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(XxHash64.hash(new byte[4], 4, 0)).isEqualTo(0xEF46DB3751D8E999L);
  }
}
