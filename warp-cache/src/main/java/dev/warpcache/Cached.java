package dev.warpcache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface method whose results {@link WarpCache#decorate(Class, Object)} memoizes. Each
 * annotated method gets its own cache, keyed by its argument list.
 *
 * <pre>{@code
 * interface UserRepo {
 *   @Cached(maxSize = 256, ttlSeconds = 60)
 *   User find(long id);
 * }
 * UserRepo repo = WarpCache.decorate(UserRepo.class, new JdbcUserRepo(ds));
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Cached {

  /**
   * The most entries this method's cache holds.
   *
   * @return a positive size; 128 by default
   */
  long maxSize() default 128;

  /**
   * The time to live of each entry, in seconds, counted from when it was stored.
   *
   * @return a positive number of seconds, or 0 (the default) for no TTL
   */
  long ttlSeconds() default 0;

  /**
   * Where this method's entries live. With {@link Backend#SHARED} every JVM of the user on the host
   * that decorates the same method shares them, under {@link #name()}, with the default key and
   * value limits of {@link WarpCache}; arguments and results must have a codec (the built-in fast
   * path covers primitives, strings, enums and primitive arrays).
   *
   * @return the backend; {@link Backend#MEMORY} by default
   */
  Backend backend() default Backend.MEMORY;

  /**
   * The cache name of a {@link Backend#SHARED} method, or of a method decorated with a remote tier
   * ({@link WarpCache#decorate(Class, Object, RemoteTier)}). Empty (the default) derives a name
   * that is the same in every JVM: the interface's name, the method's name and its parameter types,
   * with every character other than letters, digits, {@code .}, {@code -} and {@code _} replaced by
   * {@code _} (and a hash of the whole at the end when it is longer than 200 characters). Ignored
   * by a memory method without a remote tier.
   *
   * @return the name, or empty to derive it
   */
  String name() default "";
}
