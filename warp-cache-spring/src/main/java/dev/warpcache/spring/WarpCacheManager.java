package dev.warpcache.spring;

import dev.warpcache.Backend;
import dev.warpcache.CacheInfo;
import dev.warpcache.Codec;
import dev.warpcache.RemoteTier;
import dev.warpcache.Ticker;
import dev.warpcache.WarpCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.CacheManager;
import org.springframework.cache.support.NullValue;

/**
 * A Spring {@link CacheManager} that keeps one warp-cache per cache name, each built from a {@link
 * WarpCacheSpec} of its own (its maximum size and TTL).
 *
 * <pre>{@code
 * @Bean
 * WarpCacheManager cacheManager() {
 *   return WarpCacheManager.builder()
 *       .defaultSpec(WarpCacheSpec.of(1_000))
 *       .cache("users", WarpCacheSpec.of(10_000).withTtl(Duration.ofMinutes(5)))
 *       .build();
 * }
 * }</pre>
 *
 * <p>The caches given to the builder exist from the start. A name the builder was not given gets a
 * cache built from the default spec on first use when the manager is {@linkplain
 * Builder#dynamic(boolean) dynamic} (the default); otherwise {@link #getCache} returns {@code null}
 * for it, and Spring's cache aspect reports the unknown name. The manager is immutable once built,
 * and thread-safe.
 *
 * <h2>Shared caches</h2>
 *
 * <p>A cache whose spec has {@link Backend#SHARED} keeps its entries in a memory-mapped region that
 * every JVM of the user on the host shares: what one application computed, another finds. The
 * region is named after the Spring cache, so two managers (in two JVMs, or two application contexts
 * of one) whose caches have the same name and the same {@linkplain Builder#sharedDirectory(Path)
 * shared directory} share the entries, and {@code @CacheEvict(allEntries = true)} in one clears
 * them for all. The Spring cache name must therefore be a valid region name: 1 to 200 letters,
 * digits, {@code .}, {@code -} or {@code _}, not starting with {@code .}; any other name is refused
 * with an {@link IllegalArgumentException} that names the cache, when the manager is built for a
 * declared cache and on first use for a dynamic one. There is no silent mapping of names, so that
 * every process finds the region under the name it was given.
 *
 * <pre>{@code
 * WarpCacheManager.builder()
 *     .cache("prices", WarpCacheSpec.of(10_000).withBackend(Backend.SHARED))
 *     .fallbackCodec(Codec.serializationAllowing("com.example.model.*"))
 *     .build();
 * }</pre>
 *
 * <p>Keys and values are stored as bytes: strings, primitives and their boxes, enums and primitive
 * arrays need nothing; other types need a {@linkplain Builder#codec(Class, Codec) codec} or a
 * {@linkplain Builder#fallbackCodec(Codec) fallback codec} (or a spec's {@linkplain
 * WarpCacheSpec#withSerializationAllowing(String...) serialization allow-list}), or their calls
 * fail with a {@link dev.warpcache.CodecException}. Methods of several parameters need {@link
 * WarpKeyGenerator} or a {@code key} expression (see {@link WarpSpringCache}). {@code null} values
 * are stored as Spring's {@link NullValue}, which the manager registers a codec for, so they work
 * as in memory; a JVM that opens the region without this manager cannot decode them.
 *
 * <h2>Remote caches</h2>
 *
 * <p>A cache whose spec is {@linkplain WarpCacheSpec#withRemote() remote} is a near cache in this
 * JVM in front of the manager's {@linkplain Builder#remoteTier(RemoteTier) remote tier}, such as
 * {@code dev.warpcache.redis.RedisTier} of {@code warp-cache-redis}: a near hit costs what a memory
 * hit costs, a near miss reads the tier, and a miss there runs the method and writes its result to
 * the tier, where every host finds it. {@code @CachePut} and {@code @CacheEvict} write through, and
 * the tier's invalidations drop the other JVMs' near copies; {@code @CacheEvict(allEntries = true)}
 * clears the tier's entries of the cache and every JVM's near cache. {@code @Cacheable(sync =
 * true)} runs on the near cache's single flight: within one JVM, concurrent misses for one key read
 * the tier and run the method once. A failing or unreachable tier never fails a call: the method
 * runs, and {@link CacheInfo#remoteErrors()} counts the failure.
 *
 * <pre>{@code
 * @Bean
 * RedisTier redisTier() {
 *   return RedisTier.connect("redis://cache.example.com:6379"); // closed with the context
 * }
 *
 * @Bean
 * WarpCacheManager cacheManager(RedisTier redisTier) {
 *   return WarpCacheManager.builder()
 *       .remoteTier(redisTier)
 *       .cache("users", WarpCacheSpec.of(10_000).withTtl(Duration.ofMinutes(5)).withRemote())
 *       .build();
 * }
 * }</pre>
 *
 * <p>The Spring cache name is the warp cache's {@linkplain WarpCache.Builder#name(String) name},
 * which the tier's keys carry: managers (in any JVM on any host) whose caches have the same name
 * and the same tier share the entries, so the name must be a valid cache name, as for the shared
 * backend. Keys and values are encoded with the same codecs as the shared caches' (the {@linkplain
 * Builder#codec(Class, Codec) codecs}, the {@linkplain Builder#fallbackCodec(Codec) fallback codec}
 * and the spec's allow-list, and {@link NullValue}), with the same key rules: see {@link
 * WarpKeyGenerator}. A remote spec without a remote tier, or a remote spec with {@link
 * Backend#SHARED}, is refused with an {@link IllegalStateException} that names the cache, when the
 * manager is built (for the default spec of a dynamic manager too). The manager does not close the
 * tier: its owner does, after the manager's last use (a Spring bean of the tier is closed with its
 * context).
 */
