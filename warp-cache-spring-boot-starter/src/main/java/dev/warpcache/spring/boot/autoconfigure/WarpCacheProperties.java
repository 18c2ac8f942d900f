package dev.warpcache.spring.boot.autoconfigure;

import dev.warpcache.WarpCache;
import dev.warpcache.spring.WarpCacheManager;
import dev.warpcache.spring.WarpCacheSpec;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * warp.cache.allow-null-values=true
 * </pre>
 *
 * <p>A key left out of a cache's spec is taken from {@code warp.cache.default-spec}, and one left
 * out there from warp-cache's defaults (128 entries, no TTL, the memory backend).
 */
@ConfigurationProperties("warp.cache")
public class WarpCacheProperties {

  /** The backends this version of warp-cache has. */
  public static final Set<String> BACKENDS = Set.of("memory");

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
   * Specs by cache name: maximum size, TTL and backend of each cache. A name with dots or capitals
   * goes in brackets, as in warp.cache.specs.[my.Cache].max-size.
   */
  private Map<String, Spec> specs = new LinkedHashMap<>();

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
   * Returns a cache manager builder configured from these properties, after checking them.
   *
   * @return a new builder
   * @throws InvalidConfigurationPropertyValueException naming the property, if a value is invalid:
   *     a maximum size out of range, a negative TTL, or a backend warp-cache does not have
   */
  public WarpCacheManager.Builder toManagerBuilder() {
    WarpCacheSpec fallback =
        resolve(WarpCacheSpec.defaults(), "memory", defaultSpec, "default-spec");
    WarpCacheManager.Builder builder =
        WarpCacheManager.builder()
            .defaultSpec(fallback)
            .allowNullValues(allowNullValues)
            .dynamic(dynamic);
    String fallbackBackend = defaultSpec.backend == null ? "memory" : defaultSpec.backend;
    for (String name : cacheNames) {
      builder.cacheNames(name);
    }
    specs.forEach(
        (name, spec) ->
            builder.cache(name, resolve(fallback, fallbackBackend, spec, "specs" + keyPart(name))));
    return builder;
  }

  private static WarpCacheSpec resolve(
      WarpCacheSpec fallback, String fallbackBackend, Spec spec, String path) {
    String backend = spec.backend == null ? fallbackBackend : spec.backend;
    if (!BACKENDS.contains(backend.toLowerCase(Locale.ROOT))) {
      throw new InvalidConfigurationPropertyValueException(
          "warp.cache." + path + ".backend",
          backend,
          "warp-cache has no backend '"
              + backend
              + "'. The backends available in this version of warp-cache are: "
              + String.join(", ", BACKENDS)
              + ".");
    }
    WarpCacheSpec resolved = fallback;
    if (spec.maxSize != null) {
      long maxSize = spec.maxSize;
      if (maxSize <= 0 || maxSize > WarpCache.MAX_SUPPORTED_SIZE) {
        throw new InvalidConfigurationPropertyValueException(
            "warp.cache." + path + ".max-size",
            maxSize,
            "The maximum size must be between 1 and " + WarpCache.MAX_SUPPORTED_SIZE + ".");
      }
      resolved = resolved.withMaxSize(maxSize);
    }
    if (spec.ttl != null) {
      if (spec.ttl.isNegative()) {
        throw new InvalidConfigurationPropertyValueException(
            "warp.cache." + path + ".ttl",
            spec.ttl,
            "The TTL must be positive, or 0 for entries that never expire.");
      }
      resolved = spec.ttl.isZero() ? resolved.withoutTtl() : resolved.withTtl(spec.ttl);
    }
    return resolved;
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
     * Where the entries live. Only "memory" (in-process) exists in this version of warp-cache; any
     * other value fails at startup.
     */
    private @Nullable String backend;

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
     * @param backend the backend; only {@code memory} exists, or {@code null} to fall back
     */
    public void setBackend(@Nullable String backend) {
      this.backend = backend;
    }
  }
}
