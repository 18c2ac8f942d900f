package dev.warpcache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.ByteSink;
import dev.warpcache.ByteSource;
import dev.warpcache.Codec;
import dev.warpcache.CodecException;
import dev.warpcache.internal.codec.TaggedCodec;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Java-serialization fallback: only the classes of the user's allow-list are decoded. */
class SerializationCodecTest {

  private static final String MONEY = Money.class.getName();

  static byte[] encode(Codec<Object> codec, Object value) {
    ByteSink out = new ByteSink();
    codec.encode(value, out);
    return out.toByteArray();
  }

  static Object decode(Codec<Object> codec, byte[] bytes) {
    ByteSource in = new ByteSource(bytes);
    Object value = codec.decode(in);
    in.requireEnd();
    return value;
  }

  @Test
  void anAllowedClassRoundTrips() {
    Codec<Object> codec = Codec.serializationAllowing(MONEY);
    Money money = new Money(1234, "EUR");
    assertThat(decode(codec, encode(codec, money))).isEqualTo(money);
  }

  @Test
  void aClassOutsideTheListIsRejectedBeforeItIsCreated() {
    Codec<Object> codec = Codec.serializationAllowing(MONEY);
    byte[] bytes = encode(codec, new Gadget());
    Gadget.READS.set(0);
    assertThatThrownBy(() -> decode(codec, bytes))
        .isInstanceOf(CodecException.class)
        .hasCauseInstanceOf(InvalidClassException.class)
        .hasMessageContaining(Gadget.class.getName())
        .hasMessageContaining("allow-list");
    assertThat(Gadget.READS.get()).isZero();
  }

  @Test
  void aRejectedClassNestedInAnAllowedOneIsRejectedToo() {
    Codec<Object> codec = Codec.serializationAllowing(MONEY, "java.util.ArrayList");
    List<Object> list = new ArrayList<>(List.of(new Money(1, "USD"), new Money(2, "USD")));
    assertThat(decode(codec, encode(codec, list))).isEqualTo(list);
    list.add(new Gadget());
    byte[] bytes = encode(codec, list);
    Gadget.READS.set(0);
    assertThatThrownBy(() -> decode(codec, bytes))
        .isInstanceOf(CodecException.class)
        .hasCauseInstanceOf(InvalidClassException.class);
    assertThat(Gadget.READS.get()).isZero();
  }

  @Test
  void jdkValueClassesAndPrimitiveArraysNeedNoListing() {
    Codec<Object> codec = Codec.serializationAllowing(MONEY);
    for (Object value :
        List.of(
            42,
            "text",
            new BigDecimal("12.50"),
            LocalDate.of(2024, 2, 29),
            Instant.ofEpochSecond(1_700_000_000L),
            new int[] {1, 2, 3})) {
      assertThat(Objects.deepEquals(decode(codec, encode(codec, value)), value))
          .as(value.toString())
          .isTrue();
    }
    // A collection class is not a value class: it must be listed.
    byte[] map = encode(codec, new HashMap<>(Map.of("a", 1)));
    assertThatThrownBy(() -> decode(codec, map))
        .isInstanceOf(CodecException.class)
        .hasCauseInstanceOf(InvalidClassException.class)
        .hasMessageContaining("java.util.HashMap");
  }