public final class WarpCacheManager implements CacheManager {

  private final WarpCacheSpec defaultSpec;
  private final Map<String, WarpCacheSpec> specs;
  private final boolean allowNullValues;
  private final boolean dynamic;
  private final @Nullable Ticker ticker;
  private final @Nullable Path sharedDirectory;
  private final @Nullable RemoteTier remoteTier;
  private final @Nullable Codec<Object> fallbackCodec;
  private final List<Consumer<WarpCache.Builder>> codecs;
  private final ConcurrentMap<String, WarpSpringCache> caches = new ConcurrentHashMap<>();

  /**
   * Creates a dynamic manager with warp-cache's default spec ({@value WarpCache#DEFAULT_MAX_SIZE}
   * entries, no TTL) for every cache, allowing null values.
   */
  public WarpCacheManager() {
    this(new Builder());
  }

  private WarpCacheManager(Builder builder) {
    this.defaultSpec = builder.defaultSpec;
    this.allowNullValues = builder.allowNullValues;
    this.dynamic = builder.dynamic;
    this.ticker = builder.ticker;
    this.sharedDirectory = builder.sharedDirectory;
    this.remoteTier = builder.remoteTier;
    this.fallbackCodec = builder.fallbackCodec;
    this.codecs = List.copyOf(builder.codecs);
    Map<String, WarpCacheSpec> resolved = new LinkedHashMap<>();
    builder.specs.forEach((name, spec) -> resolved.put(name, spec == null ? defaultSpec : spec));
    this.specs = Collections.unmodifiableMap(resolved);
    if (dynamic && defaultSpec.isRemote() && remoteTier == null) {
      throw new IllegalStateException(
          "The default spec "
              + defaultSpec
              + " of this dynamic manager is remote, but the manager has no remote tier: give it"
              + " one with WarpCacheManager.Builder.remoteTier(...), or remove withRemote().");
    }
    specs.forEach((name, spec) -> caches.put(name, newCache(name, spec)));
  }

  /**
   * Starts a builder: a dynamic manager, the default spec of warp-cache, null values allowed.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the cache of this name, creating it from the default spec if the manager is dynamic.
   *
   * @param name the cache name
   * @return the cache, or {@code null} if there is none of that name and the manager is not dynamic
   */
  @Override
  public @Nullable WarpSpringCache getCache(String name) {
    WarpSpringCache cache = caches.get(name);
    if (cache != null || !dynamic) {
      return cache;
    }
    return caches.computeIfAbsent(name, n -> newCache(n, defaultSpec));
  }

  /**
   * Returns the names of the caches that exist now: the ones given to the builder and, if the
   * manager is dynamic, those created on first use since.
   *
   * @return an unmodifiable snapshot of the names, sorted
   */
  @Override
  public Collection<String> getCacheNames() {
    return Collections.unmodifiableSet(new TreeSet<>(caches.keySet()));
  }

  /**
   * Returns the statistics of the cache of this name, without creating it.
   *
   * @param name the cache name
   * @return the statistics, or empty if no cache of that name exists
   */
  public Optional<CacheInfo> getCacheInfo(String name) {
    WarpSpringCache cache = caches.get(name);
    return cache == null ? Optional.empty() : Optional.of(cache.info());
  }

  /**
   * Returns the statistics of every cache that exists now, by name.
   *
   * @return an unmodifiable map sorted by name
   */
  public Map<String, CacheInfo> getCacheInfos() {
    Map<String, CacheInfo> infos = new TreeMap<>();
    caches.forEach((name, cache) -> infos.put(name, cache.info()));
    return Collections.unmodifiableMap(infos);
  }

