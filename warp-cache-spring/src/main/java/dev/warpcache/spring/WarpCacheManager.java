package dev.warpcache.spring;

import dev.warpcache.CacheInfo;
import dev.warpcache.Ticker;
import dev.warpcache.WarpCache;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.CacheManager;

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
 */
public final class WarpCacheManager implements CacheManager {

  private final WarpCacheSpec defaultSpec;
  private final Map<String, WarpCacheSpec> specs;
  private final boolean allowNullValues;
  private final boolean dynamic;
  private final @Nullable Ticker ticker;
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
    Map<String, WarpCacheSpec> resolved = new LinkedHashMap<>();
    builder.specs.forEach((name, spec) -> resolved.put(name, spec == null ? defaultSpec : spec));
    this.specs = Collections.unmodifiableMap(resolved);
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

  private WarpSpringCache newCache(String name, WarpCacheSpec spec) {
    WarpCache.Builder builder = spec.toBuilder();
    if (ticker != null) {
      builder.ticker(ticker);
    }
    return new WarpSpringCache(name, builder.build(), allowNullValues);
  }

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
     * Builds the manager and the declared caches.
     *
     * @return a new manager
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
