package dev.warpcache.jcache;

import java.lang.System.Logger.Level;

/** Closes the user objects a cache made from factories (loaders, writers, listeners, policies). */
final class Closeables {
  private static final System.Logger LOG = System.getLogger(Closeables.class.getName());

  private Closeables() {}

  static void close(Object object) {
    if (object instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "Failed to close " + object, e);
      }
    }
  }
}
