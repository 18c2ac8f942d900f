package dev.warpcache.internal.decorate;

import dev.warpcache.Cached;
import dev.warpcache.Memoized;
import dev.warpcache.RemoteTier;
import dev.warpcache.Ticker;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Objects;

/**
 * Makes the proxies of {@link dev.warpcache.WarpCache#decorate(Class, Object)} and finds their
 * caches for {@link dev.warpcache.WarpCache#cacheOf(Object, String, Class[])}.
 *
 * <p>A decorated proxy answers each call as follows:
 *
 * <ul>
 *   <li>A method annotated {@link Cached} looks its argument list up in a store of its own (keys
 *       compare arrays by content; {@code null} arguments and results are cached); a hit returns
 *       without calling the decorated object, a miss calls it once, even for concurrent callers.
 *       Overloads are separate methods with separate stores.
 *   <li>Any other method, default methods included, calls the same interface method on the
 *       decorated object, so its override runs if it has one and the default body otherwise.
 *   <li>{@code equals}, {@code hashCode} and {@code toString} are those of the decorated object.
 * </ul>
 *
 * <p>An exception thrown by the decorated object, checked or not, reaches the caller as itself
 * (never wrapped in an {@link java.lang.reflect.InvocationTargetException} or {@link
 * java.lang.reflect.UndeclaredThrowableException}), and nothing is cached for that call.
 *
 * <p>Methods are called through {@link java.lang.invoke.MethodHandle}s resolved when the proxy is
 * made. An interface that is not public, or whose package a named module does not export, needs its
 * package opened to module {@code dev.warpcache} (everything on the class path is); otherwise
 * {@code decorate} fails with an {@link IllegalArgumentException} that says so.
 */
public final class Decorator {

  private Decorator() {}

  /**
   * Returns a proxy of {@code iface} that forwards to {@code impl} and memoizes every {@link
   * Cached} method, with {@link Ticker#system()} as the time source for TTL.
   *
   * @param iface the interface to implement
   * @param impl the object to forward to
   * @param <T> the interface type
   * @return the decorated proxy
   * @throws NullPointerException if {@code iface} or {@code impl} is {@code null}
   * @throws IllegalArgumentException if {@code iface} is not an interface (or is sealed or hidden),
   *     {@code impl} does not implement it, a {@link Cached} annotation has a bad value or sits
   *     where it would have no effect, or a method cannot be called reflectively
   * @see #decorate(Class, Object, Ticker)
   */
  public static <T> T decorate(Class<T> iface, T impl) {
    return decorate(iface, impl, Ticker.system());
  }

  /**
   * Returns a proxy of {@code iface} that forwards to {@code impl} and memoizes every {@link
   * Cached} method, reading time for TTL from {@code ticker}. Tests use this overload to expire
   * entries without sleeping.
   *
   * @param iface the interface to implement
   * @param impl the object to forward to
   * @param ticker the time source for the {@link Cached#ttlSeconds()} of every method
   * @param <T> the interface type
   * @return the decorated proxy
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code iface} is not an interface (or is sealed or hidden),
   *     {@code impl} does not implement it, a {@link Cached} annotation has a bad value or sits
   *     where it would have no effect, or a method cannot be called reflectively
   */
  public static <T> T decorate(Class<T> iface, T impl, Ticker ticker) {
    return decorate(iface, impl, ticker, null);
  }

  /**
   * Returns a proxy of {@code iface} whose {@link Cached} methods of the memory backend keep a near
   * cache in front of {@code remote}, each under its {@link Cached#name()} or the name derived from
   * its interface and signature; {@link dev.warpcache.Backend#SHARED} methods stay shared.
   *
   * @param iface the interface to implement
   * @param impl the object to forward to
   * @param ticker the time source for the {@link Cached#ttlSeconds()} of every method
   * @param remote the remote tier, or {@code null} for none
   * @param <T> the interface type
   * @return the decorated proxy
   * @throws NullPointerException if {@code iface}, {@code impl} or {@code ticker} is {@code null}
   * @throws IllegalArgumentException as {@link #decorate(Class, Object, Ticker)}
   */
  public static <T> T decorate(Class<T> iface, T impl, Ticker ticker, RemoteTier remote) {
    Objects.requireNonNull(iface, "iface");
    Objects.requireNonNull(impl, "impl");
    Objects.requireNonNull(ticker, "ticker");
    if (!iface.isInterface()) {
      throw new IllegalArgumentException(
          "iface must be an interface, but " + iface.getTypeName() + " is not");
    }
    if (iface.isSealed()) {
      throw new IllegalArgumentException(
          "cannot decorate " + iface.getName() + ": a proxy cannot implement a sealed interface");
    }
    if (!iface.isInstance(impl)) {
      throw new IllegalArgumentException(
          "impl must implement "
              + iface.getName()
              + ", but its class "
              + impl.getClass().getName()
              + " does not");
    }
    DecoratingHandler handler = DecoratingHandler.create(iface, impl, ticker, remote);
    Object proxy;
    try {
      proxy = Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, handler);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot make a proxy of " + iface.getName() + ": " + e.getMessage(), e);
    }
    return iface.cast(proxy);
  }

  /**
   * Returns the cache of one {@link Cached} method of a proxy made by {@link #decorate}.
   *
   * @param decorated a proxy made by {@link #decorate}
   * @param methodName the method's name
   * @param parameterTypes the method's parameter types exactly as declared ({@code long.class}, not
   *     {@code Long.class}, for a {@code long} parameter)
   * @return the method's cache, to read its statistics or clear it
   * @throws NullPointerException if an argument or a parameter type is {@code null}
   * @throws IllegalArgumentException if {@code decorated} is not such a proxy, or has no {@link
   *     Cached} method of that signature; the message lists the cached methods
   */
  public static Memoized cacheOf(Object decorated, String methodName, Class<?>... parameterTypes) {
    Objects.requireNonNull(decorated, "decorated");
    Objects.requireNonNull(methodName, "methodName");
    Objects.requireNonNull(parameterTypes, "parameterTypes");
    for (int i = 0; i < parameterTypes.length; i++) {
      Objects.requireNonNull(parameterTypes[i], "parameterTypes[" + i + "]");
    }
    DecoratingHandler handler = DecoratingHandler.of(decorated);
    if (handler == null) {
      throw new IllegalArgumentException(
          "not a proxy made by WarpCache.decorate: an instance of "
              + decorated.getClass().getName());
    }
    return handler.cacheOf(new Signature(methodName, List.of(parameterTypes)));
  }

  /**
   * Throws {@code t} as it is, checked or not, from code that may not declare it: a loader of the
   * store cannot declare checked exceptions, but the store passes whatever it throws to the caller
   * unchanged, and the proxy may throw anything the interface method declares.
   */
  @SuppressWarnings("unchecked") // the cast is erased: t is thrown as itself, whatever its type
  static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }
}
