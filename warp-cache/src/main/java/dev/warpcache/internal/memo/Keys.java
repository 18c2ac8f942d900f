package dev.warpcache.internal.memo;

import java.util.Arrays;
import java.util.Objects;

/**
 * Turns memoized functions' arguments into cache keys. A plain argument is its own key; an array is
 * keyed by content ({@link ArrayKey}); an argument list of two or more is an {@link ArgsKey}, whose
 * elements compare like {@link Arrays#deepEquals}. Keys stored in a cache hold copies of arrays, so
 * a caller mutating its array afterwards cannot change a stored key.
 */
public final class Keys {
  private Keys() {}

  /**
   * Returns the lookup key for one argument, without copying it.
   *
   * @param arg the argument, may be {@code null}
   * @return the key
   */
  public static Object of(Object arg) {
    return arg != null && arg.getClass().isArray() ? new ArrayKey(arg) : arg;
  }

  /**
   * Returns the lookup key for an argument list, without copying it.
   *
   * @param args the arguments
   * @return the key
   */
  public static Object ofArgs(Object[] args) {
    return new ArgsKey(args);
  }

  /**
   * Returns the lookup key for two arguments, without copying them. Unlike {@link #ofArgs} it holds
   * the arguments in two fields, with no array, so that a hit can allocate nothing once the JIT has
   * scalar-replaced the key.
   *
   * @param first the first argument
   * @param second the second argument
   * @return the key
   */
  public static Object ofPair(Object first, Object second) {
    return new PairKey(first, second);
  }

  /**
   * Returns the first argument of a key made by {@link #ofPair}.
   *
   * @param key the key
   * @return the first argument (a stored key's array is a copy)
   */
  public static Object first(Object key) {
    return ((PairKey) key).first;
  }

  /**
   * Returns the second argument of a key made by {@link #ofPair}.
   *
   * @param key the key
   * @return the second argument (a stored key's array is a copy)
   */
  public static Object second(Object key) {
    return ((PairKey) key).second;
  }

  /**
   * Returns a key equal to {@code key} that shares no array with the caller, to be stored.
   *
   * @param key a key made by {@link #of} or {@link #ofArgs}
   * @return an equal key safe to keep
   */
  public static Object stable(Object key) {
    if (key instanceof ArrayKey arrayKey) {
      return new ArrayKey(deepCopy(arrayKey.array));
    }
    if (key instanceof PairKey pair) {
      return new PairKey(deepCopy(pair.first), deepCopy(pair.second));
    }
    if (key instanceof ArgsKey argsKey) {
      return new ArgsKey((Object[]) deepCopy(argsKey.args));
    }
    return key;
  }

  /**
   * Returns the argument a key made by {@link #of} stands for (a stored key's array is a copy).
   *
   * @param key a key made by {@link #of} or {@link #stable}
   * @return the argument
   */
  public static Object argOf(Object key) {
    return key instanceof ArrayKey arrayKey ? arrayKey.array : key;
  }

  /**
   * Returns the arguments a key made by {@link #ofArgs} stands for.
   *
   * @param key a key made by {@link #ofArgs} or {@link #stable}
   * @return the arguments, not to be modified
   */
  public static Object[] argsOf(Object key) {
    return ((ArgsKey) key).args;
  }

  /** Copies arrays recursively; returns anything else as it is. */
  static Object deepCopy(Object value) {
    if (value == null || !value.getClass().isArray()) {
      return value;
    }
    if (value instanceof Object[] objects) {
      Object[] copy = objects.clone();
      for (int i = 0; i < copy.length; i++) {
        copy[i] = deepCopy(copy[i]);
      }
      return copy;
    }
    if (value instanceof int[] a) {
      return a.clone();
    }
    if (value instanceof long[] a) {
      return a.clone();
    }
    if (value instanceof byte[] a) {
      return a.clone();
    }
    if (value instanceof char[] a) {
      return a.clone();
    }
    if (value instanceof double[] a) {
      return a.clone();
    }
    if (value instanceof float[] a) {
      return a.clone();
    }
    if (value instanceof short[] a) {
      return a.clone();
    }
    return ((boolean[]) value).clone();
  }

  /** One array argument, compared and hashed by content. */
  static final class ArrayKey {
    final Object array;
    private final int hash;

    ArrayKey(Object array) {
      this.array = array;
      this.hash = contentHash(array);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ArrayKey that
          && hash == that.hash
          && Objects.deepEquals(array, that.array);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      String text = Arrays.deepToString(new Object[] {array});
      return text.substring(1, text.length() - 1);
    }

    static int contentHash(Object array) {
      if (array instanceof Object[] a) {
        return Arrays.deepHashCode(a);
      } else if (array instanceof int[] a) {
        return Arrays.hashCode(a);
      } else if (array instanceof long[] a) {
        return Arrays.hashCode(a);
      } else if (array instanceof byte[] a) {
        return Arrays.hashCode(a);
      } else if (array instanceof char[] a) {
        return Arrays.hashCode(a);
      } else if (array instanceof double[] a) {
        return Arrays.hashCode(a);
      } else if (array instanceof float[] a) {
        return Arrays.hashCode(a);
      } else if (array instanceof short[] a) {
        return Arrays.hashCode(a);
      }
      return Arrays.hashCode((boolean[]) array);
    }
  }

  /** Two arguments, compared and hashed one by one, arrays by content. */
  static final class PairKey {
    final Object first;
    final Object second;
    private final int hash;

    PairKey(Object first, Object second) {
      this.first = first;
      this.second = second;
      this.hash = 31 * elementHash(first) + elementHash(second);
    }

    private static int elementHash(Object element) {
      if (element == null) {
        return 0;
      }
      return element.getClass().isArray() ? ArrayKey.contentHash(element) : element.hashCode();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof PairKey that
          && hash == that.hash
          && Objects.deepEquals(first, that.first)
          && Objects.deepEquals(second, that.second);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return Arrays.deepToString(new Object[] {first, second});
    }
  }

  /** An argument list, compared and hashed element by element, arrays by content. */
  static final class ArgsKey {
    final Object[] args;
    private final int hash;

    ArgsKey(Object[] args) {
      this.args = args;
      this.hash = Arrays.deepHashCode(args);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ArgsKey that
          && hash == that.hash
          && Arrays.deepEquals(args, that.args);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return Arrays.deepToString(args);
    }
  }
}
