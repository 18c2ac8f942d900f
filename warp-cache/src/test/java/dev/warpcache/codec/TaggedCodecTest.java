package dev.warpcache.codec;

import static dev.warpcache.codec.Bytes.hex;
import static dev.warpcache.codec.Bytes.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.ByteSink;
import dev.warpcache.ByteSource;
import dev.warpcache.Codec;
import dev.warpcache.CodecException;
import dev.warpcache.internal.codec.TaggedCodec;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fast-path format: round trips, golden bytes, enums, argument lists and user codecs. */
class TaggedCodecTest {

  private final TaggedCodec codec = TaggedCodec.builder().build();

  static byte[] encode(TaggedCodec codec, Object value) {
    ByteSink out = new ByteSink(8);
    codec.encode(value, out);
    return out.toByteArray();
  }

  static Object roundTrip(TaggedCodec codec, Object value) {
    byte[] bytes = encode(codec, value);
    Object decoded = codec.decode(bytes, 0, bytes.length);
    // Decoding from the middle of a larger array gives the same value.
    byte[] padded = Bytes.concat(new byte[] {9, 9, 9}, bytes, new byte[] {7});
    Object again = codec.decode(padded, 3, bytes.length);
    assertThat(Objects.deepEquals(decoded, again)).isTrue();
    // The decoded value encodes to the same bytes: the format is canonical.
    assertThat(encode(codec, decoded)).isEqualTo(bytes);
    return decoded;
  }

  /** Encodes and decodes, for codecs whose decoded value differs from the original. */
  static Object decodeOnce(TaggedCodec codec, Object value) {
    byte[] bytes = encode(codec, value);
    return codec.decode(bytes, 0, bytes.length);
  }

