package dev.warpcache.internal.remote;

import dev.warpcache.ByteSink;
import dev.warpcache.CodecException;
import dev.warpcache.internal.codec.TaggedCodec;
import dev.warpcache.internal.memo.Keys;

/**
 * How the keys of one kind of cache are kept in the near store and written to the tier. The tier
 * sees one argument (or a cache object's key) encoded as itself and several arguments as an
 * argument list, as the shared backend does; {@link #nearKey} turns the bytes of an invalidation
 * back into the very key form the near store holds, so that the invalidation finds the entry.
 */
public enum KeyForm {
  /** A one-argument function: the near key is {@link Keys#of}. */
  ONE {
    @Override
    void encode(TaggedCodec codec, Object nearKey, ByteSink out) {
      codec.encode(Keys.argOf(nearKey), out);
    }

    @Override
    Object nearKey(Object decoded) {
      return Keys.of(decoded);
    }
  },
  /** A two-argument function: the near key is {@link Keys#ofPair}. */
  PAIR {
    @Override
    void encode(TaggedCodec codec, Object nearKey, ByteSink out) {
      codec.encodeArgs(new Object[] {Keys.first(nearKey), Keys.second(nearKey)}, out);
    }

    @Override
    Object nearKey(Object decoded) {
      Object[] args = args(decoded, 2);
      return Keys.ofPair(args[0], args[1]);
    }
  },
  /** A function of three or any number of arguments, or a supplier: {@link Keys#ofArgs}. */
  ARGS {
    @Override
    void encode(TaggedCodec codec, Object nearKey, ByteSink out) {
      codec.encodeArgs(Keys.argsOf(nearKey), out);
    }

    @Override
    Object nearKey(Object decoded) {
      return Keys.ofArgs(args(decoded, -1));
    }
  },
  /** A cache object: the key as the caller gave it. */
  RAW {
    @Override
    void encode(TaggedCodec codec, Object nearKey, ByteSink out) {
      codec.encode(nearKey, out);
    }

    @Override
    Object nearKey(Object decoded) {
      return decoded;
    }
  };

  /**
   * Writes the tier's form of a near key.
   *
   * @param codec the cache's codec
   * @param nearKey a key of the near store, of this form
   * @param out the sink, with the key limit
   * @throws CodecException if the key cannot be encoded or is over the limit
   */
  abstract void encode(TaggedCodec codec, Object nearKey, ByteSink out);

  /**
   * Returns the near key that a decoded tier key stands for.
   *
   * @param decoded what the codec decoded from the tier's key bytes
   * @return the key as the near store holds it
   * @throws CodecException if the decoded value is not a key of this form
   */
  abstract Object nearKey(Object decoded);

  private static Object[] args(Object decoded, int count) {
    if (decoded instanceof Object[] args && (count < 0 || args.length == count)) {
      return args;
    }
    throw new CodecException(
        "expected an argument list" + (count < 0 ? "" : " of " + count) + " as a key");
  }
}