  /**
   * Returns the spec that the cache of this name is (or would be) built from.
   *
   * @param name the cache name
   * @return its own spec, the default spec for another name if the manager is dynamic, or empty
   */
  public Optional<WarpCacheSpec> getSpec(String name) {
    WarpCacheSpec spec = specs.get(name);
    if (spec != null) {
      return Optional.of(spec);
    }
    return dynamic ? Optional.of(defaultSpec) : Optional.empty();
  }

  /**
   * Returns the spec of the caches created on first use.
   *
   * @return the default spec
   */
  public WarpCacheSpec getDefaultSpec() {
    return defaultSpec;
  }

  /**
   * Returns the caches given to the builder, with their specs.
   *
   * @return an unmodifiable map in the order the builder was given them
   */
  public Map<String, WarpCacheSpec> getSpecs() {
    return specs;
  }

  /**
   * Returns whether the caches store {@code null} values.
   *
   * @return {@code true} if null values are allowed
   */
  public boolean isAllowNullValues() {
    return allowNullValues;
  }

  /**
   * Returns whether a cache of an unknown name is created on first use.
   *
   * @return {@code true} if the manager is dynamic
   */
  public boolean isDynamic() {
    return dynamic;
  }

  /**
   * Returns the remote tier of the {@linkplain WarpCacheSpec#withRemote() remote} caches, if one
   * was set.
   *
   * @return the tier, or empty if the manager has none
   */
  public Optional<RemoteTier> getRemoteTier() {
    return Optional.ofNullable(remoteTier);
  }

  /**
   * Returns the directory of the shared caches' regions, if one was set.
   *
   * @return the directory, or empty for warp-cache's default
   */
  public Optional<Path> getSharedDirectory() {
    return Optional.ofNullable(sharedDirectory);
  }

  private WarpSpringCache newCache(String name, WarpCacheSpec spec) {
    WarpCache.Builder builder;
    try {
      builder = spec.toBuilder();
    } catch (IllegalStateException e) {
      throw new IllegalStateException("The Spring cache '" + name + "': " + e.getMessage(), e);
    }
    if (ticker != null) {
      builder.ticker(ticker);
    }
    if (spec.isRemote()) {
      if (remoteTier == null) {
        throw new IllegalStateException(
            "The Spring cache '"
                + name
                + "' has a remote spec ("
                + spec
                + "), but the manager has no remote tier: give it one with"
                + " WarpCacheManager.Builder.remoteTier(...), or remove withRemote() from the"
                + " cache's spec.");
      }
      nameAfter(name, builder, "be remote: the remote tier's keys carry its name");
      builder.remote(remoteTier);
      encodeWithCodecs(spec, builder);
    } else if (spec.backend() == Backend.SHARED) {
      nameAfter(name, builder, "use Backend.SHARED: the region it shares is named after it");
      if (sharedDirectory != null) {
        builder.sharedDirectory(sharedDirectory);
      }
      encodeWithCodecs(spec, builder);
    }
    return new WarpSpringCache(
        name, builder.build(), allowNullValues, spec.backend(), spec.isRemote());
  }

  /** Names the warp cache after the Spring cache, which must be a valid warp-cache name. */
  private static void nameAfter(String name, WarpCache.Builder builder, String because) {
    try {
      builder.name(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "The Spring cache '"
              + name
              + "' cannot "
              + because
              + ", and "
              + e.getMessage()
              + ". Rename the cache, or give it a memory spec.",
          e);
    }
  }

  /** The codecs of caches that store keys and values as bytes: the shared and remote ones. */
  private void encodeWithCodecs(WarpCacheSpec spec, WarpCache.Builder builder) {
    builder.codec(NullValue.class, NULL_VALUE);
    codecs.forEach(registration -> registration.accept(builder));
    if (fallbackCodec != null && spec.serializationAllowList().isEmpty()) {
      builder.fallbackCodec(fallbackCodec);
    }
  }

  /** Spring's null marker, as no bytes: decoded back to the one instance. */
  private static final Codec<Object> NULL_VALUE =
      Codec.of((value, out) -> {}, in -> NullValue.INSTANCE);

  @Override
  public String toString() {
    return "WarpCacheManager(caches="
        + getCacheNames()
        + ", defaultSpec="
        + defaultSpec
        + ", dynamic="
        + dynamic
        + ", allowNullValues="
        + allowNullValues
        + ")";
  }

  /** Configures a {@link WarpCacheManager}. Not thread-safe; build once. */
  public static final class Builder {
    private WarpCacheSpec defaultSpec = WarpCacheSpec.defaults();
    private final Map<String, @Nullable WarpCacheSpec> specs = new LinkedHashMap<>();
    private boolean allowNullValues = true;
    private boolean dynamic = true;
    private @Nullable Ticker ticker;
    private @Nullable Path sharedDirectory;
    private @Nullable RemoteTier remoteTier;
    private @Nullable Codec<Object> fallbackCodec;
    private final List<Consumer<WarpCache.Builder>> codecs = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the spec of the caches named without a spec of their own, and of those created on first
     * use; warp-cache's defaults if not set.
     *
     * @param spec the default spec
     * @return this builder
     */
    public Builder defaultSpec(WarpCacheSpec spec) {
      this.defaultSpec = Objects.requireNonNull(spec, "spec");
      return this;
    }

