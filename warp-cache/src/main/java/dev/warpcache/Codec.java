package dev.warpcache;

import dev.warpcache.internal.codec.SerializationCodec;
import java.io.ObjectInputFilter;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Turns values of one type into bytes and back, for the caches that keep bytes rather than objects:
 * the shared-memory backend (one cache for every JVM on the host) and a remote tier.
 *
 * <p>warp-cache encodes {@code null}, booleans, numbers, chars, strings, enums, {@code byte[]} and
 * the other primitive arrays, and argument lists of these by itself, with no codec. A codec is
 * needed only for other types: register one for a class (it is used for that class and its
 * subclasses), or enable a fallback such as {@link #serialization(ObjectInputFilter)}.
 *
 * <pre>{@code
 * Codec<Point> points = Codec.of(
 *     (p, out) -> { out.writeInt(p.x()); out.writeInt(p.y()); },
 *     in -> new Point(in.readInt(), in.readInt()));
 * }</pre>
 *
 * <p>Rules for implementations:
 *
 * <ul>
 *   <li>Keys are compared by their bytes and hashed from them, in every process that shares the
 *       cache. {@link #encode} must therefore give equal bytes for equal values, in every JVM and
 *       every run: write fields in a fixed order, never an identity hash code, a {@code hashCode}
 *       that differs between JVMs (that of an enum, for one) or the iteration order of a hash set.
 *   <li>{@link #decode} reads exactly what {@link #encode} wrote. It must expect bytes written by
 *       an older or newer version of the codec, or damaged: throw a {@link CodecException} (any
 *       other exception is wrapped in one), never loop or allocate according to an unchecked
 *       length; {@link ByteSource#readLength(int)} checks a length against the input.
 *   <li>Codecs are called from many threads at once and must be thread-safe; {@code null} is never
 *       passed to {@link #encode}, nor expected from {@link #decode}.
 * </ul>
 *
 * @param <T> the type of the values
 */
public interface Codec<T> {

  /**
   * Writes {@code value} to {@code out}.
   *
   * @param value the value, never {@code null}
   * @param out the sink to write to
   * @throws CodecException if the value cannot be encoded, or the sink is over its limit
   */
  void encode(T value, ByteSink out);

  /**
   * Reads a value written by {@link #encode} from {@code in}.
   *
   * @param in the source, positioned at the first byte {@link #encode} wrote
   * @return the value, not {@code null}
   * @throws CodecException if the bytes are truncated or malformed
   */
  T decode(ByteSource in);

  /**
   * Makes a codec from two functions.
   *
   * @param encoder writes a value; see {@link #encode}
   * @param decoder reads a value; see {@link #decode}
   * @param <T> the type of the values
   * @return the codec
   * @throws NullPointerException if either function is {@code null}
   */
  static <T> Codec<T> of(
      BiConsumer<? super T, ? super ByteSink> encoder,
      Function<? super ByteSource, ? extends T> decoder) {
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(decoder, "decoder");
    return new Codec<T>() {
      @Override
      public void encode(T value, ByteSink out) {
        encoder.accept(value, out);
      }

      @Override
      public T decode(ByteSource in) {
        return decoder.apply(in);
      }
    };
  }

  /**
   * Returns a codec that uses Java serialization, for {@link java.io.Serializable} values, and that
   * decodes only the classes {@code allowList} allows.
   *
   * <p>Every decoding runs with a filter set on its {@link java.io.ObjectInputStream}: a class is
   * accepted only if {@code allowList} returns {@link ObjectInputFilter.Status#ALLOWED ALLOWED} for
   * it or it is one of a few JDK value classes ({@code String}, the boxed primitives and {@code
   * Number}, {@code Enum}, {@code BigInteger}, {@code BigDecimal}, the {@code java.time} types); a
   * class the filter leaves {@code UNDECIDED} is rejected; arrays of primitives are accepted,
   * arrays of objects only if their element class is (or is {@code Object} or an interface, whose
   * elements are each checked). On top of the allow-list the graph is limited to a depth of 20, a
   * million references and arrays no longer than four times the input, and dynamic proxies are
   * refused. The JVM-wide filter ({@code jdk.serialFilter}), if any, can still reject a class. A
   * refused class gives a {@link CodecException} whose cause is the {@link
   * java.io.InvalidClassException}, and no instance of it is created.
   *
   * <p>This matters because the shared-memory files and a remote store are written by other
   * processes: with the allow-list, bytes that someone else wrote can instantiate only classes you
   * chose. Classes are resolved through the thread's context class loader, or the loader of
   * warp-cache if there is none.
   *
   * <p>Serialized bytes are as deterministic as the objects' {@code writeObject}: a value whose
   * serialized form depends on hash order (a {@code HashSet} of enums, for example) is not a good
   * key for a shared cache. Prefer a codec of your own for keys.
   *
   * @param allowList decides which classes may be decoded, for example {@code
   *     ObjectInputFilter.Config.createFilter("com.example.model.*;java.util.ArrayList")}
   * @return the codec, for any {@link java.io.Serializable} value
   * @throws NullPointerException if {@code allowList} is {@code null}
   */
  static Codec<Object> serialization(ObjectInputFilter allowList) {
    return new SerializationCodec(Objects.requireNonNull(allowList, "allowList"), null);
  }

  /**
   * Returns a codec that uses Java serialization, like {@link #serialization(ObjectInputFilter)},
   * resolving classes through {@code classLoader}.
   *
   * @param allowList decides which classes may be decoded
   * @param classLoader the class loader to find the classes of decoded objects in
   * @return the codec, for any {@link java.io.Serializable} value
   * @throws NullPointerException if either argument is {@code null}
   */
  static Codec<Object> serialization(ObjectInputFilter allowList, ClassLoader classLoader) {
    return new SerializationCodec(
        Objects.requireNonNull(allowList, "allowList"),
        Objects.requireNonNull(classLoader, "classLoader"));
  }

  /**
   * Returns a codec that uses Java serialization, like {@link #serialization(ObjectInputFilter)},
   * allowing the classes that match {@code patterns}: a class name ({@code com.example.Money}),
   * every class of a package ({@code com.example.model.*}) or of a package and its subpackages
   * ({@code com.example.**}), in the syntax of {@link ObjectInputFilter.Config#createFilter}. A
   * pattern starting with {@code !} rejects what it matches; the first pattern that matches
   * decides.
   *
   * @param patterns the allowed classes, at least one
   * @return the codec, for any {@link java.io.Serializable} value
   * @throws IllegalArgumentException if no pattern is given, or one is empty, allows every class
   *     ({@code *} or {@code **}), or is not a class pattern (a limit such as {@code maxdepth=5},
   *     or a module name)
   * @throws NullPointerException if {@code patterns} or one of them is {@code null}
   */
  static Codec<Object> serializationAllowing(String... patterns) {
    return new SerializationCodec(SerializationCodec.allowList(patterns), null);
  }
}
