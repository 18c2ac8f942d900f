package dev.warpcache.jcache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Set;
import java.util.UUID;
import javax.cache.CacheException;

/**
 * Copies keys and values for store-by-value caches, through Java serialization with the cache
 * manager's class loader. Instances of well-known immutable classes are shared, not copied. A
 * store-by-reference cache uses {@link #IDENTITY}.
 */
interface Copier {

  /** The copier of store-by-reference caches: no copy at all. */
  Copier IDENTITY =
      new Copier() {
        @Override
        public <T> T copy(T object) {
          return object;
        }
      };

  /**
   * Returns a copy of {@code object}, or {@code object} itself if it is immutable.
   *
   * @param object the object, may be {@code null}
   * @param <T> its type
   * @return the copy
   * @throws IllegalArgumentException if the object cannot be copied (is not serializable)
   */
  <T> T copy(T object);

  /**
   * Returns the store-by-value copier.
   *
   * @param classLoader the class loader that resolves the classes of copied objects
   * @return the copier
   */
  static Copier serializing(ClassLoader classLoader) {
    return new Serializing(classLoader);
  }

  /** Copies through Java serialization. */
  final class Serializing implements Copier {
    private static final Set<Class<?>> IMMUTABLE =
        Set.of(
            String.class,
            Boolean.class,
            Byte.class,
            Short.class,
            Character.class,
            Integer.class,
            Long.class,
            Float.class,
            Double.class,
            BigInteger.class,
            BigDecimal.class,
            UUID.class,
            Instant.class,
            LocalDate.class,
            LocalDateTime.class,
            Class.class);

    private final ClassLoader classLoader;

    Serializing(ClassLoader classLoader) {
      this.classLoader = classLoader;
    }

    @Override
    public <T> T copy(T object) {
      if (object == null || IMMUTABLE.contains(object.getClass()) || object instanceof Enum) {
        return object;
      }
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
          out.writeObject(object);
        }
        try (ObjectInputStream in =
            new LoaderObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
          @SuppressWarnings("unchecked") // it is a copy of an object of type T
          T copy = (T) in.readObject();
          return copy;
        }
      } catch (NotSerializableException e) {
        throw new IllegalArgumentException(
            "A store-by-value cache copies keys and values through serialization, but "
                + object.getClass().getName()
                + " is not serializable",
            e);
      } catch (IOException | ClassNotFoundException e) {
        throw new CacheException("Failed to copy " + object.getClass().getName(), e);
      }
    }

    /** Resolves classes with the cache manager's class loader first. */
    private final class LoaderObjectInputStream extends ObjectInputStream {
      LoaderObjectInputStream(InputStream in) throws IOException {
        super(in);
      }

      @Override
      protected Class<?> resolveClass(ObjectStreamClass desc)
          throws IOException, ClassNotFoundException {
        try {
          return Class.forName(desc.getName(), false, classLoader);
        } catch (ClassNotFoundException e) {
          return super.resolveClass(desc);
        }
      }
    }
  }
}
