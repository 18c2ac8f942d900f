package dev.warpcache.internal.decorate;

import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A method's name and parameter types: what tells overloads apart, whatever interface declared the
 * method and whatever it returns.
 */
record Signature(String name, List<Class<?>> parameterTypes) {

  static Signature of(Method method) {
    return new Signature(method.getName(), List.of(method.getParameterTypes()));
  }

  /** Renders the signature as in source, e.g. {@code find(long, java.lang.String[])}. */
  @Override
  public String toString() {
    return name
        + parameterTypes.stream()
            .map(Class::getTypeName)
            .collect(Collectors.joining(", ", "(", ")"));
  }
}
