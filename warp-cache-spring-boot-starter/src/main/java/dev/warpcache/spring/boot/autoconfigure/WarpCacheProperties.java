package dev.warpcache.spring.boot.autoconfigure;

import dev.warpcache.Backend;
import dev.warpcache.RemoteTier;
import dev.warpcache.WarpCache;
import dev.warpcache.spring.WarpCacheManager;
import dev.warpcache.spring.WarpCacheSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code warp.cache.*} properties: one spec per cache name, a default spec, and the manager's
 * switches.
 *
 * <pre>
 * warp.cache.default-spec.max-size=1000
 * warp.cache.specs.users.max-size=10000
 * warp.cache.specs.users.ttl=5m
 * warp.cache.specs.users.backend=memory
 * warp.cache.specs.prices.backend=shared
 * warp.cache.specs.prices.max-value-size=16384
 * warp.cache.specs.prices.serialization-allow-list=com.example.model.*
 * warp.cache.specs.sessions.backend=redis
 * warp.cache.redis.uri=redis://cache.example.com:6379
 * warp.cache.redis.timeout=250ms
 * warp.cache.allow-null-values=true
 * </pre>
 *
 * <p>A key left out of a cache's spec is taken from {@code warp.cache.default-spec}, and one left
 * out there from warp-cache's defaults (128 entries, no TTL, the memory backend). The keys of
 * entries stored as bytes ({@code max-key-size}, {@code max-value-size}, {@code
 * serialization-allow-list}) are taken from the default spec only by shared and redis caches; set
 * on a spec whose backend is memory, they fail at startup.
 *
 * <p>{@code backend=redis} makes the cache a near cache in this JVM in front of the application's
 * {@link RemoteTier} ({@link WarpCacheSpec#withRemote()}): the {@code RedisTier} that the
 * auto-configuration creates from {@code warp.cache.redis.uri} when {@code warp-cache-redis} is on
 * the class path, or the application's own {@link RemoteTier} bean. Without either, {@code
 * backend=redis} fails at startup, naming the property.
 */
@ConfigurationProperties("warp.cache")
public class WarpCacheProperties {

  /** The backends this version of warp-cache has. */
  public static final Set<String> BACKENDS =
      Collections.unmodifiableSet(new LinkedHashSet<>(List.of("memory", "shared", "redis")));

  /** The backend of a near cache in front of the application's {@link RemoteTier}. */
  private static final String REDIS = "redis";

  private static final Pattern SIMPLE_KEY = Pattern.compile("[a-z0-9][a-z0-9-]*");

  /** Whether to auto-configure warp-cache as the application's CacheManager. */
  private boolean enabled = true;

  /**
   * Whether caches store null values. When false, a cached method that returns null fails, unless
   * its annotation says unless = "#result == null".
   */
  private boolean allowNullValues = true;

  /**
   * Whether a cache name that is not configured here gets a cache built from the default spec on
   * first use. When false, only the caches under warp.cache.specs and warp.cache.cache-names exist.
   */
  private boolean dynamic = true;

  /** Names of caches to create at startup from the default spec. */
  private List<String> cacheNames = new ArrayList<>();

  /**
   * The spec of every cache not listed under warp.cache.specs, and the fallback of each key a
   * listed cache leaves out.
   */
  private final Spec defaultSpec = new Spec();

  /**
   * The directory of the regions of shared caches; every application that shares a cache must use
   * the same one. By default /dev/shm/warp_cache-UID on Linux, a directory of that name in the temp
   * directory elsewhere.
   */
  private @Nullable Path sharedDirectory;

  /**
   * Specs by cache name: maximum size, TTL and backend of each cache. A name with dots or capitals
   * goes in brackets, as in warp.cache.specs.[my.Cache].max-size.
   */
  private Map<String, Spec> specs = new LinkedHashMap<>();

  /** The Redis server of the caches whose backend is redis. */
  private final Redis redis = new Redis();

  /** Creates the properties with their defaults. */
  public WarpCacheProperties() {}

  /**
   * Returns whether warp-cache is auto-configured.
   *
   * @return {@code true} unless disabled
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether warp-cache is auto-configured.
   *
   * @param enabled {@code false} to leave the cache manager to Spring Boot
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns whether caches store null values.
   *
   * @return whether null values are allowed
   */
  public boolean isAllowNullValues() {
    return allowNullValues;
  }

  /**
   * Sets whether caches store null values.
   *
   * @param allowNullValues whether null values are allowed
   */
  public void setAllowNullValues(boolean allowNullValues) {
    this.allowNullValues = allowNullValues;
  }

  /**
   * Returns whether unknown cache names get a cache on first use.
   *
   * @return whether the manager is dynamic
   */
  public boolean isDynamic() {
    return dynamic;
  }

  /**
   * Sets whether unknown cache names get a cache on first use.
   *
   * @param dynamic whether the manager is dynamic
   */
  public void setDynamic(boolean dynamic) {
    this.dynamic = dynamic;
  }

  /**
   * Returns the names of caches created at startup from the default spec.
   *
   * @return the names
   */
  public List<String> getCacheNames() {
    return cacheNames;
  }

  /**
   * Sets the names of caches created at startup from the default spec.
   *
   * @param cacheNames the names
   */
  public void setCacheNames(List<String> cacheNames) {
    this.cacheNames = cacheNames;
  }

  /**
   * Returns the default spec.
   *
   * @return the default spec, to read or change
   */
  public Spec getDefaultSpec() {
    return defaultSpec;
  }

  /**
   * Returns the directory of the shared caches' regions.
   *
   * @return the directory, or {@code null} for warp-cache's default
   */
  public @Nullable Path getSharedDirectory() {
    return sharedDirectory;
  }

  /**
   * Sets the directory of the shared caches' regions.
   *
   * @param sharedDirectory the directory, or {@code null} for warp-cache's default
   */
  public void setSharedDirectory(@Nullable Path sharedDirectory) {
    this.sharedDirectory = sharedDirectory;
  }

  /**
   * Returns the Redis settings.
   *
   * @return the Redis settings, to read or change
   */
  public Redis getRedis() {
    return redis;
  }

  /**
   * Returns the specs by cache name.
   *
   * @return the specs, to read or change
   */
  public Map<String, Spec> getSpecs() {
    return specs;
  }

  /**
   * Sets the specs by cache name.
   *
   * @param specs the specs
   */
  public void setSpecs(Map<String, Spec> specs) {
    this.specs = specs;
  }

  /**
   * Returns a cache manager builder configured from these properties, after checking them, for an
   * application without a remote tier.
   *
   * @return a new builder
   * @throws InvalidConfigurationPropertyValueException naming the property, if a value is invalid
   *     (see {@link #toManagerBuilder(RemoteTier)}), or if a backend is redis
   */
  public WarpCacheManager.Builder toManagerBuilder() {
    return toManagerBuilder(null);
  }

  /**
   * Returns a cache manager builder configured from these properties, after checking them, with the
   * remote tier of the redis caches.
   *
   * @param remoteTier the tier of the caches whose backend is redis, or {@code null} if the
   *     application has none
   * @return a new builder
   * @throws InvalidConfigurationPropertyValueException naming the property, if a value is invalid:
   *     a maximum size or limit out of range, a negative TTL, a backend warp-cache does not have,
   *     backend=redis without a remote tier, a bad allow-list pattern, or a setting of the shared
   *     and redis backends on a memory cache
   */
  public WarpCacheManager.Builder toManagerBuilder(@Nullable RemoteTier remoteTier) {
    WarpCacheSpec fallback =
        resolve(WarpCacheSpec.defaults(), defaultSpec, "default-spec", remoteTier);
    WarpCacheManager.Builder builder =
        WarpCacheManager.builder()
            .defaultSpec(fallback)
            .allowNullValues(allowNullValues)
            .dynamic(dynamic);
    if (sharedDirectory != null) {
      builder.sharedDirectory(sharedDirectory);
    }
    if (remoteTier != null) {
      builder.remoteTier(remoteTier);
    }
    for (String name : cacheNames) {
      builder.cacheNames(name);
    }
    specs.forEach(
        (name, spec) ->
            builder.cache(name, resolve(fallback, spec, "specs" + keyPart(name), remoteTier)));
    return builder;
  }

  private static WarpCacheSpec resolve(
      WarpCacheSpec fallback, Spec spec, String path, @Nullable RemoteTier remoteTier) {
    String prefix = "warp.cache." + path + ".";
    Backend backend = fallback.backend();
    boolean remote = fallback.isRemote();
    if (spec.backend != null) {
      String name = spec.backend.toLowerCase(Locale.ROOT);
      if (!BACKENDS.contains(name)) {
        throw new InvalidConfigurationPropertyValueException(
            prefix + "backend",
            spec.backend,
            "warp-cache has no backend '"
                + spec.backend
                + "'. The backends available in this version of warp-cache are: "
                + String.join(", ", BACKENDS)
                + ".");
      }
      remote = name.equals(REDIS);
      if (remote && remoteTier == null) {
        throw new InvalidConfigurationPropertyValueException(
            prefix + "backend",
            spec.backend,
            "backend=redis needs a remote tier, and the application has none. Set"
                + " warp.cache.redis.uri (with dev.warpcache:warp-cache-redis on the class path),"
                + " or define a bean of type dev.warpcache.RemoteTier.");
      }
      backend = remote ? Backend.MEMORY : Backend.valueOf(name.toUpperCase(Locale.ROOT));
    }
    WarpCacheSpec resolved = WarpCacheSpec.of(fallback.maxSize()).withBackend(backend);
    if (remote) {
      resolved = resolved.withRemote();
    }
    if (fallback.ttl().isPresent()) {
      resolved = resolved.withTtl(fallback.ttl().get());
    }
    if (spec.maxSize != null) {
      long maxSize = spec.maxSize;
      if (maxSize <= 0 || maxSize > WarpCache.MAX_SUPPORTED_SIZE) {
        throw new InvalidConfigurationPropertyValueException(
            prefix + "max-size",
            maxSize,
            "The maximum size must be between 1 and " + WarpCache.MAX_SUPPORTED_SIZE + ".");
      }
      resolved = resolved.withMaxSize(maxSize);
    }
    if (spec.ttl != null) {
      if (spec.ttl.isNegative()) {
        throw new InvalidConfigurationPropertyValueException(
            prefix + "ttl",
            spec.ttl,
            "The TTL must be positive, or 0 for entries that never expire.");
      }
      resolved = spec.ttl.isZero() ? resolved.withoutTtl() : resolved.withTtl(spec.ttl);
    }
    if (backend == Backend.MEMORY && !remote) {
      // The byte keys of the default spec do not reach a memory cache; its own are an error.
      requireShared(prefix + "max-key-size", spec.maxKeySize);
      requireShared(prefix + "max-value-size", spec.maxValueSize);
      requireShared(prefix + "serialization-allow-list", spec.serializationAllowList);
      return resolved;
    }
    Integer maxKeySize = spec.maxKeySize != null ? spec.maxKeySize : boxed(fallback.maxKeySize());
    if (maxKeySize != null) {
      resolved = resolved.withMaxKeySize(requirePositive(prefix + "max-key-size", maxKeySize));
    }
    Integer maxValueSize =
        spec.maxValueSize != null ? spec.maxValueSize : boxed(fallback.maxValueSize());
    if (maxValueSize != null) {
      resolved =
          resolved.withMaxValueSize(requirePositive(prefix + "max-value-size", maxValueSize));
    }
    List<String> allowList =
        spec.serializationAllowList != null
            ? spec.serializationAllowList
            : fallback.serializationAllowList();
    try {
      resolved = resolved.withSerializationAllowing(allowList.toArray(new String[0]));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidConfigurationPropertyValueException(
          prefix + "serialization-allow-list",
          String.join(",", allowList),
          "Each entry must be a class name, package.* or package.** (not * or **): "
              + e.getMessage());
    }
    return resolved;
  }

  private static void requireShared(String property, @Nullable Object value) {
    if (value != null) {
      throw new InvalidConfigurationPropertyValueException(
          property,
          value,
          "This key applies to backend=shared and backend=redis only; this cache's backend is"
              + " memory, which keeps keys and values as objects.");
    }
  }

  private static int requirePositive(String property, int value) {
    if (value <= 0) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "The limit must be a positive number of bytes.");
    }
    return value;
  }

  private static @Nullable Integer boxed(java.util.OptionalInt value) {
    return value.isPresent() ? value.getAsInt() : null;
  }

  private static String keyPart(String name) {
    return SIMPLE_KEY.matcher(name).matches() ? "." + name : "[" + name + "]";
  }

  /** How one cache is built. Each key left unset falls back to the default spec. */
  public static class Spec {

    /** The most entries the cache holds; 128 if set nowhere. */
    private @Nullable Long maxSize;

    /**
     * Time to live: an entry expires this long after it was written. A number without a unit is in
     * seconds; 0 means entries never expire, as does leaving it unset everywhere.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private @Nullable Duration ttl;

    /**
     * Where the entries live: "memory" (in this JVM's heap), "shared" (in a memory-mapped region
     * that every JVM of the user on the host shares, named after the cache) or "redis" (in Redis,
     * under the cache name, shared by every host, with a near cache in this JVM; needs
     * warp.cache.redis.uri or a RemoteTier bean). Any other value fails at startup.
     */
    private @Nullable String backend;

    /**
     * For backend=shared and backend=redis: the largest key stored, in encoded bytes; 512 if set
     * nowhere. A call whose key is larger runs the method and caches nothing there.
     */
    private @Nullable Integer maxKeySize;

    /**
     * For backend=shared and backend=redis: the largest value stored, in encoded bytes; 4096 if set
     * nowhere. A larger result is returned but not cached there.
     */
    private @Nullable Integer maxValueSize;

    /**
     * For backend=shared and backend=redis: the classes that keys and values of other types than
     * strings, numbers, enums and primitive arrays may have, stored with Java serialization: class
     * names, package.* or package.** patterns. Without one, such values fail unless a customizer
     * sets a codec.
     */
    private @Nullable List<String> serializationAllowList;

    /** Creates a spec with every key unset. */
    public Spec() {}

    /**
     * Returns the maximum size.
     *
     * @return the maximum size, or {@code null} if unset
     */
    public @Nullable Long getMaxSize() {
      return maxSize;
    }

    /**
     * Sets the maximum size.
     *
     * @param maxSize the maximum size, or {@code null} to fall back
     */
    public void setMaxSize(@Nullable Long maxSize) {
      this.maxSize = maxSize;
    }

    /**
     * Returns the time to live.
     *
     * @return the TTL, or {@code null} if unset
     */
    public @Nullable Duration getTtl() {
      return ttl;
    }

    /**
     * Sets the time to live.
     *
     * @param ttl the TTL, {@link Duration#ZERO} for no expiry, or {@code null} to fall back
     */
    public void setTtl(@Nullable Duration ttl) {
      this.ttl = ttl;
    }

    /**
     * Returns the backend.
     *
     * @return the backend, or {@code null} if unset
     */
    public @Nullable String getBackend() {
      return backend;
    }

    /**
     * Sets the backend.
     *
     * @param backend the backend, {@code memory}, {@code shared} or {@code redis}, or {@code null}
     *     to fall back
     */
    public void setBackend(@Nullable String backend) {
      this.backend = backend;
    }

    /**
     * Returns the key limit of the shared backend.
     *
     * @return the limit in bytes, or {@code null} if unset
     */
    public @Nullable Integer getMaxKeySize() {
      return maxKeySize;
    }

    /**
     * Sets the key limit of the shared backend.
     *
     * @param maxKeySize the limit in bytes, or {@code null} to fall back
     */
    public void setMaxKeySize(@Nullable Integer maxKeySize) {
      this.maxKeySize = maxKeySize;
    }

    /**
     * Returns the value limit of the shared backend.
     *
     * @return the limit in bytes, or {@code null} if unset
     */
    public @Nullable Integer getMaxValueSize() {
      return maxValueSize;
    }

    /**
     * Sets the value limit of the shared backend.
     *
     * @param maxValueSize the limit in bytes, or {@code null} to fall back
     */
    public void setMaxValueSize(@Nullable Integer maxValueSize) {
      this.maxValueSize = maxValueSize;
    }

    /**
     * Returns the classes the shared backend may decode with Java serialization.
     *
     * @return the patterns, or {@code null} if unset
     */
    public @Nullable List<String> getSerializationAllowList() {
      return serializationAllowList;
    }

    /**
     * Sets the classes the shared backend may decode with Java serialization.
     *
     * @param serializationAllowList the patterns, or {@code null} to fall back
     */
    public void setSerializationAllowList(@Nullable List<String> serializationAllowList) {
      this.serializationAllowList = serializationAllowList;
    }
  }

  /** The Redis server of the caches whose backend is redis. */
  public static class Redis {

    /**
     * The Redis server, as a Redis URI such as redis://host:6379 or redis://:password@host:6379/0.
     * With warp-cache-redis on the class path, setting it makes the auto-configuration connect a
     * RedisTier at startup (closed with the application), unless the application defines a
     * RemoteTier bean of its own.
     */
    private @Nullable String uri;

    /**
     * The bound on every Redis command: a command that takes longer counts as a remote error, and
     * the call is answered without Redis. A number without a unit is in milliseconds.
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration timeout = Duration.ofMillis(500);

    /** Creates the settings with their defaults. */
    public Redis() {}

    /**
     * Returns the Redis URI.
     *
     * @return the URI, or {@code null} if unset
     */
    public @Nullable String getUri() {
      return uri;
    }

    /**
     * Sets the Redis URI.
     *
     * @param uri the URI, or {@code null} for no RedisTier
     */
    public void setUri(@Nullable String uri) {
      this.uri = uri;
    }

    /**
     * Returns the command timeout.
     *
     * @return the timeout
     */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets the command timeout.
     *
     * @param timeout a positive duration
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }
}
