package dev.warpcache;

/**
 * A function of any number of arguments, for memoizing functions of four or more arguments.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface VarargsFunction<R> {

  /**
   * Applies this function.
   *
   * @param args the arguments; never {@code null} itself, though elements may be
   * @return the result
   */
  R apply(Object... args);
}
