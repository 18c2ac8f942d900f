package dev.warpcache.internal.codec;

import dev.warpcache.ByteSink;
import dev.warpcache.ByteSource;
import dev.warpcache.Codec;
import dev.warpcache.CodecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Set;

/**
 * The Java-serialization codec behind {@link Codec#serialization(ObjectInputFilter)}: off unless
 * the user creates it, and decoding only what the user's allow-list accepts.
 *
 * <p>Format: a four-byte big-endian length, then that many bytes of a Java serialization stream
 * holding one object. The length makes the encoding self-delimiting, so this codec can be nested in
 * another.
 *
 * <p>Decoding reads through an {@link ObjectInputStream} whose filter is set before the first
 * object is read ({@link ObjectInputStream#setObjectInputFilter}). The filter rejects:
 *
 * <ul>
 *   <li>a graph deeper than {@link #MAX_DEPTH}, with more than {@link #MAX_REFERENCES} references,
 *       or an array longer than four times the input plus 64 (every element of a legitimate array
 *       takes at least one byte; collections size their tables at most four times their element
 *       count), so corrupt counts cannot make the stream allocate much more than its own size;
 *   <li>whatever the JVM-wide filter ({@code jdk.serialFilter}), if any, rejects;
 *   <li>whatever the user's allow-list rejects, and every class that it leaves undecided except
 *       arrays of primitives and a few JDK value classes ({@link #JDK_VALUE_CLASSES}). An array of
 *       objects is judged by its element class, except that arrays of {@code Object} or of an
 *       interface are accepted: they create no instance of any class themselves (collections check
 *       such arrays before allocating them), and each element is checked as it is read.
 * </ul>
 *
 * <p>Classes are resolved without being initialized, and dynamic proxy classes are refused
 * outright. A rejected class surfaces as a {@link CodecException} whose cause is the {@link
 * InvalidClassException}; no instance of it is created.
 */
public final class SerializationCodec implements Codec<Object> {

  /** The deepest object graph that is decoded. */
  public static final int MAX_DEPTH = 20;

  /** The most object references a decoded stream may hold. */
  public static final long MAX_REFERENCES = 1_000_000;

  /**
   * Classes accepted even if the allow-list leaves them undecided: immutable JDK values whose
   * deserialization runs no user code, and the supertypes whose descriptors their streams carry.
   * The classes of the {@code java.time} package (its values and their serial proxy) are accepted
   * too.
   */
  public static final Set<Class<?>> JDK_VALUE_CLASSES =
      Set.of(
          String.class,
          Boolean.class,
          Character.class,
          Number.class,
          Byte.class,
          Short.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          Enum.class,
          BigInteger.class,
          BigDecimal.class,
          javaTimeSer());

  private final ObjectInputFilter allowList;
  private final ClassLoader classLoader;
  private final ObjectInputFilter jvmWideFilter;

  /**
   * Creates the codec.
   *
   * @param allowList decides which classes may be decoded
   * @param classLoader the loader to resolve classes with, or {@code null} for the thread's context
   *     class loader (the loader of warp-cache if the thread has none)
   */
  public SerializationCodec(ObjectInputFilter allowList, ClassLoader classLoader) {
    this.allowList = Objects.requireNonNull(allowList, "allowList");
    this.classLoader = classLoader;
    this.jvmWideFilter = ObjectInputFilter.Config.getSerialFilter();
  }

  /**
   * Builds an allow-list from class patterns, as {@link Codec#serializationAllowing} documents.
   *
   * @param patterns class names, {@code package.*} or {@code package.**}, each optionally negated
   *     with {@code !}
   * @return the filter
   * @throws IllegalArgumentException if no pattern is given or one is not an acceptable class
   *     pattern
   */
  public static ObjectInputFilter allowList(String... patterns) {
    Objects.requireNonNull(patterns, "patterns");
    if (patterns.length == 0) {
      throw new IllegalArgumentException("give at least one allowed class or package pattern");
    }
    StringBuilder joined = new StringBuilder();
    for (String pattern : patterns) {
      Objects.requireNonNull(pattern, "a pattern is null");
      String trimmed = pattern.trim();
      String positive = trimmed.startsWith("!") ? trimmed.substring(1) : trimmed;
      if (positive.isEmpty()) {
        throw new IllegalArgumentException("an allow-list pattern is empty: '" + pattern + "'");
      }
      if (positive.equals("*") || positive.equals("**")) {
        throw new IllegalArgumentException(
            "the pattern '"
                + pattern
                + "' would allow every class; list the classes or packages to allow");
      }
      if (positive.contains("=") || positive.contains("/") || positive.contains(";")) {
        throw new IllegalArgumentException(
            "'"
                + pattern
                + "' is not a class pattern: give a class name, package.* or package.**"
                + " (limits and module names are not accepted here)");
      }
      if (joined.length() > 0) {
        joined.append(';');
      }
      joined.append(trimmed);
    }
    return ObjectInputFilter.Config.createFilter(joined.toString());
  }

  @Override
  public void encode(Object value, ByteSink out) {
    Objects.requireNonNull(value, "value");
    int lengthAt = out.size();
    out.writeInt(0);
    try (ObjectOutputStream stream = new ObjectOutputStream(new SinkOutputStream(out))) {
      stream.writeObject(value);
    } catch (NotSerializableException e) {
      throw new CodecException(
          "cannot serialize a "
              + value.getClass().getTypeName()
              + ": "
              + e.getMessage()
              + " does not implement java.io.Serializable",
          e);
    } catch (IOException e) {
      throw new CodecException("cannot serialize a " + value.getClass().getTypeName(), e);
    }
    out.setInt(lengthAt, out.size() - lengthAt - Integer.BYTES);
  }

