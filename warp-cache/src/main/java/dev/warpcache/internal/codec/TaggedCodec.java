package dev.warpcache.internal.codec;

import dev.warpcache.ByteSink;
import dev.warpcache.ByteSource;
import dev.warpcache.Codec;
import dev.warpcache.CodecException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The codec of keys and values for the caches that keep bytes: a fast path, without reflection, for
 * the common types, then the user's codecs, then an optional fallback.
 *
 * <h2>Format (version {@value #FORMAT_VERSION})</h2>
 *
 * <p>A value is one tag byte followed by its body. Multi-byte numbers are <b>big-endian</b> and of
 * fixed width; lengths and counts are unsigned LEB128 <b>varints</b> (7 bits a byte, least
 * significant group first, 1 to 5 bytes, shortest form only, at most {@link Integer#MAX_VALUE});
 * strings are a varint byte count and UTF-8 (see {@link ByteSink#writeString}: standard UTF-8 for
 * well-formed strings, a lone surrogate as its own three-byte sequence). The bytes depend only on
 * the value, never on the JVM, the platform, the run or hash codes, so every process produces the
 * same bytes for equal keys.
 *
 * <table>
 *   <caption>Tags</caption>
 *   <tr><th>Tag</th><th>Type</th><th>Body</th></tr>
 *   <tr><td>0x00</td><td>(never used)</td><td>reserved, so zeroed memory is never a value</td></tr>
 *   <tr><td>0x01</td><td>{@code null}</td><td>nothing</td></tr>
 *   <tr><td>0x02</td><td>{@code Boolean.FALSE}</td><td>nothing</td></tr>
 *   <tr><td>0x03</td><td>{@code Boolean.TRUE}</td><td>nothing</td></tr>
 *   <tr><td>0x04</td><td>{@code Byte}</td><td>1 byte</td></tr>
 *   <tr><td>0x05</td><td>{@code Short}</td><td>2 bytes</td></tr>
 *   <tr><td>0x06</td><td>{@code Character}</td><td>2 bytes, the UTF-16 code unit</td></tr>
 *   <tr><td>0x07</td><td>{@code Integer}</td><td>4 bytes</td></tr>
 *   <tr><td>0x08</td><td>{@code Long}</td><td>8 bytes</td></tr>
 *   <tr><td>0x09</td><td>{@code Float}</td><td>4 bytes of {@link Float#floatToIntBits}</td></tr>
 *   <tr><td>0x0A</td><td>{@code Double}</td><td>8 bytes of {@link Double#doubleToLongBits}</td></tr>
 *   <tr><td>0x0B</td><td>{@code String}</td><td>string</td></tr>
 *   <tr><td>0x0C</td><td>enum constant</td><td>string: the binary name of the enum class
 *       ({@link Enum#getDeclaringClass()}); string: the constant's {@link Enum#name()}</td></tr>
 *   <tr><td>0x10</td><td>{@code byte[]}</td><td>varint count, the bytes</td></tr>
 *   <tr><td>0x11</td><td>{@code boolean[]}</td><td>varint count, 1 byte each (0 or 1)</td></tr>
 *   <tr><td>0x12</td><td>{@code short[]}</td><td>varint count, 2 bytes each</td></tr>
 *   <tr><td>0x13</td><td>{@code char[]}</td><td>varint count, 2 bytes each</td></tr>
 *   <tr><td>0x14</td><td>{@code int[]}</td><td>varint count, 4 bytes each</td></tr>
 *   <tr><td>0x15</td><td>{@code long[]}</td><td>varint count, 8 bytes each</td></tr>
 *   <tr><td>0x16</td><td>{@code float[]}</td><td>varint count, 4 bytes each, as 0x09</td></tr>
 *   <tr><td>0x17</td><td>{@code double[]}</td><td>varint count, 8 bytes each, as 0x0A</td></tr>
 *   <tr><td>0x20</td><td>argument list ({@code Object[]})</td><td>varint count, then each
 *       element as a tagged value; only at the top level, never inside another list</td></tr>
 *   <tr><td>0x30</td><td>a type with a registered {@link Codec}</td><td>string: the binary name
 *       of the class the codec was registered for; 4-byte length; that many bytes written by the
 *       codec</td></tr>
 *   <tr><td>0x31</td><td>a type handled by the fallback codec</td><td>4-byte length; that many
 *       bytes written by the fallback</td></tr>
 * </table>
 *
 * <p>Floats and doubles: key equality is byte equality, so the encoding follows {@link
 * Double#equals} (which compares {@link Double#doubleToLongBits}): every NaN is written as the one
 * canonical NaN and therefore equals every other NaN, while {@code 0.0} and {@code -0.0} are
 * different keys. Arrays of floats and doubles do the same, as {@link java.util.Arrays#equals}
 * does.
 *
 * <p>Enums are written by class and constant name, never by ordinal or hash code, so a process that
 * reordered or added constants still reads them; decoding resolves the class (without initializing
 * it) through the codec's class loader, refuses a class that is not an enum, and looks the constant
 * up by name.
 *
 * <h2>Choosing the encoding</h2>
 *
 * <p>Types are matched by exact class: the boxed primitives, {@code String}, the primitive arrays
 * and any enum constant (an enum is encoded as its enum class even when the constant has a body);
 * at the top level, an array whose class is exactly {@code Object[]} is an argument list. Any other
 * value goes to the codec registered for its exact class, else to the first codec, in registration
 * order, registered for one of its supertypes, else to the fallback codec, else it cannot be
 * encoded and a {@link CodecException} says how to make it encodable.
 *
 * <p>Decoding checks everything: an unknown tag, a truncated body, a count larger than the bytes
 * that remain, bytes after the value, a nested argument list or a registered codec that does not
 * consume exactly its bytes all give a {@link CodecException}, and nothing is allocated beyond a
 * small multiple of the input's size. Exceptions other than {@link CodecException} thrown by user
 * codecs are wrapped in one.
 *
 * <p>Immutable and thread-safe.
 */
public final class TaggedCodec implements Codec<Object> {

  /** The version of the byte format above; any change to it must change this number. */
  public static final int FORMAT_VERSION = 1;

  static final byte NULL = 0x01;
  static final byte FALSE = 0x02;
  static final byte TRUE = 0x03;
  static final byte BYTE = 0x04;
  static final byte SHORT = 0x05;
  static final byte CHAR = 0x06;
  static final byte INT = 0x07;
  static final byte LONG = 0x08;
  static final byte FLOAT = 0x09;
  static final byte DOUBLE = 0x0A;
  static final byte STRING = 0x0B;
  static final byte ENUM = 0x0C;
  static final byte BYTE_ARRAY = 0x10;
  static final byte BOOLEAN_ARRAY = 0x11;
  static final byte SHORT_ARRAY = 0x12;
  static final byte CHAR_ARRAY = 0x13;
  static final byte INT_ARRAY = 0x14;
  static final byte LONG_ARRAY = 0x15;
  static final byte FLOAT_ARRAY = 0x16;
  static final byte DOUBLE_ARRAY = 0x17;
  static final byte ARGS = 0x20;
  static final byte CUSTOM = 0x30;
  static final byte FALLBACK = 0x31;

  /** The classes the fast path encodes by itself; a codec cannot be registered for them. */
  private static final Set<Class<?>> BUILT_IN =
      Set.of(
          Boolean.class,
          Byte.class,
          Short.class,
          Character.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          String.class,
          Enum.class,
          byte[].class,
          boolean[].class,
          short[].class,
          char[].class,
          int[].class,
          long[].class,
          float[].class,
          double[].class);

  /** Marks, in the lookup cache, a class that no registered codec handles. */
  private static final Registration NONE = new Registration(Object.class, null);

  private final Map<Class<?>, Registration> exact;
  private final List<Registration> inOrder;
  private final Map<String, Registration> byName;
  private final Codec<Object> fallback;
  private final ClassLoader classLoader;
  private final ConcurrentHashMap<Class<?>, Registration> lookups = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Map<String, Enum<?>>> enumConstants =
      new ConcurrentHashMap<>();

  private TaggedCodec(Builder builder) {
    this.exact = Map.copyOf(builder.registrations);
    this.inOrder = List.copyOf(builder.registrations.values());
    Map<String, Registration> names = new HashMap<>();
    for (Registration registration : inOrder) {
      names.put(registration.name, registration);
    }
    this.byName = Map.copyOf(names);
    this.fallback = builder.fallback;
    this.classLoader = builder.classLoader != null ? builder.classLoader : defaultLoader();
  }

  /**
   * Starts a builder: no registered codecs, no fallback, the thread's context class loader.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes one value; an array of class exactly {@code Object[]} is written as an argument list.
   *
   * @param value the value, may be {@code null}
   * @param out the sink
   * @throws CodecException if the value (or an argument in the list) cannot be encoded, or the sink
   *     is over its limit
   */
  @Override
  public void encode(Object value, ByteSink out) {
    if (value != null && value.getClass() == Object[].class) {
      encodeArgs((Object[]) value, out);
    } else {
      encodeValue(value, out);
    }
  }

  /**
   * Writes an argument list: the arguments of one call of a function of several arguments.
   *
   * @param args the arguments; each may be any value {@link #encode} accepts except an argument
   *     list
   * @param out the sink
   * @throws CodecException if an argument cannot be encoded, or the sink is over its limit
   */
  public void encodeArgs(Object[] args, ByteSink out) {
    out.writeByte(ARGS);
    out.writeVarInt(args.length);
    for (Object arg : args) {
      encodeValue(arg, out);
    }
  }

  /**
   * Reads one value, which may be an argument list (returned as an {@code Object[]}). Bytes after
   * the value are left unread.
   *
   * @param in the source
   * @return the value, possibly {@code null}
   * @throws CodecException if the bytes are truncated or malformed, or name a codec or enum this
   *     process does not have
   */
  @Override
  public Object decode(ByteSource in) {
    return decodeValue(in, true);
  }

  /**
   * Reads a region that holds exactly one value: the whole of an encoded key or value.
   *
   * @param bytes the array
   * @param offset the index of the first byte
   * @param length the number of bytes of the value
   * @return the value, possibly {@code null}
   * @throws IndexOutOfBoundsException if the region is not within {@code bytes}
   * @throws CodecException if the bytes are not exactly one well-formed value
   */
  public Object decode(byte[] bytes, int offset, int length) {
    ByteSource in = new ByteSource(bytes, offset, length);
    Object value = decodeValue(in, true);
    in.requireEnd();
    return value;
  }

  /**
   * Reads an argument list written by {@link #encodeArgs}.
   *
   * @param in the source
   * @return the arguments
   * @throws CodecException if the bytes are not an argument list, or are truncated or malformed
   */
  public Object[] decodeArgs(ByteSource in) {
    int at = in.position();
    byte tag = in.readByte();
    if (tag != ARGS) {
      throw new CodecException(
          "expected an argument list (tag 0x20) but found tag " + hex(tag) + " at byte " + at);
    }
    return readArgs(in);
  }

  /**
   * Returns the class loader that enum classes are resolved through.
   *
   * @return the loader
   */
  public ClassLoader classLoader() {
    return classLoader;
  }

  @Override
  public String toString() {
    return "TaggedCodec[codecs for " + exact.keySet() + ", fallback=" + fallback + "]";
  }

  private void encodeValue(Object value, ByteSink out) {
    if (value == null) {
      out.writeByte(NULL);
      return;
    }
    Class<?> type = value.getClass();
    if (type == String.class) {
      out.writeByte(STRING);
      out.writeString((String) value);
    } else if (type == Integer.class) {
      out.writeByte(INT);
      out.writeInt((Integer) value);
    } else if (type == Long.class) {
      out.writeByte(LONG);
      out.writeLong((Long) value);
    } else if (type == Boolean.class) {
      out.writeByte((Boolean) value ? TRUE : FALSE);
    } else if (type == Double.class) {
      out.writeByte(DOUBLE);
      out.writeDouble((Double) value);
    } else if (type == Float.class) {
      out.writeByte(FLOAT);
      out.writeFloat((Float) value);
    } else if (type == Short.class) {
      out.writeByte(SHORT);
      out.writeShort((Short) value);
    } else if (type == Byte.class) {
      out.writeByte(BYTE);
      out.writeByte((Byte) value);
    } else if (type == Character.class) {
      out.writeByte(CHAR);
      out.writeChar((Character) value);
    } else if (value instanceof Enum<?> constant) {
      out.writeByte(ENUM);
      out.writeString(constant.getDeclaringClass().getName());
      out.writeString(constant.name());
    } else if (type.isArray() && type.getComponentType().isPrimitive()) {
      encodePrimitiveArray(value, out);
    } else {
      encodeOther(value, type, out);
    }
  }

  private static void encodePrimitiveArray(Object array, ByteSink out) {
    if (array instanceof byte[] a) {
      out.writeByte(BYTE_ARRAY);
      out.writeVarInt(a.length);
      out.writeBytes(a);
    } else if (array instanceof int[] a) {
      out.writeByte(INT_ARRAY);
      out.writeVarInt(a.length);
      for (int v : a) {
        out.writeInt(v);
      }
    } else if (array instanceof long[] a) {
      out.writeByte(LONG_ARRAY);
      out.writeVarInt(a.length);
      for (long v : a) {
        out.writeLong(v);
      }
    } else if (array instanceof char[] a) {
      out.writeByte(CHAR_ARRAY);
      out.writeVarInt(a.length);
      for (char v : a) {
        out.writeChar(v);
      }
    } else if (array instanceof double[] a) {
      out.writeByte(DOUBLE_ARRAY);
      out.writeVarInt(a.length);
      for (double v : a) {
        out.writeDouble(v);
      }
    } else if (array instanceof float[] a) {
      out.writeByte(FLOAT_ARRAY);
      out.writeVarInt(a.length);
      for (float v : a) {
        out.writeFloat(v);
      }
    } else if (array instanceof short[] a) {
      out.writeByte(SHORT_ARRAY);
      out.writeVarInt(a.length);
      for (short v : a) {
        out.writeShort(v);
      }
    } else {
      boolean[] a = (boolean[]) array;
      out.writeByte(BOOLEAN_ARRAY);
      out.writeVarInt(a.length);
      for (boolean v : a) {
        out.writeBoolean(v);
      }
    }
  }

  private void encodeOther(Object value, Class<?> type, ByteSink out) {
    Registration registration = exact.isEmpty() ? NONE : registrationFor(type);
    Codec<Object> codec;
    String description;
    if (registration != NONE) {
      out.writeByte(CUSTOM);
      out.writeString(registration.name);
      codec = registration.codec;
      description = "the codec registered for " + registration.name;
    } else if (fallback != null) {
      out.writeByte(FALLBACK);
      codec = fallback;
      description = "the fallback codec " + fallback;
    } else {
      throw new CodecException(noCodecMessage(type));
    }
    int lengthAt = out.size();
    out.writeInt(0);
    try {
      codec.encode(value, out);
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CodecException(
          description + " failed to encode a " + type.getTypeName() + ": " + e, e);
    }
    out.setInt(lengthAt, out.size() - lengthAt - Integer.BYTES);
  }

  private Registration registrationFor(Class<?> type) {
    Registration cached = lookups.get(type);
    if (cached != null) {
      return cached;
    }
    Registration found = exact.get(type);
    if (found == null) {
      found = NONE;
      for (Registration candidate : inOrder) {
        if (candidate.type.isAssignableFrom(type)) {
          found = candidate;
          break;
        }
      }
    }
    lookups.putIfAbsent(type, found);
    return found;
  }

  private static String noCodecMessage(Class<?> type) {
    String name = type.getTypeName();
    StringBuilder message = new StringBuilder("no codec for ").append(name).append(": ");
    if (type == Object[].class) {
      message.append("argument lists do not nest, so an Object[] inside one needs a codec; ");
    } else {
      message.append(
          "warp-cache encodes null, booleans, numbers, chars, strings, enums, primitive arrays"
              + " and argument lists of these by itself, and anything else only with a codec; ");
    }
    message
        .append("register a dev.warpcache.Codec for ")
        .append(name)
        .append(" (or a supertype of it) with the cache's builder, or enable a fallback such as")
        .append(" Codec.serializationAllowing(\"");
    Package pkg = type.getPackage();
    message.append(pkg == null || pkg.getName().isEmpty() ? name : pkg.getName() + ".*");
    return message.append("\")").toString();
  }

  private Object decodeValue(ByteSource in, boolean topLevel) {
    int at = in.position();
    byte tag = in.readByte();
    switch (tag) {
      case NULL:
        return null;
      case FALSE:
        return Boolean.FALSE;
      case TRUE:
        return Boolean.TRUE;
      case BYTE:
        return in.readByte();
      case SHORT:
        return in.readShort();
      case CHAR:
        return in.readChar();
      case INT:
        return in.readInt();
      case LONG:
        return in.readLong();
      case FLOAT:
        return in.readFloat();
      case DOUBLE:
        return in.readDouble();
      case STRING:
        return in.readString();
      case ENUM:
        return readEnum(in, at);
      case BYTE_ARRAY:
        return in.readBytes(in.readLength(1));
      case BOOLEAN_ARRAY:
        {
          boolean[] a = new boolean[in.readLength(1)];
          for (int i = 0; i < a.length; i++) {
            a[i] = in.readBoolean();
          }
          return a;
        }
      case SHORT_ARRAY:
        {
          short[] a = new short[in.readLength(Short.BYTES)];
          for (int i = 0; i < a.length; i++) {
            a[i] = in.readShort();
          }
          return a;
        }
      case CHAR_ARRAY:
        {
          char[] a = new char[in.readLength(Character.BYTES)];
          for (int i = 0; i < a.length; i++) {
            a[i] = in.readChar();
          }
          return a;
        }
      case INT_ARRAY:
        {
          int[] a = new int[in.readLength(Integer.BYTES)];
          for (int i = 0; i < a.length; i++) {
            a[i] = in.readInt();
          }
          return a;
        }
      case LONG_ARRAY:
        {
          long[] a = new long[in.readLength(Long.BYTES)];
          for (int i = 0; i < a.length; i++) {
            a[i] = in.readLong();
          }
          return a;
        }
      case FLOAT_ARRAY:
        {
          float[] a = new float[in.readLength(Float.BYTES)];
          for (int i = 0; i < a.length; i++) {
            a[i] = in.readFloat();
          }
          return a;
        }
      case DOUBLE_ARRAY:
        {
          double[] a = new double[in.readLength(Double.BYTES)];
          for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
          }
          return a;
        }
      case ARGS:
        if (!topLevel) {
          throw new CodecException("an argument list inside an argument list at byte " + at);
        }
        return readArgs(in);
      case CUSTOM:
        return readCustom(in, at);
      case FALLBACK:
        if (fallback == null) {
          throw new CodecException(
              "the value at byte "
                  + at
                  + " was written by a fallback codec, and this codec has none");
        }
        return readFramed(in, fallback, "the fallback codec " + fallback);
      default:
        throw new CodecException("unknown tag " + hex(tag) + " at byte " + at);
    }
  }

  private Object[] readArgs(ByteSource in) {
    Object[] args = new Object[in.readLength(1)];
    for (int i = 0; i < args.length; i++) {
      args[i] = decodeValue(in, false);
    }
    return args;
  }

  private Object readEnum(ByteSource in, int at) {
    String className = in.readString();
    String constantName = in.readString();
    Map<String, Enum<?>> constants = enumConstants.get(className);
    if (constants == null) {
      constants = loadEnumConstants(className, at);
      enumConstants.putIfAbsent(className, constants);
    }
    Enum<?> constant = constants.get(constantName);
    if (constant == null) {
      throw new CodecException(
          "enum " + className + " has no constant " + constantName + " (at byte " + at + ")");
    }
    return constant;
  }

  private Map<String, Enum<?>> loadEnumConstants(String className, int at) {
    Class<?> type;
    try {
      type = Class.forName(className, false, classLoader);
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      throw new CodecException(
          "cannot find enum class " + className + " (at byte " + at + ") in " + classLoader, e);
    }
    if (!type.isEnum()) {
      throw new CodecException(
          className + " at byte " + at + " is not an enum class; only enums are decoded by name");
    }
    Object[] values;
    try {
      values = type.getEnumConstants(); // initializes the enum class, and only an enum class
    } catch (LinkageError | RuntimeException e) {
      throw new CodecException("cannot initialize enum class " + className, e);
    }
    Map<String, Enum<?>> byConstantName = new HashMap<>();
    for (Object value : values) {
      Enum<?> constant = (Enum<?>) value;
      byConstantName.put(constant.name(), constant);
    }
    return Map.copyOf(byConstantName);
  }

  private Object readCustom(ByteSource in, int at) {
    String name = in.readString();
    Registration registration = byName.get(name);
    if (registration == null) {
      throw new CodecException(
          "the value at byte "
              + at
              + " was written by a codec registered for "
              + name
              + ", and no codec is registered for that class here");
    }
    return readFramed(in, registration.codec, "the codec registered for " + name);
  }

  private static Object readFramed(ByteSource in, Codec<Object> codec, String description) {
    int at = in.position();
    int length = in.readInt();
    if (length < 0 || length > in.remaining()) {
      throw new CodecException(
          "a length of " + length + " at byte " + at + ", but " + in.remaining() + " bytes remain");
    }
    ByteSource body = in.slice(length);
    Object value;
    try {
      value = codec.decode(body);
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CodecException(description + " failed to decode: " + e, e);
    }
    if (body.hasRemaining()) {
      throw new CodecException(
          description + " left " + body.remaining() + " of its " + length + " bytes unread");
    }
    return value;
  }

  private static ClassLoader defaultLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : TaggedCodec.class.getClassLoader();
  }

  private static String hex(byte tag) {
    return String.format("0x%02X", tag & 0xFF);
  }

  /** A codec registered for a class, and the name it is written under. */
  private static final class Registration {
    final Class<?> type;
    final String name;
    final Codec<Object> codec;

    Registration(Class<?> type, Codec<Object> codec) {
      this.type = type;
      this.name = type.getName();
      this.codec = codec;
    }
  }

  /** Configures a {@link TaggedCodec}. Each setter checks its arguments at once. */
  public static final class Builder {
    private final Map<Class<?>, Registration> registrations = new LinkedHashMap<>();
    private Codec<Object> fallback;
    private ClassLoader classLoader;

    Builder() {}

    /**
     * Registers a codec for a class: it encodes values of exactly that class, and values of its
     * subclasses (or implementations) that have no codec of their own. Bytes written by it carry
     * the class's name, so every process sharing a cache must register the same codecs.
     *
     * @param type the class or interface
     * @param codec the codec
     * @param <T> the type
     * @return this builder
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code type} is primitive or encoded by the fast path (a
     *     boxed primitive, {@code String}, an enum, a primitive array), or already has a codec
     */
    public <T> Builder register(Class<T> type, Codec<? super T> codec) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(codec, "codec");
      if (type.isPrimitive() || type.isEnum() || BUILT_IN.contains(type)) {
        throw new IllegalArgumentException(
            type.getTypeName()
                + " is encoded by warp-cache itself; a codec registered for it would never be"
                + " used");
      }
      for (Class<?> registered : registrations.keySet()) {
        if (registered.getName().equals(type.getName())) {
          throw new IllegalArgumentException(
              "a codec for " + type.getTypeName() + " is already registered");
        }
      }
      @SuppressWarnings("unchecked") // only values of type T reach it, and it returns Objects
      Codec<Object> asObjectCodec = (Codec<Object>) codec;
      registrations.put(type, new Registration(type, asObjectCodec));
      return this;
    }

    /**
     * Sets the codec for every value that neither the fast path nor a registered codec handles, for
     * example {@link Codec#serialization(java.io.ObjectInputFilter)}. Without one, such a value
     * cannot be encoded.
     *
     * @param codec the fallback codec
     * @return this builder
     * @throws NullPointerException if {@code codec} is {@code null}
     * @throws IllegalStateException if a fallback was already set
     */
    public Builder fallback(Codec<Object> codec) {
      Objects.requireNonNull(codec, "codec");
      if (fallback != null) {
        throw new IllegalStateException("a fallback codec was already set: " + fallback);
      }
      this.fallback = codec;
      return this;
    }

    /**
     * Sets the class loader that enum classes are resolved through when decoding; the thread's
     * context class loader at {@link #build()} (or the loader of warp-cache) if not set.
     *
     * @param loader the class loader
     * @return this builder
     * @throws NullPointerException if {@code loader} is {@code null}
     */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /**
     * Creates the codec. Later changes to this builder do not affect it.
     *
     * @return the codec
     */
    public TaggedCodec build() {
      return new TaggedCodec(this);
    }
  }
}