  static Stream<Arguments> fastPathValues() {
    return Stream.<Object>of(
            null,
            true,
            false,
            (byte) 0,
            Byte.MIN_VALUE,
            Byte.MAX_VALUE,
            (short) -1,
            Short.MIN_VALUE,
            Short.MAX_VALUE,
            'a',
            '\u0000',
            '\uffff',
            '\ud800',
            0,
            -1,
            Integer.MIN_VALUE,
            Integer.MAX_VALUE,
            0L,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            0.0f,
            -0.0f,
            Float.NaN,
            Float.MIN_VALUE,
            Float.NEGATIVE_INFINITY,
            0.0,
            -0.0,
            Double.NaN,
            Double.MAX_VALUE,
            Double.POSITIVE_INFINITY,
            "",
            "hello",
            "h\u00e9llo \u4e16\u754c \ud83d\ude00",
            "lone \ud800 surrogate \udfff",
            "x".repeat(10_000),
            TimeUnit.SECONDS,
            Planet.EARTH,
            Planet.MARS,
            new byte[0],
            new byte[] {1, -1, 0, 127, -128},
            new boolean[0],
            new boolean[] {true, false, true},
            new short[] {Short.MIN_VALUE, 0, Short.MAX_VALUE},
            new char[] {'a', '\ud800', '\uffff'},
            new int[0],
            new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE},
            new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE},
            new float[] {Float.NaN, -0.0f, 0.0f, Float.MAX_VALUE},
            new double[] {Double.NaN, -0.0, 0.0, Double.MIN_VALUE},
            new Object[0],
            new Object[] {"a", 1, null, 2L, TimeUnit.DAYS, new int[] {1, 2}, -0.0, 'c', true})
        .map(value -> Arguments.of(value));
  }

  @ParameterizedTest
  @MethodSource("fastPathValues")
  void everyFastPathValueRoundTrips(Object value) {
    Object decoded = roundTrip(codec, value);
    assertThat(Objects.deepEquals(decoded, value))
        .as("%s decoded as %s", Arrays.deepToString(new Object[] {value}), decoded)
        .isTrue();
    if (value != null) {
      assertThat(decoded).isExactlyInstanceOf(value.getClass());
    }
    if (value instanceof Enum<?>) {
      assertThat(decoded).isSameAs(value);
    }
  }

  @Test
  void negativeZeroAndNanKeepTheirDistinctionsLikeEquals() {
    assertThat(Double.doubleToRawLongBits((Double) roundTrip(codec, -0.0)))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(encode(codec, 0.0)).isNotEqualTo(encode(codec, -0.0));
    assertThat(encode(codec, 0.0f)).isNotEqualTo(encode(codec, -0.0f));
    // Every NaN is equal to every other for Double.equals, and has the same bytes.
    double otherNan = Double.longBitsToDouble(0x7FF8_0000_0000_0ABCL);
    assertThat(Double.valueOf(otherNan).equals(Double.NaN)).isTrue();
    assertThat(encode(codec, otherNan)).isEqualTo(encode(codec, Double.NaN));
    float otherFloatNan = Float.intBitsToFloat(0x7FC0_0ABC);
    assertThat(encode(codec, otherFloatNan)).isEqualTo(encode(codec, Float.NaN));
    assertThat(encode(codec, new double[] {otherNan}))
        .isEqualTo(encode(codec, new double[] {Double.NaN}));
  }

  /** The format is fixed: these bytes must not change without a new format version. */
  @Test
  void goldenBytes() {
    assertThat(TaggedCodec.FORMAT_VERSION).isEqualTo(1);
    assertGolden(null, "01");
    assertGolden(false, "02");
    assertGolden(true, "03");
    assertGolden((byte) -2, "04 fe");
    assertGolden((short) 0x1234, "05 12 34");
    assertGolden('A', "06 00 41");
    assertGolden(1, "07 00 00 00 01");
    assertGolden(-2, "07 ff ff ff fe");
    assertGolden(Long.MIN_VALUE, "08 80 00 00 00 00 00 00 00");
    assertGolden(1.0f, "09 3f 80 00 00");
    assertGolden(Float.intBitsToFloat(0x7FC0_0001), "09 7f c0 00 00");
    assertGolden(1.0, "0a 3f f0 00 00 00 00 00 00");
    assertGolden(-0.0, "0a 80 00 00 00 00 00 00 00");
    assertGolden(Double.longBitsToDouble(0x7FF0_0000_0000_0001L), "0a 7f f8 00 00 00 00 00 00");
    assertGolden("", "0b 00");
    assertGolden("h\u00e9", "0b 03 68 c3 a9");
    assertGolden("\ud83d\ude00", "0b 04 f0 9f 98 80");
    assertGolden("\ud800", "0b 03 ed a0 80");
    assertGolden(
        TimeUnit.SECONDS,
        "0c 1d "
            + hex("java.util.concurrent.TimeUnit".getBytes(StandardCharsets.US_ASCII))
            + " 07 "
            + hex("SECONDS".getBytes(StandardCharsets.US_ASCII)));
    assertGolden(new byte[] {1, 2}, "10 02 01 02");
    assertGolden(new boolean[] {true, false}, "11 02 01 00");
    assertGolden(new short[] {-1}, "12 01 ff ff");
    assertGolden(new char[] {'a'}, "13 01 00 61");
    assertGolden(new int[] {1}, "14 01 00 00 00 01");
    assertGolden(new long[] {2}, "15 01 00 00 00 00 00 00 00 02");
    assertGolden(new float[] {-0.0f}, "16 01 80 00 00 00");
    assertGolden(new double[] {Double.NaN}, "17 01 7f f8 00 00 00 00 00 00");
    assertGolden(new Object[] {"a", 1, null}, "20 03 0b 01 61 07 00 00 00 01 01");
    assertGolden(new int[200], "14 c8 01 " + "00 ".repeat(800).trim());
  }

  private void assertGolden(Object value, String expectedHex) {
    assertThat(hex(encode(codec, value)))
        .as(Arrays.deepToString(new Object[] {value}))
        .isEqualTo(hex(parse(expectedHex)));
  }

  @Test
  void zeroIsNeverATagSoZeroedMemoryIsNotAValue() {
    assertThatThrownBy(() -> codec.decode(new byte[8], 0, 8))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("unknown tag 0x00");
  }

  @Test
  void enumsAreWrittenByNameNeverByOrdinal() {
    byte[] bytes = encode(codec, Planet.MARS);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text).contains(Planet.class.getName()).contains("MARS");
    // MARS has ordinal 1 and a constant-specific body: it is still written as its enum class.
    assertThat(Planet.MARS.getClass()).isNotEqualTo(Planet.class);
    assertThat(bytes).hasSize(1 + 1 + Planet.class.getName().length() + 1 + 4);
    assertThat(roundTrip(codec, Planet.MARS)).isSameAs(Planet.MARS);
  }

  @Test
  void anEnumIsFoundByNameInAReorderedEnumOfTheSameName() {
    // Two "versions" of one enum, told apart by name: the bytes of V1's constant name the class,
    // so rewriting that name stands for another process whose enum has other ordinals.
    byte[] bytes = encode(codec, LevelV1.MEDIUM);
    byte[] renamed =
        new String(bytes, StandardCharsets.ISO_8859_1)
            .replace(LevelV1.class.getName(), LevelV2.class.getName())
            .getBytes(StandardCharsets.ISO_8859_1);
    Object decoded = codec.decode(renamed, 0, renamed.length);
    assertThat(decoded).isSameAs(LevelV2.MEDIUM);
    assertThat(LevelV2.MEDIUM.ordinal()).isNotEqualTo(LevelV1.MEDIUM.ordinal());
  }

  @Test
  void anEnumConstantThatNoLongerExistsIsACodecException() {
    byte[] bytes =
        new String(encode(codec, LevelV1.LOW), StandardCharsets.ISO_8859_1)
            .replace(LevelV1.class.getName(), LevelV2.class.getName())
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> codec.decode(bytes, 0, bytes.length))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("has no constant LOW");
  }

  @Test
  void aClassThatIsNotAnEnumIsRefusedWithoutInitializingIt() {
    byte[] bytes = enumBytes(NotAnEnum.class.getName(), "INSTANCE");
    assertThatThrownBy(() -> codec.decode(bytes, 0, bytes.length))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("is not an enum class");
    assertThat(InitFlag.INITIALIZED).isFalse();

    byte[] string = enumBytes("java.lang.String", "CASE_INSENSITIVE_ORDER");
    assertThatThrownBy(() -> codec.decode(string, 0, string.length))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("java.lang.String")
        .hasMessageContaining("is not an enum class");

    byte[] missing = enumBytes("no.such.Enum", "A");
    assertThatThrownBy(() -> codec.decode(missing, 0, missing.length))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("cannot find enum class no.such.Enum");
  }

  static byte[] enumBytes(String className, String constant) {
    ByteSink out = new ByteSink();
    out.writeByte(0x0C);
    out.writeString(className);
    out.writeString(constant);
    return out.toByteArray();
  }

  @Test
  void argumentListsRoundTripAndDoNotNest() {
    Object[] args = {"user", 42, TimeUnit.HOURS, new long[] {1, 2, 3}, null, 'x'};
    ByteSink out = new ByteSink();
    codec.encodeArgs(args, out);
    assertThat(out.toByteArray()).isEqualTo(encode(codec, args));
    Object[] decoded = codec.decodeArgs(new ByteSource(out.toByteArray()));
    assertThat(Arrays.deepEquals(decoded, args)).as(Arrays.deepToString(args)).isTrue();

    assertThatThrownBy(() -> encode(codec, new Object[] {"a", new Object[] {"b"}}))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("no codec for java.lang.Object[]")
        .hasMessageContaining("argument lists do not nest");
    byte[] nested = parse("20 01 20 00");
    assertThatThrownBy(() -> codec.decode(nested, 0, nested.length))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("argument list inside an argument list");
    assertThatThrownBy(() -> codec.decodeArgs(new ByteSource(parse("07 00 00 00 01"))))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("expected an argument list");
  }

  @Test
  void anArrayOfAnotherClassIsNotAnArgumentList() {
    assertThatThrownBy(() -> encode(codec, new String[] {"a"}))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("no codec for java.lang.String[]");
  }

  @Test
  void unknownTypesNameTheClassAndSayHowToRegisterACodec() {
    assertThatThrownBy(() -> encode(codec, new Point(1, 2)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("no codec for " + Point.class.getTypeName())
        .hasMessageContaining("register a dev.warpcache.Codec for " + Point.class.getTypeName())
        .hasMessageContaining("Codec.serializationAllowing(\"dev.warpcache.codec.*\")");
    assertThatThrownBy(() -> encode(codec, new Object[] {1, UUID.randomUUID()}))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("no codec for java.util.UUID");
  }

  static final Codec<Point> POINTS =
      Codec.of(
          (p, out) -> {
            out.writeInt(p.x);
            out.writeInt(p.y);
          },
          in -> new Point(in.readInt(), in.readInt()));

  @Test
  void aRegisteredCodecIsFramedWithItsClassNameAndLength() {
    TaggedCodec withPoints = TaggedCodec.builder().register(Point.class, POINTS).build();
    byte[] bytes = encode(withPoints, new Point(1, -1));
    ByteSink expected = new ByteSink();
    expected.writeByte(0x30);
    expected.writeString(Point.class.getName());
    expected.writeBytes(parse("00 00 00 08 00 00 00 01 ff ff ff ff"));
    assertThat(hex(bytes)).isEqualTo(hex(expected.toByteArray()));
    assertThat(roundTrip(withPoints, new Point(1, -1))).isEqualTo(new Point(1, -1));

    Object[] args = {new Point(3, 4), "label", new Point(5, 6)};
    assertThat(Arrays.deepEquals((Object[]) roundTrip(withPoints, args), args))
        .as(Arrays.deepToString(args))
        .isTrue();

    // A process without the codec cannot read the bytes, and says why.
    assertThatThrownBy(() -> codec.decode(bytes, 0, bytes.length))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("no codec is registered for that class here")
        .hasMessageContaining(Point.class.getName());
  }

  @Test
  void exactClassBeatsSupertypeAndSupertypesGoInRegistrationOrder() {
    TaggedCodec ordered =
        TaggedCodec.builder()
            .register(Shape.class, tagging("shape"))
            .register(Object.class, tagging("object"))
            .register(Circle.class, tagging("circle"))
            .fallback(tagging("fallback"))
            .build();
    assertThat(decodeOnce(ordered, new Circle())).isEqualTo("circle");
    assertThat(decodeOnce(ordered, new Square())).isEqualTo("shape");
    assertThat(decodeOnce(ordered, new Point(0, 0))).isEqualTo("object");
    // The fast path always comes first, even with a codec for Object.
    assertThat(encode(ordered, "s")[0]).isEqualTo((byte) 0x0B);
    assertThat(encode(ordered, 5)[0]).isEqualTo((byte) 0x07);
    assertThat(encode(ordered, TimeUnit.DAYS)[0]).isEqualTo((byte) 0x0C);

    TaggedCodec objectFirst =
        TaggedCodec.builder()
            .register(Object.class, tagging("object"))
            .register(Shape.class, tagging("shape"))
            .build();
    assertThat(decodeOnce(objectFirst, new Square())).isEqualTo("object");
  }

  @Test
  void aRegisteredCodecBeatsTheFallback() {
    TaggedCodec both =
        TaggedCodec.builder()
            .fallback(tagging("fallback"))
            .register(Point.class, tagging("points"))
            .build();
    assertThat(decodeOnce(both, new Point(1, 1))).isEqualTo("points");
    assertThat(decodeOnce(both, new Circle())).isEqualTo("fallback");
    assertThat(encode(both, new Circle())[0]).isEqualTo((byte) 0x31);
    byte[] fallbackBytes = encode(both, new Circle());
    assertThatThrownBy(() -> codec.decode(fallbackBytes, 0, fallbackBytes.length))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("fallback codec, and this codec has none");
  }

  /** A codec that writes a fixed label and decodes to it, to see which codec ran. */
  private static Codec<Object> tagging(String label) {
    return Codec.of((value, out) -> out.writeString(label), ByteSource::readString);
  }

  @Test
  void registrationIsChecked() {
    TaggedCodec.Builder builder = TaggedCodec.builder().register(Point.class, POINTS);
    assertThatThrownBy(() -> builder.register(Point.class, POINTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already registered");
    for (Class<?> builtIn :
        List.of(
            String.class,
            Integer.class,
            int.class,
            int[].class,
            byte[].class,
            TimeUnit.class,
            Enum.class,
            Boolean.class)) {
      assertThatThrownBy(() -> builder.register(builtIn, tagging("x")))
          .as(builtIn.getName())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("encoded by warp-cache itself");
    }
    assertThatThrownBy(() -> builder.register(null, POINTS))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.register(Circle.class, null))
        .isInstanceOf(NullPointerException.class);
    builder.fallback(tagging("f"));
    assertThatThrownBy(() -> builder.fallback(tagging("g")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void failingUserCodecsGiveCodecExceptions() {
    Codec<Object> throwing =
        Codec.of(
            (value, out) -> {
              throw new IllegalStateException("encode boom");
            },
            in -> {
              throw new IllegalStateException("decode boom");
            });
    TaggedCodec failing = TaggedCodec.builder().register(Point.class, throwing).build();
    assertThatThrownBy(() -> encode(failing, new Point(1, 2)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("the codec registered for " + Point.class.getName())
        .hasRootCauseMessage("encode boom");

    byte[] bytes =
        encode(TaggedCodec.builder().register(Point.class, POINTS).build(), new Point(1, 2));
    TaggedCodec failingDecoder = TaggedCodec.builder().register(Point.class, throwing).build();
    assertThatThrownBy(() -> failingDecoder.decode(bytes, 0, bytes.length))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("failed to decode")
        .hasRootCauseMessage("decode boom");
  }

  @Test
  void aUserCodecMustReadExactlyItsOwnBytes() {
    TaggedCodec writer = TaggedCodec.builder().register(Point.class, POINTS).build();
    byte[] bytes = encode(writer, new Object[] {new Point(1, 2), 7});
    TaggedCodec readsTooLittle =
        TaggedCodec.builder()
            .register(Point.class, Codec.of(POINTS::encode, in -> new Point(in.readInt(), 0)))
            .build();
    assertThatThrownBy(() -> readsTooLittle.decode(bytes, 0, bytes.length))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("left 4 of its 8 bytes unread");
    TaggedCodec readsTooMuch =
        TaggedCodec.builder()
            .register(
                Point.class,
                Codec.of(POINTS::encode, in -> new Point(in.readInt(), (int) in.readLong())))
            .build();
    assertThatThrownBy(() -> readsTooMuch.decode(bytes, 0, bytes.length))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void aSinkLimitStopsAnOversizedValueAndIsReported() {
    ByteSink small = new ByteSink(16, 64);
    assertThatThrownBy(() -> codec.encode("x".repeat(100), small))
        .isInstanceOf(CodecException.class);
    assertThat(small.isOverLimit()).isTrue();
    small.reset();
    assertThatThrownBy(() -> codec.encode(new long[100], small)).isInstanceOf(CodecException.class);
    assertThat(small.isOverLimit()).isTrue();
    // A user codec that swallows the exception does not hide the oversize.
    Codec<Point> swallowing =
        Codec.of(
            (p, out) -> {
              try {
                out.writeBytes(new byte[1000]);
              } catch (CodecException ignored) {
                // the sink remembers
              }
            },
            in -> new Point(0, 0));
    TaggedCodec lenient = TaggedCodec.builder().register(Point.class, swallowing).build();
    small.reset();
    lenient.encode(new Point(1, 1), small);
    assertThat(small.isOverLimit()).isTrue();
  }

  @Test
  void decodingChecksTrailingBytesOnlyForWholeRegions() {
    byte[] bytes = parse("07 00 00 00 01 07 00 00 00 02");
    assertThatThrownBy(() -> codec.decode(bytes, 0, bytes.length))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("5 unexpected bytes");
    ByteSource in = new ByteSource(bytes);
    assertThat(codec.decode(in)).isEqualTo(1);
    assertThat(codec.decode(in)).isEqualTo(2);
  }

  @Test
  void keyEncodingDoesNotAllocate() throws ReflectiveOperationException {
    // Through reflection: the tests compile inside the module, which reads java.base only.
    Object threads =
        Class.forName("java.lang.management.ManagementFactory")
            .getMethod("getThreadMXBean")
            .invoke(null);
    Class<?> hotSpotBean;
    try {
      hotSpotBean = Class.forName("com.sun.management.ThreadMXBean");
    } catch (ClassNotFoundException notHotSpot) {
      return; // not measurable on this JVM
    }
    if (!hotSpotBean.isInstance(threads)
        || !(Boolean) hotSpotBean.getMethod("isThreadAllocatedMemorySupported").invoke(threads)) {
      return;
    }
    hotSpotBean.getMethod("setThreadAllocatedMemoryEnabled", boolean.class).invoke(threads, true);
    Method allocatedBytes = hotSpotBean.getMethod("getCurrentThreadAllocatedBytes");
    Object[] key = {
      "user-42",
      7,
      TimeUnit.SECONDS,
      new long[] {1, 2, 3},
      2.5,
      'x',
      true,
      null,
      "h\u00e9\ud83d\ude00"
    };
    String single = "a string key";
    ByteSink sink = new ByteSink(256);
    long sum = 0;
    for (int i = 0; i < 50_000; i++) {
      sum += encodeAndHash(key, single, sink);
    }
    // Until the JIT has compiled the path, the interpreter may allocate where compiled code does
    // not (on a loaded machine that can take a while): the best of ten rounds must be clean.
    long allocated = Long.MAX_VALUE;
    for (int round = 0; round < 10 && allocated >= 16_000; round++) {
      long before = (Long) allocatedBytes.invoke(threads);
      for (int i = 0; i < 10_000; i++) {
        sum += encodeAndHash(key, single, sink);
      }
      allocated = Math.min(allocated, (Long) allocatedBytes.invoke(threads) - before);
    }
    // One object per encoding would be at least 160,000 bytes.
    assertThat(allocated).as("bytes allocated by 10,000 encodings (%d)", sum).isLessThan(16_000);
  }

  private long encodeAndHash(Object[] key, String single, ByteSink sink) {
    sink.reset();
    codec.encodeArgs(key, sink);
    long h = dev.warpcache.internal.codec.XxHash64.hash(sink.array(), 0, sink.size());
    sink.reset();
    codec.encode(single, sink);
    return h ^ dev.warpcache.internal.codec.XxHash64.hash(sink.array(), 0, sink.size());
  }

  @Test
  void decodedArraysAreFreshCopies() {
    byte[] original = {1, 2, 3};
    byte[] bytes = encode(codec, original);
    byte[] first = (byte[]) codec.decode(bytes, 0, bytes.length);
    first[0] = 99;
    assertThat((byte[]) codec.decode(bytes, 0, bytes.length)).containsExactly(1, 2, 3);
  }

  @Test
  void valuesOfEveryTypeAreDistinctKeys() {
    // Same "number", different types: different bytes, as equals says.
    List<Object> values =
        new ArrayList<>(
            List.of(
                (byte) 1,
                (short) 1,
                1,
                1L,
                1.0f,
                1.0,
                (char) 1,
                "1",
                new int[] {1},
                new long[] {1},
                new Object[] {1}));
    List<String> encodings = new ArrayList<>();
    for (Object value : values) {
      encodings.add(hex(encode(codec, value)));
    }
    assertThat(encodings).doesNotHaveDuplicates();
  }

  /** An enum with a constant-specific body. */
  enum Planet {
    EARTH,
    MARS {
      @Override
      public String toString() {
        return "red";
      }
    }
  }

  /** One version of an enum. */
  enum LevelV1 {
    LOW,
    MEDIUM,
    HIGH
  }

  /** A later version: reordered, with a constant added and one removed. */
  enum LevelV2 {
    HIGH,
    EXTREME,
    MEDIUM
  }

  /** Records whether {@link NotAnEnum} was initialized. */
  static final class InitFlag {
    static volatile boolean INITIALIZED;

    private InitFlag() {}
  }

  /** A class named where an enum is expected: must not be initialized. */
  static final class NotAnEnum {
    static final NotAnEnum INSTANCE = new NotAnEnum();

    static {
      InitFlag.INITIALIZED = true;
    }

    private NotAnEnum() {}
  }

  /** A value type without a fast path. */
  static final class Point {
    final int x;
    final int y;

    Point(int x, int y) {
      this.x = x;
      this.y = y;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Point p && p.x == x && p.y == y;
    }

    @Override
    public int hashCode() {
      return 31 * x + y;
    }

    @Override
    public String toString() {
      return "Point(" + x + ", " + y + ")";
    }
  }

  interface Shape {}

  static final class Circle implements Shape {}

  static final class Square implements Shape {}
}
