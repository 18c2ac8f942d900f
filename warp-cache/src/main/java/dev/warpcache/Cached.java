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
}
