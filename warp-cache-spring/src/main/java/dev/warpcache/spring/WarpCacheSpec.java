package dev.warpcache.spring;

import dev.warpcache.Backend;
import dev.warpcache.Codec;
import dev.warpcache.WarpCache;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * How one warp cache behind a Spring cache name is built: its maximum size, its optional time to
 * live, its backend, and whether it is a near cache over the manager's remote tier. Immutable; the
 * {@code with...} methods return a modified copy.
 *
 * <pre>{@code
 * WarpCacheSpec users = WarpCacheSpec.of(10_000).withTtl(Duration.ofMinutes(5));
 * WarpCacheSpec shared =
 *     WarpCacheSpec.of(10_000).withBackend(Backend.SHARED).withMaxValueSize(16_384);
 * WarpCacheSpec remote = WarpCacheSpec.of(10_000).withTtl(Duration.ofMinutes(5)).withRemote();
 * }</pre>
 *
 * <p>With {@link Backend#MEMORY} (the default) the entries live in this JVM's heap as objects. With
 * {@link Backend#SHARED} they live, encoded as bytes, in a memory-mapped region that every JVM of
 * the user on the host opens under the Spring cache name (see {@link WarpCacheManager}).
 *
 * <p>A {@linkplain #withRemote() remote} spec keeps the memory backend for a near cache in this
 * JVM, in front of the {@linkplain WarpCacheManager.Builder#remoteTier(dev.warpcache.RemoteTier)
 * remote tier of the manager} (Redis, with {@code warp-cache-redis}), which every host shares under
 * the Spring cache name. Remote is not a third {@link Backend}: the near copies are this JVM's
 * memory, and the tier is a property of the manager, not of the spec. A remote spec with {@link
 * Backend#SHARED} is an error when the cache is built.
 *
 * <p>The key and value limits and the serialization allow-list of this spec apply to the shared
 * backend and to remote specs, whose keys and values are encoded as bytes; setting one for a plain
 * memory cache is an error when the cache is built.
 */
public final class WarpCacheSpec {

  private static final WarpCacheSpec DEFAULTS =
      new WarpCacheSpec(WarpCache.DEFAULT_MAX_SIZE, null, Backend.MEMORY, false, 0, 0, List.of());

  private final long maxSize;
  private final @Nullable Duration ttl;
  private final Backend backend;
  private final boolean remote;
  private final int maxKeySize;
  private final int maxValueSize;
  private final List<String> serializationAllowList;

  private WarpCacheSpec(
      long maxSize,
      @Nullable Duration ttl,
      Backend backend,
      boolean remote,
      int maxKeySize,
      int maxValueSize,
      List<String> serializationAllowList) {
    this.maxSize = maxSize;
    this.ttl = ttl;
    this.backend = backend;
    this.remote = remote;
    this.maxKeySize = maxKeySize;
    this.maxValueSize = maxValueSize;
    this.serializationAllowList = serializationAllowList;
  }

  /**
   * Returns the spec of warp-cache's defaults: a maximum size of {@value
   * WarpCache#DEFAULT_MAX_SIZE} entries, no TTL, the memory backend.
   *
   * @return the default spec
   */
  public static WarpCacheSpec defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a spec with the given maximum size, no TTL and the memory backend.
   *
   * @param maxSize the most entries the cache holds; positive, at most {@link
   *     WarpCache#MAX_SUPPORTED_SIZE}
   * @return the spec
   * @throws IllegalArgumentException if {@code maxSize} is out of range
   */
  public static WarpCacheSpec of(long maxSize) {
    return DEFAULTS.withMaxSize(maxSize);
  }

  /**
   * Returns a copy of this spec with another maximum size.
   *
   * @param maxSize the most entries the cache holds; positive, at most {@link
   *     WarpCache#MAX_SUPPORTED_SIZE}
   * @return the new spec
   * @throws IllegalArgumentException if {@code maxSize} is out of range
   */
  public WarpCacheSpec withMaxSize(long maxSize) {
    if (maxSize <= 0 || maxSize > WarpCache.MAX_SUPPORTED_SIZE) {
      throw new IllegalArgumentException(
          "maxSize must be between 1 and " + WarpCache.MAX_SUPPORTED_SIZE + ", but was " + maxSize);
    }
    return new WarpCacheSpec(
        maxSize, ttl, backend, remote, maxKeySize, maxValueSize, serializationAllowList);
  }

  /**
   * Returns a copy of this spec with a time to live: an entry expires this long after it was stored
   * (expire-after-write, checked on read).
   *
   * @param ttl a positive duration
   * @return the new spec
   * @throws NullPointerException if {@code ttl} is {@code null}
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   */
  public WarpCacheSpec withTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive, but was " + ttl);
    }
    return new WarpCacheSpec(
        maxSize, ttl, backend, remote, maxKeySize, maxValueSize, serializationAllowList);
  }

  /**
   * Returns a copy of this spec whose entries never expire.
   *
   * @return the new spec
   */
  public WarpCacheSpec withoutTtl() {
    return new WarpCacheSpec(
        maxSize, null, backend, remote, maxKeySize, maxValueSize, serializationAllowList);
  }

  /**
   * Returns a copy of this spec with another backend: {@link Backend#MEMORY} (in this JVM's heap)
   * or {@link Backend#SHARED} (in a region shared by every JVM of the user on the host, named after
   * the Spring cache).
   *
   * @param backend the backend
   * @return the new spec
   * @throws NullPointerException if {@code backend} is {@code null}
   */
  public WarpCacheSpec withBackend(Backend backend) {
    Objects.requireNonNull(backend, "backend");
    return new WarpCacheSpec(
        maxSize, ttl, backend, remote, maxKeySize, maxValueSize, serializationAllowList);
  }

  /**
   * Returns a copy of this spec whose cache is a near cache in this JVM in front of the manager's
   * {@linkplain WarpCacheManager.Builder#remoteTier(dev.warpcache.RemoteTier) remote tier}, under
   * the Spring cache name: what one host computed, every other host finds, and their writes and
   * evictions drop the other hosts' near copies. The near cache holds at most {@link #maxSize()}
   * entries; the {@linkplain #ttl() TTL} bounds both the near copies and the tier's values. Keys
   * and values cross the tier as bytes, as with the shared backend (see {@link WarpCacheManager}).
   * The backend must stay {@link Backend#MEMORY}; building a cache of a remote spec fails if the
   * manager has no remote tier.
   *
   * @return the new spec
   */
  public WarpCacheSpec withRemote() {
    return new WarpCacheSpec(
        maxSize, ttl, backend, true, maxKeySize, maxValueSize, serializationAllowList);
  }

  /**
   * Returns a copy of this spec whose cache is not remote: its entries live where its {@linkplain
   * #backend() backend} says only.
   *
   * @return the new spec
   */
  public WarpCacheSpec withoutRemote() {
    return new WarpCacheSpec(
        maxSize, ttl, backend, false, maxKeySize, maxValueSize, serializationAllowList);
  }

  /**
   * Returns a copy of this spec with a limit on the encoded size of keys, for the shared backend
   * and remote specs ({@value WarpCache#DEFAULT_MAX_KEY_SIZE} bytes if not set). A call whose key
   * is larger still runs the method, but its result is not cached.
   *
   * @param maxKeySize a positive number of bytes
   * @return the new spec
   * @throws IllegalArgumentException if {@code maxKeySize} is zero or negative
   */
  public WarpCacheSpec withMaxKeySize(int maxKeySize) {
    if (maxKeySize <= 0) {
      throw new IllegalArgumentException("maxKeySize must be positive, but was " + maxKeySize);
    }
    return new WarpCacheSpec(
        maxSize, ttl, backend, remote, maxKeySize, maxValueSize, serializationAllowList);
  }

  /**
   * Returns a copy of this spec with a limit on the encoded size of values, for the shared backend
   * and remote specs ({@value WarpCache#DEFAULT_MAX_VALUE_SIZE} bytes if not set). A larger result
   * is returned but not cached.
   *
   * @param maxValueSize a positive number of bytes
   * @return the new spec
   * @throws IllegalArgumentException if {@code maxValueSize} is zero or negative
   */
  public WarpCacheSpec withMaxValueSize(int maxValueSize) {
    if (maxValueSize <= 0) {
      throw new IllegalArgumentException("maxValueSize must be positive, but was " + maxValueSize);
    }
    return new WarpCacheSpec(
        maxSize, ttl, backend, remote, maxKeySize, maxValueSize, serializationAllowList);
  }

  /**
   * Returns a copy of this spec whose shared or remote cache encodes keys and values of other types
   * than the built-in ones (primitives and their boxes, strings, enums, primitive arrays) with Java
   * serialization, and decodes only the classes that {@code patterns} allow: see {@link
   * Codec#serializationAllowing(String...)} for the syntax ({@code com.example.Money}, {@code
   * com.example.model.*}, {@code com.example.**}). This fallback codec of the spec replaces the
   * {@linkplain WarpCacheManager.Builder#fallbackCodec(Codec) manager's} for this cache. With no
   * pattern, the copy has no allow-list.
   *
   * @param patterns the allowed classes
   * @return the new spec
   * @throws IllegalArgumentException if a pattern is empty, allows every class, or is not a class
   *     pattern
   * @throws NullPointerException if {@code patterns} or one of them is {@code null}
   */
  public WarpCacheSpec withSerializationAllowing(String... patterns) {
    List<String> allowList = List.of(patterns);
    if (!allowList.isEmpty()) {
      Codec.serializationAllowing(patterns); // checks the patterns now rather than at build time
    }
    return new WarpCacheSpec(maxSize, ttl, backend, remote, maxKeySize, maxValueSize, allowList);
  }

  /**
   * Returns the most entries the cache holds.
   *
   * @return the maximum size
   */
  public long maxSize() {
    return maxSize;
  }

  /**
   * Returns the time to live, if entries expire.
   *
   * @return the TTL, or empty if entries never expire
   */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  /**
   * Returns where the entries live.
   *
   * @return the backend
   */
  public Backend backend() {
    return backend;
  }

  /**
   * Returns whether the cache is a near cache in front of the manager's remote tier.
   *
   * @return {@code true} for a {@linkplain #withRemote() remote} spec
   */
  public boolean isRemote() {
    return remote;
  }

  /**
   * Returns the key limit of the shared backend and remote specs, if set.
   *
   * @return the limit in bytes, or empty for warp-cache's default
   */
  public OptionalInt maxKeySize() {
    return maxKeySize == 0 ? OptionalInt.empty() : OptionalInt.of(maxKeySize);
  }

  /**
   * Returns the value limit of the shared backend and remote specs, if set.
   *
   * @return the limit in bytes, or empty for warp-cache's default
   */
  public OptionalInt maxValueSize() {
    return maxValueSize == 0 ? OptionalInt.empty() : OptionalInt.of(maxValueSize);
  }

  /**
   * Returns the patterns of the classes that the shared backend and remote specs may decode with
   * Java serialization.
   *
   * @return the patterns, empty if this spec has no allow-list
   */
  public List<String> serializationAllowList() {
    return serializationAllowList;
  }

  /**
   * Returns a new warp-cache builder configured with this spec: size, TTL, backend and, for the
   * shared backend and remote specs, the key and value limits and the serialization fallback. A
   * caller may still add a {@link dev.warpcache.Ticker}, the {@linkplain
   * WarpCache.Builder#name(String) name} that the shared backend and a remote tier require, for the
   * shared backend a shared directory, for a remote spec the {@linkplain
   * WarpCache.Builder#remote(dev.warpcache.RemoteTier) tier}, and codecs (but no other fallback
   * codec if this spec has an allow-list).
   *
   * @return a new builder
   * @throws IllegalStateException if the spec is remote and its backend is shared, or if it is
   *     neither remote nor shared but a key or value limit or an allow-list is set, all of which
   *     apply to keys and values encoded as bytes only
   */
  public WarpCache.Builder toBuilder() {
    if (remote && backend == Backend.SHARED) {
      throw new IllegalStateException(
          this
              + " is remote and uses Backend.SHARED, which cannot be combined: the near cache in"
              + " front of a remote tier keeps its entries in this JVM's memory. Use"
              + " withBackend(Backend.MEMORY) or withoutRemote().");
    }
    boolean encoded = remote || backend == Backend.SHARED;
    if (!encoded && (maxKeySize != 0 || maxValueSize != 0 || !serializationAllowList.isEmpty())) {
      throw new IllegalStateException(
          "maxKeySize, maxValueSize and serializationAllowList apply to Backend.SHARED and remote"
              + " specs only, but "
              + this
              + " uses Backend.MEMORY without a remote tier, which keeps keys and values as"
              + " objects");
    }
    WarpCache.Builder builder = WarpCache.builder().maxSize(maxSize);
    if (ttl != null) {
      builder.ttl(ttl);
    }
    if (backend == Backend.SHARED) {
      builder.backend(Backend.SHARED);
    }
    if (encoded) {
      if (maxKeySize != 0) {
        builder.maxKeySize(maxKeySize);
      }
      if (maxValueSize != 0) {
        builder.maxValueSize(maxValueSize);
      }
      if (!serializationAllowList.isEmpty()) {
        builder.fallbackCodec(
            Codec.serializationAllowing(serializationAllowList.toArray(new String[0])));
      }
    }
    return builder;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof WarpCacheSpec that
        && maxSize == that.maxSize
        && Objects.equals(ttl, that.ttl)
        && backend == that.backend
        && remote == that.remote
        && maxKeySize == that.maxKeySize
        && maxValueSize == that.maxValueSize
        && serializationAllowList.equals(that.serializationAllowList);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        maxSize, ttl, backend, remote, maxKeySize, maxValueSize, serializationAllowList);
  }

  /**
   * Renders the spec; the backend, the remote flag and the limits appear only when they differ from
   * the defaults.
   *
   * @return for example {@code WarpCacheSpec(maxSize=100, ttl=PT5M, backend=shared,
   *     maxValueSize=16384)} or {@code WarpCacheSpec(maxSize=100, ttl=PT5M, remote)}
   */
  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder("WarpCacheSpec(maxSize=")
            .append(maxSize)
            .append(", ttl=")
            .append(ttl == null ? "none" : ttl);
    if (backend != Backend.MEMORY) {
      text.append(", backend=").append(backend.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (remote) {
      text.append(", remote");
    }
    if (maxKeySize != 0) {
      text.append(", maxKeySize=").append(maxKeySize);
    }
    if (maxValueSize != 0) {
      text.append(", maxValueSize=").append(maxValueSize);
    }
    if (!serializationAllowList.isEmpty()) {
      text.append(", serializationAllowList=").append(serializationAllowList);
    }
    return text.append(")").toString();
  }
}