  @Override
  public Object decode(ByteSource in) {
    int length = in.readInt();
    if (length < 0 || length > in.remaining()) {
      throw new CodecException(
          "malformed serialized value: a length of "
              + length
              + " with "
              + in.remaining()
              + " bytes remaining");
    }
    ByteSource payload = in.slice(length);
    Object value;
    Filter filter = new Filter(4L * length + 64);
    try (ObjectInputStream stream = new FilteredInputStream(payload, loader())) {
      stream.setObjectInputFilter(filter);
      value = stream.readObject();
    } catch (InvalidClassException e) {
      throw new CodecException(
          filter.rejection != null
              ? "refused to deserialize: " + filter.rejection
              : "cannot deserialize: " + e.getMessage(),
          e);
    } catch (IOException | ClassNotFoundException e) {
      throw new CodecException("malformed serialized value: " + e, e);
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CodecException("malformed serialized value: " + e, e);
    }
    if (value == null) {
      throw new CodecException("malformed serialized value: the stream holds null");
    }
    return value;
  }

  /** Tells whether a class is one of {@link #JDK_VALUE_CLASSES} or a {@code java.time} value. */
  static boolean isJdkValue(Class<?> type) {
    return JDK_VALUE_CLASSES.contains(type)
        || (type.getPackageName().equals("java.time") && type.getClassLoader() == null);
  }

  private ClassLoader loader() {
    if (classLoader != null) {
      return classLoader;
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : SerializationCodec.class.getClassLoader();
  }

  private static Class<?> javaTimeSer() {
    try {
      // The serial proxy of every java.time value (LocalDate, Instant, Duration, ...).
      return Class.forName("java.time.Ser", false, null);
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The allow-list and the limits, as one filter; remembers why it rejected, for the message. */
  private final class Filter implements ObjectInputFilter {
    private final long maxArrayLength;
    String rejection;

    Filter(long maxArrayLength) {
      this.maxArrayLength = maxArrayLength;
    }

    @Override
    public Status checkInput(FilterInfo info) {
      Class<?> type = info.serialClass();
      if (info.depth() > MAX_DEPTH) {
        return reject("the object graph is deeper than " + MAX_DEPTH);
      }
      if (info.references() > MAX_REFERENCES) {
        return reject("the stream holds more than " + MAX_REFERENCES + " references");
      }
      if (info.arrayLength() > maxArrayLength) {
        return reject(
            "an array of "
                + info.arrayLength()
                + " elements"
                + (type == null ? "" : " (" + type.getTypeName() + ")")
                + " is too long for a stream of this size");
      }
      if (jvmWideFilter != null && jvmWideFilter.checkInput(info) == Status.REJECTED) {
        return reject(name(type) + " is rejected by the JVM-wide filter (jdk.serialFilter)");
      }
      Status decision = allowList.checkInput(info);
      if (decision == Status.REJECTED) {
        return reject(name(type) + " is rejected by the allow-list");
      }
      if (type == null) {
        return Status.UNDECIDED; // a check of the limits only, done above
      }
      Class<?> element = type;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      if (decision == Status.ALLOWED
          || element.isPrimitive()
          || isJdkValue(element)
          || (type.isArray() && (element == Object.class || element.isInterface()))) {
        // An array of Object or of an interface creates no instance itself (collections check
        // such arrays before allocating them); each of its elements is checked as it is read.
        return Status.ALLOWED;
      }
      return reject(
          type.getTypeName()
              + " is not on the allow-list (a class must be allowed to be deserialized)");
    }

    private Status reject(String why) {
      if (rejection == null) {
        rejection = why;
      }
      return Status.REJECTED;
    }

    private String name(Class<?> type) {
      return type == null ? "the stream" : type.getTypeName();
    }
  }

  /** An object stream that resolves classes through a given loader and refuses proxies. */
  private static final class FilteredInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    FilteredInputStream(ByteSource source, ClassLoader loader) throws IOException {
      super(new SourceInputStream(source));
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc); // primitive type names
      }
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
      throw new InvalidClassException(
          "dynamic proxy classes are never deserialized (interfaces "
              + String.join(", ", interfaces)
              + ")");
    }
  }

  /** Writes a stream into a sink. */
  private static final class SinkOutputStream extends OutputStream {
    private final ByteSink sink;

    SinkOutputStream(ByteSink sink) {
      this.sink = sink;
    }

    @Override
    public void write(int b) {
      sink.writeByte(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      sink.writeBytes(b, off, len);
    }
  }

  /** Reads a stream from a source, reporting its end as -1. */
  private static final class SourceInputStream extends InputStream {
    private final ByteSource source;

    SourceInputStream(ByteSource source) {
      this.source = source;
    }

    @Override
    public int read() {
      return source.hasRemaining() ? source.readByte() & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      int n = Math.min(len, source.remaining());
      if (n == 0) {
        return -1;
      }
      source.readBytes(b, off, n);
      return n;
    }

    @Override
    public long skip(long n) {
      int skipped = (int) Math.max(0, Math.min(n, source.remaining()));
      source.skip(skipped);
      return skipped;
    }

    @Override
    public int available() {
      return source.remaining();
    }
  }
}