  @Test
  void theUsersOwnFilterDecidesAndUndecidedMeansRejected() {
    ObjectInputFilter onlyMoney =
        info ->
            info.serialClass() == Money.class
                ? ObjectInputFilter.Status.ALLOWED
                : ObjectInputFilter.Status.UNDECIDED;
    Codec<Object> codec = Codec.serialization(onlyMoney);
    assertThat(decode(codec, encode(codec, new Money(5, "GBP")))).isEqualTo(new Money(5, "GBP"));
    byte[] gadget = encode(codec, new Gadget());
    assertThatThrownBy(() -> decode(codec, gadget))
        .isInstanceOf(CodecException.class)
        .hasCauseInstanceOf(InvalidClassException.class);

    ObjectInputFilter rejectsMoney =
        info ->
            info.serialClass() == Money.class
                ? ObjectInputFilter.Status.REJECTED
                : ObjectInputFilter.Status.UNDECIDED;
    Codec<Object> strict = Codec.serialization(rejectsMoney);
    byte[] money = encode(strict, new Money(5, "GBP"));
    assertThatThrownBy(() -> decode(strict, money)).isInstanceOf(CodecException.class);
    // The JDK value classes cannot override a REJECTED from the user's filter.
    Codec<Object> noStrings =
        Codec.serialization(
            info ->
                info.serialClass() == String.class
                    ? ObjectInputFilter.Status.REJECTED
                    : ObjectInputFilter.Status.UNDECIDED);
    byte[] string = encode(noStrings, new Money(1, "CHF"));
    assertThatThrownBy(() -> decode(noStrings, string)).isInstanceOf(CodecException.class);
  }

  @Test
  void deepGraphsAreRejected() {
    Codec<Object> codec = Codec.serializationAllowing(Link.class.getName());
    Link shallow = Link.chain(5);
    assertThat(decode(codec, encode(codec, shallow))).isEqualTo(shallow);
    byte[] deep = encode(codec, Link.chain(40));
    assertThatThrownBy(() -> decode(codec, deep))
        .isInstanceOf(CodecException.class)
        .hasCauseInstanceOf(InvalidClassException.class);
  }

  @Test
  void aCorruptArrayLengthIsRejectedInsteadOfAllocated() {
    Codec<Object> codec = Codec.serializationAllowing(MONEY);
    long[] array = {0x1122334455667788L, 0, 0};
    byte[] bytes = encode(codec, array);
    assertThat((long[]) decode(codec, bytes)).containsExactly(array);
    int at = indexOf(bytes, Bytes.parse("00 00 00 03 11 22 33 44"));
    assertThat(at).isPositive();
    bytes[at] = 0x7F; // claims 2 billion longs: 16 GB
    bytes[at + 3] = (byte) 0xFF;
    assertThatThrownBy(() -> decode(codec, bytes))
        .isInstanceOf(CodecException.class)
        .hasCauseInstanceOf(InvalidClassException.class);
  }

