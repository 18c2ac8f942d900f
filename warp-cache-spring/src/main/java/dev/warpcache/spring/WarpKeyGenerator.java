package dev.warpcache.spring;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.springframework.cache.interceptor.KeyGenerator;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.interceptor.SimpleKeyGenerator;

/**
 * A {@link KeyGenerator} whose keys a {@linkplain dev.warpcache.Backend#SHARED shared} cache can
 * store: the keys of Spring's {@link SimpleKeyGenerator}, except that the key of a method with
 * several parameters (or one {@code null} or array parameter) is an {@link ArgumentsKey}, whose
 * arguments {@link WarpSpringCache} encodes as warp-cache's argument list. Spring's own {@link
 * SimpleKey} hides its parameters, so a shared cache cannot encode it and refuses it with an {@link
 * IllegalArgumentException}.
 *
 * <p>The keys are equal to those of {@link SimpleKeyGenerator} (an {@link ArgumentsKey} is a {@link
 * SimpleKey}), so memory caches behave the same with either generator. Make it the default of the
 * application in a {@link org.springframework.cache.annotation.CachingConfigurer}:
 *
 * <pre>{@code
 * @Configuration
 * @EnableCaching
 * class CachingConfig implements CachingConfigurer {
 *   @Override
 *   public KeyGenerator keyGenerator() {
 *     return new WarpKeyGenerator();
 *   }
 * }
 * }</pre>
 *
 * <p>or name it per method, {@code @Cacheable(cacheNames = "prices", keyGenerator =
 * "warpKeyGenerator")}, with a bean of that name.
 */
public final class WarpKeyGenerator implements KeyGenerator {

  /** Creates the generator; it has no state. */
  public WarpKeyGenerator() {}

  /**
   * Returns the key of a call.
   *
   * @param target the bean, unused
   * @param method the method, unused
   * @param params the arguments of the call
   * @return {@link SimpleKey#EMPTY} for no argument, the argument itself for one that is neither
   *     {@code null} nor an array, else an {@link ArgumentsKey} of the arguments
   */
  @Override
  public Object generate(Object target, Method method, Object... params) {
    return generateKey(params);
  }

  /**
   * Returns the key of these arguments, as {@link #generate} does.
   *
   * @param params the arguments of a call
   * @return the key
   */
  public static Object generateKey(Object... params) {
    if (params.length == 0) {
      return SimpleKey.EMPTY;
    }
    if (params.length == 1 && params[0] != null && !params[0].getClass().isArray()) {
      return params[0];
    }
    return new ArgumentsKey(params);
  }

  /**
   * A {@link SimpleKey} that shows its arguments, so that a shared cache can encode them. Equal to
   * a {@link SimpleKey} of the same arguments.
   */
  public static final class ArgumentsKey extends SimpleKey {
    private static final long serialVersionUID = 1L;

    /** The arguments, never modified. */
    @SuppressWarnings("serial") // an Object[] of the arguments, serializable when they are
    private final Object[] arguments;

    /**
     * Creates the key of these arguments.
     *
     * @param arguments the arguments of a call; copied
     */
    public ArgumentsKey(Object... arguments) {
      super(arguments);
      this.arguments = arguments.clone();
    }

    /**
     * Returns the arguments.
     *
     * @return a copy of the arguments
     */
    public Object[] arguments() {
      return arguments.clone();
    }

    /** The arguments without copying, for {@link WarpSpringCache}, which only reads them. */
    Object[] argumentsView() {
      return arguments;
    }

    @Override
    public String toString() {
      return "ArgumentsKey " + Arrays.deepToString(arguments);
    }
  }
}
