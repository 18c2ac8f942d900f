package dev.warpcache.jcache;

import java.lang.management.ManagementFactory;
import java.net.URI;
import javax.cache.CacheException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Registers the management beans of caches in the platform {@link MBeanServer}, under the names
 * JSR-107 prescribes: {@code javax.cache:type=CacheConfiguration|CacheStatistics,
 * CacheManager=<uri>,Cache=<name>}, where {@code :}, {@code =}, {@code ,} and newlines in the URI
 * and the name become {@code .}.
 */
final class Management {
  static final String CONFIGURATION = "CacheConfiguration";
  static final String STATISTICS = "CacheStatistics";

  private Management() {}

  static ObjectName objectName(String type, URI manager, String cacheName) {
    try {
      return new ObjectName(
          "javax.cache:type="
              + type
              + ",CacheManager="
              + safe(manager.toString())
              + ",Cache="
              + safe(cacheName));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("Illegal management name for cache " + cacheName, e);
    }
  }

  private static String safe(String text) {
    return text == null ? "" : text.replaceAll(":|=|\n|,", ".");
  }

  static <T> void register(ObjectName name, T bean, Class<T> mxBeanInterface) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(new StandardMBean(bean, mxBeanInterface, true), name);
      }
    } catch (JMException e) {
      throw new CacheException("Failed to register " + name, e);
    }
  }

  static void unregister(ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // not registered: nothing to do
    } catch (JMException e) {
      throw new CacheException("Failed to unregister " + name, e);
    }
  }
}
