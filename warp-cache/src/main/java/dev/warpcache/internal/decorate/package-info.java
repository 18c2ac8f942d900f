/**
 * The interface decorator behind {@link dev.warpcache.WarpCache#decorate(Class, Object)}: a {@link
 * java.lang.reflect.Proxy} whose {@link dev.warpcache.Cached} methods are memoized, each in a store
 * of its own, and whose other methods forward to the decorated object. Internal: not API, not
 * exported by the module, and free to change in any release.
 */
package dev.warpcache.internal.decorate;
