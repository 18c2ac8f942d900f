package dev.warpcache.internal.decorate;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * Forwards a call to one interface method of the decorated object through a {@link MethodHandle}.
 *
 * <p>The handle is the interface method, unreflected (so it dispatches like {@code invokeinterface}
 * to the object's override or to the default method), bound to the object and adapted to {@code
 * (Object[])Object}: arguments are unboxed and cast, the result is boxed ({@code null} for {@code
 * void}). A method handle throws what the target throws, so unlike {@link Method#invoke} nothing
 * arrives wrapped in an {@link java.lang.reflect.InvocationTargetException}.
 */
final class HandleCall implements Call {

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  private final MethodHandle spread;

  private HandleCall(MethodHandle spread) {
    this.spread = spread;
  }

  /**
   * Builds the call of {@code method} on {@code target}.
   *
   * @throws IllegalArgumentException if this module may not call the method reflectively: its
   *     interface is not public, or sits in a package of a named module that is neither exported to
   *     nor opened to {@code dev.warpcache}
   */
  static HandleCall of(Method method, Object target) {
    MethodHandle handle = unreflect(method).bindTo(target);
    int arity = method.getParameterCount();
    handle = handle.asType(MethodType.genericMethodType(arity));
    handle =
        arity == 0
            ? MethodHandles.dropArguments(handle, 0, Object[].class)
            : handle.asSpreader(Object[].class, arity);
    return new HandleCall(handle);
  }

  private static MethodHandle unreflect(Method method) {
    // A public method of a public interface in an exported package is accessible as is; a
    // package-private interface, or one nested in a non-public class, needs the accessible flag,
    // which is granted on the class path and for packages opened to this module.
    try {
      method.trySetAccessible();
    } catch (SecurityException denied) {
      // Fall through: unreflect below checks access normally and reports the failure.
    }
    try {
      return LOOKUP.unreflect(method);
    } catch (IllegalAccessException e) {
      Class<?> declaring = method.getDeclaringClass();
      throw new IllegalArgumentException(
          "cannot call "
              + declaring.getName()
              + "."
              + Signature.of(method)
              + ": warp-cache needs access to it; make the interface public in a package exported"
              + " to module dev.warpcache, or open package "
              + declaring.getPackageName()
              + " to module dev.warpcache",
          e);
    }
  }

  @Override
  public Object call(Object[] args) throws Throwable {
    return (Object) spread.invokeExact(args);
  }
}
