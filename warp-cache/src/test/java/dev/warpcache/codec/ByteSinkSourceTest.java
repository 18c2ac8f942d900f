package dev.warpcache.codec;

import static dev.warpcache.codec.Bytes.bytes;
import static dev.warpcache.codec.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.ByteSink;
import dev.warpcache.ByteSource;
import dev.warpcache.CodecException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The public byte writer and reader that user codecs see. */
class ByteSinkSourceTest {

  @Test
  void everyPrimitiveRoundTripsBigEndian() {
    ByteSink out = new ByteSink(1);
    out.writeByte(0x1FF);
    out.writeBoolean(true);
    out.writeBoolean(false);
    out.writeShort(0x1234);
    out.writeChar('\uFFFE');
    out.writeInt(0xCAFEBABE);
    out.writeLong(Long.MIN_VALUE);
    out.writeFloat(1.5f);
    out.writeDouble(-0.0);
    assertThat(hex(out.toByteArray()))
        .isEqualTo(
            "ff 01 00 12 34 ff fe ca fe ba be 80 00 00 00 00 00 00 00 3f c0 00 00"
                + " 80 00 00 00 00 00 00 00");

    ByteSource in = new ByteSource(out.toByteArray());
    assertThat(in.readByte()).isEqualTo((byte) -1);
    assertThat(in.readBoolean()).isTrue();
    assertThat(in.readBoolean()).isFalse();
    assertThat(in.readShort()).isEqualTo((short) 0x1234);
    assertThat(in.readChar()).isEqualTo('\uFFFE');
    assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
    assertThat(in.readLong()).isEqualTo(Long.MIN_VALUE);
    assertThat(in.readFloat()).isEqualTo(1.5f);
    assertThat(Double.doubleToRawLongBits(in.readDouble()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(in.hasRemaining()).isFalse();
    in.requireEnd();
  }

  @Test
  void nanIsWrittenCanonicallySoEqualValuesHaveEqualBytes() {
    ByteSink out = new ByteSink();
    out.writeDouble(Double.longBitsToDouble(0x7FF0_0000_0000_0001L));
    out.writeFloat(Float.intBitsToFloat(0xFFC0_0123));
    assertThat(hex(out.toByteArray())).isEqualTo("7f f8 00 00 00 00 00 00 7f c0 00 00");
  }

  @Test
  void varIntsAreShortestLeb128() {
    int[] values = {0, 1, 127, 128, 300, 16_383, 16_384, 1 << 21, 1 << 28, Integer.MAX_VALUE};
    String[] expected = {
      "00",
      "01",
      "7f",
      "80 01",
      "ac 02",
      "ff 7f",
      "80 80 01",
      "80 80 80 01",
      "80 80 80 80 01",
      "ff ff ff ff 07"
    };
    for (int i = 0; i < values.length; i++) {
      ByteSink out = new ByteSink();
      out.writeVarInt(values[i]);
      assertThat(hex(out.toByteArray())).as("varint %d", values[i]).isEqualTo(expected[i]);
      ByteSource in = new ByteSource(out.toByteArray());
      assertThat(in.readVarInt()).isEqualTo(values[i]);
      in.requireEnd();
    }
    assertThatThrownBy(() -> new ByteSink().writeVarInt(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void malformedVarIntsAreRefused() {
    assertThatThrownBy(() -> new ByteSource(bytes(0x80, 0x00)).readVarInt())
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("shortest form");
    assertThatThrownBy(() -> new ByteSource(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x08)).readVarInt())
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("does not fit");
    assertThatThrownBy(() -> new ByteSource(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)).readVarInt())
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> new ByteSource(bytes(0x80, 0x80)).readVarInt())
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("ends inside a varint");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain ascii",
        "h\u00e9llo w\u00f6rld",
        "\u20ac \u4e2d\u6587 \uffff",
        "\ud83d\ude00 emoji and \ud834\udd1e",
        "\u0000 nul inside",
        "\u007f\u0080\u07ff\u0800"
      })
  void wellFormedStringsAreExactlyUtf8(String value) {
    ByteSink out = new ByteSink();
    out.writeString(value);
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    ByteSink expected = new ByteSink();
    expected.writeVarInt(utf8.length);
    expected.writeBytes(utf8);
    assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
    ByteSource in = new ByteSource(out.toByteArray());
    assertThat(in.readString()).isEqualTo(value);
    in.requireEnd();
  }

  @Test
  void loneSurrogatesRoundTripAndStayDistinct() {
    String[] values = {
      "\ud800", "\udc00", "a\ud800b", "\udbff\udbff", "\udc00\ud800", "\ud83d", "\ud83d\ude00"
    };
    java.util.Set<String> encodings = new java.util.HashSet<>();
    for (String value : values) {
      ByteSink out = new ByteSink();
      out.writeString(value);
      assertThat(encodings.add(hex(out.toByteArray()))).as(value).isTrue();
      ByteSource in = new ByteSource(out.toByteArray());
      assertThat(in.readString()).isEqualTo(value);
      in.requireEnd();
    }
    ByteSink out = new ByteSink();
    out.writeString("\ud800");
    assertThat(hex(out.toByteArray())).isEqualTo("03 ed a0 80");
  }

  @Test
  void randomStringsOfAnyCharsRoundTrip() {
    Random random = new Random(42);
    ByteSink out = new ByteSink();
    ByteSource in = new ByteSource(new byte[0]);
    for (int round = 0; round < 5_000; round++) {
      char[] chars = new char[random.nextInt(40)];
      for (int i = 0; i < chars.length; i++) {
        int kind = random.nextInt(5);
        chars[i] =
            (char)
                switch (kind) {
                  case 0 -> random.nextInt(0x80);
                  case 1 -> 0xD800 + random.nextInt(0x800); // surrogates, paired or not
                  default -> random.nextInt(0x10000);
                };
      }
      String value = new String(chars);
      out.reset().writeString(value);
      in.reset(out.array(), 0, out.size());
      assertThat(in.readString()).isEqualTo(value);
      in.requireEnd();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01 80", // a continuation byte first
        "02 c0 80", // overlong NUL
        "02 c1 bf", // overlong
        "03 e0 80 80", // overlong three-byte
        "04 f0 80 80 80", // overlong four-byte
        "04 f4 90 80 80", // above U+10FFFF
        "01 f5", // invalid lead
        "01 ff",
        "02 c3 28", // bad continuation
        "02 e2 82", // ends inside a character
        "06 ed a0 80 ed b0 80", // a surrogate pair as two three-byte sequences (CESU-8)
        "05 61 62", // length beyond the input
      })
  void malformedStringsAreRefused(String hexBytes) {
    ByteSource in = new ByteSource(Bytes.parse(hexBytes));
    assertThatThrownBy(in::readString).isInstanceOf(CodecException.class);
  }

  @Test
  void truncatedReadsNameThePosition() {
    ByteSource in = new ByteSource(bytes(9, 1, 2, 3, 4, 5), 1, 3);
    assertThat(in.readByte()).isEqualTo((byte) 1);
    assertThatThrownBy(in::readInt)
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining("4 bytes needed, but only 2 remain")
        .hasMessageContaining("at byte 1");
    assertThat(in.position()).isEqualTo(1);
    assertThatThrownBy(in::readLong).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> in.readBytes(3)).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> in.skip(3)).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> in.slice(3)).isInstanceOf(CodecException.class);
    assertThatThrownBy(in::requireEnd)
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("2 unexpected bytes");
    assertThat(in.readShort()).isEqualTo((short) 0x0203);
    assertThatThrownBy(in::readByte).isInstanceOf(CodecException.class);
    assertThatThrownBy(in::readBoolean).isInstanceOf(CodecException.class);
  }

  @Test
  void booleansMustBeZeroOrOne() {
    assertThatThrownBy(() -> new ByteSource(bytes(2)).readBoolean())
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("0 or 1");
  }

  @Test
  void readLengthRefusesCountsTheInputCannotHold() {
    ByteSink out = new ByteSink();
    out.writeVarInt(1_000_000_000);
    out.writeBytes(new byte[16]);
    ByteSource in = new ByteSource(out.toByteArray());
    assertThatThrownBy(() -> in.readLength(8))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("a length of 1000000000 needs at least 8000000000 bytes");
    assertThat(new ByteSource(bytes(2, 0, 0, 0, 0)).readLength(2)).isEqualTo(2);
    assertThat(new ByteSource(bytes(100)).readLength(0)).isEqualTo(100);
    assertThatThrownBy(() -> new ByteSource(bytes(0)).readLength(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sliceBoundsANestedReader() {
    ByteSource in = new ByteSource(bytes(1, 2, 3, 4, 5));
    in.readByte();
    ByteSource nested = in.slice(2);
    assertThat(in.position()).isEqualTo(3);
    assertThat(nested.remaining()).isEqualTo(2);
    assertThat(nested.readShort()).isEqualTo((short) 0x0203);
    assertThatThrownBy(nested::readByte).isInstanceOf(CodecException.class);
    assertThat(in.readByte()).isEqualTo((byte) 4);
  }

  @Test
  void sinkGrowsAndResetsKeepingItsArray() {
    ByteSink out = new ByteSink(0);
    for (int i = 0; i < 1000; i++) {
      out.writeInt(i);
    }
    assertThat(out.size()).isEqualTo(4000);
    byte[] array = out.array();
    out.reset();
    assertThat(out.size()).isZero();
    out.writeLong(1);
    assertThat(out.array()).isSameAs(array);
    assertThat(out.toByteArray()).hasSize(8);
  }

  @Test
  void limitStopsTheSinkAndIsRemembered() {
    ByteSink out = new ByteSink(4, 10);
    out.writeLong(1);
    assertThatThrownBy(() -> out.writeInt(2))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("over the limit of 10 bytes");
    assertThat(out.isOverLimit()).isTrue();
    assertThat(out.size()).isEqualTo(8);
    out.writeShort(3); // exactly at the limit
    assertThat(out.size()).isEqualTo(10);
    out.reset();
    assertThat(out.isOverLimit()).isFalse();
    assertThatThrownBy(() -> out.writeString("more than ten bytes"))
        .isInstanceOf(CodecException.class);
    assertThat(out.isOverLimit()).isTrue();
  }

  @Test
  void setIntPatchesWrittenBytesOnly() {
    ByteSink out = new ByteSink();
    out.writeInt(0);
    out.writeByte(7);
    out.setInt(0, 0x01020304);
    assertThat(hex(out.toByteArray())).isEqualTo("01 02 03 04 07");
    assertThatThrownBy(() -> out.setInt(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void constructorsCheckTheirArguments() {
    assertThatThrownBy(() -> new ByteSink(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteSink(0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteSource(new byte[4], 3, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> new ByteSource(new byte[4]).readBytes(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteSink().writeString(null))
        .isInstanceOf(NullPointerException.class);
  }
}