    /**
     * Declares a cache with a spec of its own; it exists as soon as the manager is built. Declaring
     * a name again replaces its spec.
     *
     * @param name the cache name
     * @param spec its spec
     * @return this builder
     */
    public Builder cache(String name, WarpCacheSpec spec) {
      specs.put(requireName(name), Objects.requireNonNull(spec, "spec"));
      return this;
    }

    /**
     * Declares caches built from the default spec; they exist as soon as the manager is built.
     *
     * @param names the cache names
     * @return this builder
     */
    public Builder cacheNames(String... names) {
      for (String name : names) {
        specs.putIfAbsent(requireName(name), null);
      }
      return this;
    }

    /**
     * Sets whether the caches store {@code null} values; {@code true} if not set. When {@code
     * false}, storing {@code null} throws {@link IllegalArgumentException}, so a method that may
     * return {@code null} needs {@code @Cacheable(unless = "#result == null")}.
     *
     * @param allowNullValues whether null values are allowed
     * @return this builder
     */
    public Builder allowNullValues(boolean allowNullValues) {
      this.allowNullValues = allowNullValues;
      return this;
    }

    /**
     * Sets whether an unknown cache name gets a cache built from the default spec on first use;
     * {@code true} if not set. When {@code false}, only the declared caches exist.
     *
     * @param dynamic whether caches are created on first use
     * @return this builder
     */
    public Builder dynamic(boolean dynamic) {
      this.dynamic = dynamic;
      return this;
    }

    /**
     * Sets the time source of every cache's TTL; the system ticker if not set. Tests use a fake
     * ticker so that expiry needs no sleep.
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the directory of the regions of the {@linkplain Backend#SHARED shared} caches;
     * warp-cache's default if not set ({@code /dev/shm/warp_cache-<uid>} on Linux, the temp
     * directory elsewhere). Managers share entries only if they use the same directory.
     *
     * @param directory the directory, created private to the user if missing
     * @return this builder
     */
    public Builder sharedDirectory(Path directory) {
      this.sharedDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Sets the remote tier that the caches of {@linkplain WarpCacheSpec#withRemote() remote} specs
     * put their near cache in front of, for example {@code RedisTier.connect(uri)} of {@code
     * warp-cache-redis}; none if not set, and then a remote spec is an error. Every cache uses the
     * tier under its Spring cache name. The manager does not close the tier: the caller keeps it
     * open while the caches are in use, and closes it after.
     *
     * @param tier the remote tier
     * @return this builder
     */
    public Builder remoteTier(RemoteTier tier) {
      this.remoteTier = Objects.requireNonNull(tier, "tier");
      return this;
    }

    /**
     * Registers how the {@linkplain Backend#SHARED shared} and {@linkplain
     * WarpCacheSpec#withRemote() remote} caches encode values of {@code type} (keys and values),
     * for types outside warp-cache's built-in ones. Every process that shares a cache must register
     * the same codecs.
     *
     * @param type the class the codec handles (and its subclasses)
     * @param codec the codec
     * @param <T> the type
     * @return this builder
     */
    public <T> Builder codec(Class<T> type, Codec<? super T> codec) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(codec, "codec");
      codecs.add(builder -> builder.codec(type, codec));
      return this;
    }

    /**
     * Sets the codec of the {@linkplain Backend#SHARED shared} and {@linkplain
     * WarpCacheSpec#withRemote() remote} caches for every type that neither the built-in encoding
     * nor a {@linkplain #codec registered codec} handles, for example {@link
     * Codec#serializationAllowing(String...)} with an allow-list of your classes. A spec with a
     * {@linkplain WarpCacheSpec#withSerializationAllowing(String...) serialization allow-list} uses
     * its own instead.
     *
     * @param codec the fallback codec
     * @return this builder
     */
    public Builder fallbackCodec(Codec<Object> codec) {
      this.fallbackCodec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /**
     * Builds the manager and the declared caches.
     *
     * @return a new manager
     * @throws IllegalArgumentException if a declared shared or remote cache's name is not a valid
     *     cache name
     * @throws IllegalStateException if a declared memory cache's spec has settings of the shared
     *     backend, if a declared cache's spec (or the default spec of a dynamic manager) is remote
     *     but no {@linkplain #remoteTier(RemoteTier) remote tier} was set, or if a declared cache's
     *     spec is remote and shared
     */
    public WarpCacheManager build() {
      return new WarpCacheManager(this);
    }

    private static String requireName(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a cache name must not be blank");
      }
      return name;
    }
  }
}
