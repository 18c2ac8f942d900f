package dev.warpcache.jcache;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The JSR-107 caching provider of warp-cache, found by {@link
 * javax.cache.Caching#getCachingProvider()} through {@link java.util.ServiceLoader}.
 *
 * <p>Cache managers are kept per class loader and URI; the default URI is {@value #DEFAULT_URI}.
 * Store-by-reference is supported as an optional feature; store-by-value (the JCache default)
 * copies keys and values through Java serialization.
 */
public final class WarpCachingProvider implements CachingProvider {
  /** The URI of the default cache manager. */
  public static final String DEFAULT_URI = "urn:warp-cache:default";

  private final Map<ClassLoader, Map<URI, WarpCacheManager>> managers = new WeakHashMap<>();

  /** Creates the provider; {@link javax.cache.Caching} does this through the service loader. */
  public WarpCachingProvider() {}

  @Override
  public synchronized CacheManager getCacheManager(
      URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties managerProperties = properties == null ? getDefaultProperties() : properties;
    return managers
        .computeIfAbsent(loader, l -> new HashMap<>())
        .computeIfAbsent(managerUri, u -> new WarpCacheManager(this, u, loader, managerProperties));
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return URI.create(DEFAULT_URI);
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader());
  }

  @Override
  public void close() {
    List<WarpCacheManager> open;
    synchronized (this) {
      open = new ArrayList<>();
      managers.values().forEach(byUri -> open.addAll(byUri.values()));
      managers.clear();
    }
    open.forEach(WarpCacheManager::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    Map<URI, WarpCacheManager> byUri;
    synchronized (this) {
      byUri = managers.remove(classLoader == null ? getDefaultClassLoader() : classLoader);
    }
    if (byUri != null) {
      new ArrayList<>(byUri.values()).forEach(WarpCacheManager::close);
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    WarpCacheManager manager;
    synchronized (this) {
      Map<URI, WarpCacheManager> byUri =
          managers.get(classLoader == null ? getDefaultClassLoader() : classLoader);
      manager = byUri == null ? null : byUri.remove(uri == null ? getDefaultURI() : uri);
    }
    if (manager != null) {
      manager.close();
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    Objects.requireNonNull(optionalFeature, "optionalFeature");
    return optionalFeature == OptionalFeature.STORE_BY_REFERENCE;
  }

  /** Forgets a manager that closed itself, so the next request makes a new one. */
  synchronized void release(WarpCacheManager manager) {
    Map<URI, WarpCacheManager> byUri = managers.get(manager.getClassLoader());
    if (byUri != null && byUri.get(manager.getURI()) == manager) {
      byUri.remove(manager.getURI());
      if (byUri.isEmpty()) {
        managers.remove(manager.getClassLoader());
      }
    }
  }
}