  @Test
  void dynamicProxiesAreRefusedEvenIfTheirPackageIsAllowed() {
    Codec<Object> codec = Codec.serializationAllowing("dev.warpcache.codec.**", "java.lang.**");
    Object proxy =
        Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {Greeter.class}, new Handler());
    byte[] bytes = encode(codec, proxy);
    assertThatThrownBy(() -> decode(codec, bytes))
        .isInstanceOf(CodecException.class)
        .hasCauseInstanceOf(InvalidClassException.class)
        .hasMessageContaining("dynamic proxy");
  }

  @Test
  void classesAreResolvedThroughTheGivenLoader() {
    AtomicInteger lookups = new AtomicInteger();
    ClassLoader counting =
        new ClassLoader(getClass().getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            lookups.incrementAndGet();
            return super.loadClass(name, resolve);
          }
        };
    Codec<Object> codec =
        Codec.serialization(ObjectInputFilter.Config.createFilter(MONEY), counting);
    assertThat(decode(codec, encode(codec, new Money(9, "JPY")))).isEqualTo(new Money(9, "JPY"));
    assertThat(lookups.get()).isPositive();
  }

  @Test
  void notSerializableValuesGiveACodecException() {
    Codec<Object> codec = Codec.serializationAllowing(MONEY);
    assertThatThrownBy(() -> encode(codec, new Object()))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("java.io.Serializable");
  }

  @Test
  void malformedStreamsGiveCodecExceptions() {
    Codec<Object> codec = Codec.serializationAllowing(MONEY);
    assertThatThrownBy(() -> decode(codec, Bytes.parse("00 00 00 10 01 02")))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("a length of 16");
    assertThatThrownBy(() -> decode(codec, Bytes.parse("ff ff ff ff")))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> decode(codec, Bytes.parse("00 00 00 04 de ad be ef")))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("malformed");
    byte[] valid = encode(codec, new Money(1, "EUR"));
    for (int length = 0; length < valid.length; length++) {
      byte[] truncated = java.util.Arrays.copyOf(valid, length);
      assertThatThrownBy(() -> decode(codec, truncated)).isInstanceOf(CodecException.class);
    }
  }

  @Test
  void allowListPatternsAreChecked() {
    for (String bad : new String[] {"*", "**", "!*", "", " ", "maxdepth=5", "java.base/*", "a;b"}) {
      assertThatThrownBy(() -> Codec.serializationAllowing(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(Codec::serializationAllowing).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Codec.serializationAllowing((String) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Codec.serialization(null)).isInstanceOf(NullPointerException.class);
    // A negated pattern rejects, and the first match decides.
    Codec<Object> codec =
        Codec.serializationAllowing("!" + Gadget.class.getName(), "dev.warpcache.codec.*");
    assertThat(decode(codec, encode(codec, new Money(1, "EUR")))).isEqualTo(new Money(1, "EUR"));
    byte[] gadget = encode(codec, new Gadget());
    assertThatThrownBy(() -> decode(codec, gadget)).isInstanceOf(CodecException.class);
  }

  @Test
  void asTheFallbackOfTheTaggedCodec() {
    TaggedCodec codec =
        TaggedCodec.builder()
            .fallback(Codec.serializationAllowing(MONEY, "java.util.ArrayList"))
            .build();
    Object[] args = {"account", new Money(100, "EUR"), new ArrayList<>(List.of(1, 2))};
    ByteSink out = new ByteSink();
    codec.encode(args, out);
    Object[] decoded = (Object[]) codec.decode(out.toByteArray(), 0, out.size());
    assertThat(Arrays.deepEquals(decoded, args)).as(Arrays.deepToString(args)).isTrue();

    ByteSink gadget = new ByteSink();
    codec.encode(new Gadget(), gadget);
    assertThatThrownBy(() -> codec.decode(gadget.toByteArray(), 0, gadget.size()))
        .isInstanceOf(CodecException.class)
        .hasCauseInstanceOf(InvalidClassException.class);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** An allowed value class. */
  static final class Money implements Serializable {
    private static final long serialVersionUID = 1L;
    final long cents;
    final String currency;

    Money(long cents, String currency) {
      this.cents = cents;
      this.currency = currency;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Money m && m.cents == cents && m.currency.equals(currency);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(cents) * 31 + currency.hashCode();
    }

    @Override
    public String toString() {
      return cents + " " + currency;
    }
  }

  /** A class that must never be deserialized: counts the times its readObject runs. */
  static final class Gadget implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger READS = new AtomicInteger();

    private void readObject(ObjectInputStream in)
        throws java.io.IOException, ClassNotFoundException {
      READS.incrementAndGet();
      in.defaultReadObject();
    }
  }

  /** A linked list node, for depth. */
  static final class Link implements Serializable {
    private static final long serialVersionUID = 1L;
    final int value;
    final Link next;

    Link(int value, Link next) {
      this.value = value;
      this.next = next;
    }

    static Link chain(int length) {
      Link head = null;
      for (int i = 0; i < length; i++) {
        head = new Link(i, head);
      }
      return head;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Link l && l.value == value && Objects.equals(l.next, next);
    }

    @Override
    public int hashCode() {
      return value;
    }
  }

  /** The interface of a proxy. */
  interface Greeter {
    String greet();
  }

  /** A serializable invocation handler, as gadget chains use. */
  static final class Handler implements InvocationHandler, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      return "hi";
    }
  }
}
