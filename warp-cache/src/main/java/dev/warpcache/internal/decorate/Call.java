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
}
