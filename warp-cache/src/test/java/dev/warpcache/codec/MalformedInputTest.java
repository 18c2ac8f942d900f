package dev.warpcache.codec;

import static dev.warpcache.codec.Bytes.hex;
import static dev.warpcache.codec.Bytes.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.warpcache.ByteSink;
import dev.warpcache.Codec;
import dev.warpcache.CodecException;
import dev.warpcache.internal.codec.TaggedCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged bytes (another process's bug, a torn write, a hostile local user) must give a {@link
 * CodecException}: never another exception, never a hang, never a giant allocation.
 */
class MalformedInputTest {

  private static final Codec<TaggedCodecTest.Point> POINTS = TaggedCodecTest.POINTS;

  private final TaggedCodec codec =
      TaggedCodec.builder()
          .register(TaggedCodecTest.Point.class, POINTS)
          .fallback(
              Codec.serializationAllowing(
                  SerializationCodecTest.Money.class.getName(), "java.util.ArrayList"))
          .build();

  /** One valid encoding of every tag. */
  private List<byte[]> corpus() {
    Object[] values = {
      null,
      true,
      false,
      (byte) 7,
      (short) 300,
      'c',
      123_456,
      Long.MIN_VALUE,
      1.5f,
      Double.NaN,
      "h\u00e9llo \ud83d\ude00 \ud800",
      TimeUnit.MINUTES,
      new byte[] {1, 2, 3},
      new boolean[] {true, false},
      new short[] {1, 2},
      new char[] {'x', 'y'},
      new int[] {1, 2, 3},
      new long[] {4, 5},
      new float[] {6f},
      new double[] {7.0, 8.0},
      new Object[] {"a", 1, new TaggedCodecTest.Point(1, 2), TimeUnit.DAYS},
      new TaggedCodecTest.Point(3, 4),
      new SerializationCodecTest.Money(5, "EUR"),
      new ArrayList<>(List.of(new SerializationCodecTest.Money(6, "USD"), "x", 7))
    };
    List<byte[]> corpus = new ArrayList<>();
    for (Object value : values) {
      ByteSink out = new ByteSink();
      codec.encode(value, out);
      corpus.add(out.toByteArray());
    }
    return corpus;
  }

  /** Decodes; passes if it returns or throws a CodecException, fails on anything else. */
  private void decodeSafely(byte[] bytes) {
    try {
      codec.decode(bytes, 0, bytes.length);
    } catch (CodecException expected) {
      // fine
    } catch (Throwable unexpected) {
      fail("decoding " + hex(bytes) + " threw " + unexpected, unexpected);
    }
  }

  @Test
  void everyTruncationOfEveryTagIsACodecException() {
    for (byte[] valid : corpus()) {
      for (int length = 0; length < valid.length; length++) {
        byte[] truncated = Arrays.copyOf(valid, length);
        assertThatThrownBy(() -> codec.decode(truncated, 0, truncated.length))
            .as("%s cut to %d bytes", hex(valid), length)
            .isInstanceOf(CodecException.class);
      }
    }
  }

  @Test
  void everyValueFollowedByAStrayByteIsACodecException() {
    for (byte[] valid : corpus()) {
      byte[] longer = Arrays.copyOf(valid, valid.length + 1);
      assertThatThrownBy(() -> codec.decode(longer, 0, longer.length))
          .as(hex(valid))
          .isInstanceOf(CodecException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00", // reserved tag
        "0d", // unassigned tags
        "18",
        "21",
        "32",
        "ff",
        "11 01 02", // a boolean[] element that is not 0 or 1
        "0b 80 00", // a varint not in its shortest form
        "0b ff ff ff ff 0f", // a varint beyond Integer.MAX_VALUE
        "0b 05 61", // a string longer than the input
        "0b 02 c0 80", // overlong UTF-8
        "10 ff ff ff ff 07", // a byte[] of 2 GB
        "14 80 80 80 80 04 00 00 00 00", // an int[] of a billion
        "15 02 00 00 00 00 00 00 00 00", // a long[] of 2 with room for 1
        "17 01 00 00 00 00", // a double[] cut short
        "20 ff ff ff ff 07 01", // an argument list of 2 billion
        "20 01 20 00", // a nested argument list
        "0c 00 00", // an enum with an empty class name
        "30 03 61 62 63 00 00 00 00", // a codec nobody registered
        "30 00 ff ff ff ff", // a negative frame length
        "31 7f ff ff ff 00", // a frame longer than the input
        "31 00 00 00 04 00 00 00 00", // a fallback frame holding a zero-length stream
      })
  void malformedBytesAreCodecExceptions(String hexBytes) {
    byte[] bytes = parse(hexBytes);
    assertThatThrownBy(() -> codec.decode(bytes, 0, bytes.length))
        .isInstanceOf(CodecException.class);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void randomBytesOnlyEverGiveCodecExceptions() {
    Random random = new Random(20240601);
    byte[] tags = parse("01 02 03 04 05 06 07 08 09 0a 0b 0c 10 11 12 13 14 15 16 17 20 30 31");
    for (int round = 0; round < 100_000; round++) {
      byte[] bytes = new byte[random.nextInt(48)];
      random.nextBytes(bytes);
      if (bytes.length > 0 && random.nextBoolean()) {
        bytes[0] = tags[random.nextInt(tags.length)];
      }
      if (bytes.length > 1 && random.nextInt(4) == 0) {
        bytes[1] = (byte) random.nextInt(8); // small counts, so bodies get parsed
      }
      decodeSafely(bytes);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void mutatedValidBytesOnlyEverGiveCodecExceptions() {
    Random random = new Random(99);
    List<byte[]> corpus = corpus();
    for (byte[] valid : corpus) {
      // Every single-byte change to a few interesting values, at every position.
      for (int i = 0; i < valid.length; i++) {
        for (int value : new int[] {0x00, 0x01, 0x7f, 0x80, 0xff, valid[i] ^ 0x01}) {
          byte[] mutated = valid.clone();
          mutated[i] = (byte) value;
          decodeSafely(mutated);
        }
      }
    }
    for (int round = 0; round < 50_000; round++) {
      byte[] mutated = corpus.get(random.nextInt(corpus.size())).clone();
      int changes = 1 + random.nextInt(4);
      for (int c = 0; c < changes && mutated.length > 0; c++) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      if (random.nextInt(4) == 0) {
        mutated = Arrays.copyOf(mutated, random.nextInt(mutated.length + 8));
      }
      decodeSafely(mutated);
    }
  }

  @Test
  void validBytesStillDecodeAfterAllThat() {
    for (byte[] valid : corpus()) {
      Object value = codec.decode(valid, 0, valid.length);
      ByteSink again = new ByteSink();
      codec.encode(value, again);
      assertThat(again.toByteArray()).as(hex(valid)).isEqualTo(valid);
    }
  }
}
