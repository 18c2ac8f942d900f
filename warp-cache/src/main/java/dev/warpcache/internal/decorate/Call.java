package dev.warpcache.internal.decorate;

/** One way of answering a call on the proxy: forward it, memoize it, or handle an Object method. */
@FunctionalInterface
interface Call {

  /**
   * Answers a call.
   *
   * @param args the arguments as the proxy passes them ({@code null} for a method without
   *     parameters)
   * @return the result, boxed; {@code null} for a {@code void} method
   * @throws Throwable whatever the decorated object threw, unchanged
   */
  Object call(Object[] args) throws Throwable;

  /**
   * Answers a call from code that may not declare checked exceptions, such as a loader of a cache:
   * whatever the decorated object throws still leaves as itself, and the cache stores nothing.
   *
   * @param args the arguments as the proxy passes them
   * @return the result, boxed
   */
  default Object callFromLoader(Object[] args) {
    try {
      return call(args);
    } catch (Throwable t) {
      throw Decorator.sneakyThrow(t);
    }
  }
}
