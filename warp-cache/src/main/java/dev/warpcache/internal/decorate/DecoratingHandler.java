package dev.warpcache.internal.decorate;

import dev.warpcache.Backend;
import dev.warpcache.Cached;
import dev.warpcache.Memoized;
import dev.warpcache.RemoteTier;
import dev.warpcache.Ticker;
import dev.warpcache.WarpCache;
import dev.warpcache.internal.codec.TaggedCodec;
import dev.warpcache.internal.codec.XxHash64;
import dev.warpcache.internal.local.LocalStore;
import dev.warpcache.internal.remote.KeyForm;
import dev.warpcache.internal.remote.NearCache;
import dev.warpcache.internal.shm.RegionFiles;
import dev.warpcache.internal.shm.SharedCache;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The invocation handler of a decorated proxy. Everything is resolved when the proxy is made: each
 * method the proxy can receive maps to a {@link Call}, so a call costs one map lookup before it is
 * answered, and a hit on a {@link Cached} method never reaches the decorated object.
 *
 * <p>How methods are resolved:
 *
 * <ul>
 *   <li>Methods are grouped by {@link Signature} (name and parameter types): the declarations of
 *       one method in several superinterfaces share one cache. Overloads are different methods,
 *       each with its own cache.
 *   <li>A method is cached if a declaration the interface exposes ({@link Class#getMethods()}) is
 *       annotated {@link Cached}; two declarations with different values are an error. As
 *       everywhere in Java, an annotation on an overridden declaration is not inherited.
 *   <li>A bridge method (which {@code javac} adds to an interface that overrides a generic method
 *       with a more specific signature) shares the call of the method it bridges to, so a call made
 *       through the generic supertype uses the same cache.
 *   <li>{@code equals}, {@code hashCode} and {@code toString} go to the decorated object; {@code
 *       equals} first unwraps an argument that is itself a decorated proxy, so a proxy equals
 *       itself and any other decoration of an equal object.
 * </ul>
 */
final class DecoratingHandler implements InvocationHandler {

  private static final Method EQUALS = objectMethod("equals", Object.class);
  private static final Method HASH_CODE = objectMethod("hashCode");
  private static final Method TO_STRING = objectMethod("toString");

  private final Class<?> iface;
  private final Object impl;
  private final Map<Method, Call> calls;
  private final Map<Signature, Memoized> cached;
  private final Set<Signature> signatures;

  private DecoratingHandler(
      Class<?> iface,
      Object impl,
      Map<Method, Call> calls,
      Map<Signature, Memoized> cached,
      Set<Signature> signatures) {
    this.iface = iface;
    this.impl = impl;
    this.calls = calls;
    this.cached = cached;
    this.signatures = signatures;
  }

  /**
   * Resolves every method of {@code iface}; the arguments have been checked by {@link Decorator}.
   *
   * @throws IllegalArgumentException if a {@link Cached} annotation is misplaced or has a bad
   *     value, or a method cannot be called reflectively
   */
  static DecoratingHandler create(Class<?> iface, Object impl, Ticker ticker, RemoteTier remote) {
    rejectMisplacedAnnotations(iface);

    Map<Signature, List<Method>> groups = new LinkedHashMap<>();
    List<Method> bridges = new ArrayList<>();
    for (Method method : iface.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue; // not a method of the proxy
      }
      if (method.isBridge()) {
        bridges.add(method);
      } else {
        groups.computeIfAbsent(Signature.of(method), s -> new ArrayList<>()).add(method);
      }
    }

    Map<Method, Call> calls = new HashMap<>();
    Map<Signature, Memoized> cached = new LinkedHashMap<>();
    calls.put(EQUALS, args -> impl.equals(unwrap(args[0])));
    calls.put(HASH_CODE, args -> impl.hashCode());
    calls.put(TO_STRING, args -> impl.toString());
    for (Map.Entry<Signature, List<Method>> group : groups.entrySet()) {
      List<Method> methods = group.getValue();
      Method first = methods.get(0);
      String description = describe(iface, group.getKey());
      Cached config = cachedConfig(description, methods);
      if (config == null) {
        for (Method method : methods) {
          calls.put(method, HandleCall.of(method, impl));
        }
      } else {
        Call call = cachedCall(iface, group.getKey(), first, config, ticker, impl, remote);
        cached.put(group.getKey(), (Memoized) call);
        for (Method method : methods) {
          calls.put(method, call);
        }
      }
    }
    for (Method bridge : bridges) {
      Method bridged = bridgedMethod(bridge, groups.values());
      calls.put(bridge, bridged != null ? calls.get(bridged) : HandleCall.of(bridge, impl));
    }
    Set<Signature> signatures = new HashSet<>(groups.keySet());
    for (Method bridge : bridges) {
      signatures.add(Signature.of(bridge));
    }
    return new DecoratingHandler(iface, impl, Map.copyOf(calls), cached, Set.copyOf(signatures));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Call call = calls.get(method);
    if (call == null) {
      // Not expected: the proxy only dispatches the methods resolved above. Stay correct anyway.
      call = HandleCall.of(method, impl);
    }
    return call.call(args);
  }

  /** Returns the handler of {@code object} if it is a decorated proxy, else {@code null}. */
  static DecoratingHandler of(Object object) {
    if (object != null
        && Proxy.isProxyClass(object.getClass())
        && Proxy.getInvocationHandler(object) instanceof DecoratingHandler handler) {
      return handler;
    }
    return null;
  }

  /**
   * Returns the cache of the {@link Cached} method with {@code signature}.
   *
   * @throws IllegalArgumentException if there is no such cached method; the message lists the
   *     cached methods
   */
  Memoized cacheOf(Signature signature) {
    Memoized call = cached.get(signature);
    if (call != null) {
      return call;
    }
    String problem =
        signatures.contains(signature)
            ? describe(iface, signature) + " is not annotated @Cached"
            : iface.getName() + " has no method " + signature;
    String known =
        cached.isEmpty()
            ? iface.getName() + " has no @Cached method"
            : "the @Cached methods of "
                + iface.getName()
                + " are "
                + cached.keySet().stream()
                    .map(Signature::toString)
                    .sorted()
                    .collect(Collectors.joining(", ", "[", "]"));
    throw new IllegalArgumentException(problem + "; " + known);
  }

  private static Object unwrap(Object other) {
    DecoratingHandler handler = of(other);
    return handler == null ? other : handler.impl;
  }

  /**
   * Returns the common {@link Cached} annotation of the declarations of one method, or {@code null}
   * if none is annotated.
   */
  private static Cached cachedConfig(String description, List<Method> declarations) {
    Cached config = null;
    Method annotated = null;
    for (Method method : declarations) {
      Cached candidate = method.getAnnotation(Cached.class);
      if (candidate == null) {
        continue;
      }
      if (config != null && !config.equals(candidate)) {
        throw new IllegalArgumentException(
            "conflicting @Cached annotations on "
                + description
                + ": "
                + config
                + " in "
                + annotated.getDeclaringClass().getName()
                + " and "
                + candidate
                + " in "
                + method.getDeclaringClass().getName());
      }
      config = candidate;
      annotated = method;
    }
    return config;
  }

  /** The call of a {@link Cached} method: a cache of the configured backend around the target. */
  private static Call cachedCall(
      Class<?> iface,
      Signature signature,
      Method method,
      Cached config,
      Ticker ticker,
      Object impl,
      RemoteTier remote) {
    String description = describe(iface, signature);
    checkConfig(description, config);
    long ttlNanos = LocalStore.ttlNanos(Duration.ofSeconds(config.ttlSeconds()));
    if (config.backend() == Backend.MEMORY && remote == null) {
      return new CachedMethod(
          description,
          method.getParameterCount(),
          new LocalStore(config.maxSize(), ttlNanos, ticker),
          HandleCall.of(method, impl));
    }
    String name = config.name().isEmpty() ? sharedName(description) : config.name();
    try {
      RegionFiles.checkName(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("@Cached on " + description + ": " + e.getMessage(), e);
    }
    if (config.backend() == Backend.MEMORY) {
      NearCache near =
          new NearCache(
              name,
              remote,
              TaggedCodec.builder().classLoader(iface.getClassLoader()).build(),
              new LocalStore(config.maxSize(), ttlNanos, ticker),
              method.getParameterCount() == 1 ? KeyForm.ONE : KeyForm.ARGS,
              config.ttlSeconds() == 0 ? null : Duration.ofSeconds(config.ttlSeconds()),
              WarpCache.DEFAULT_MAX_KEY_SIZE,
              WarpCache.DEFAULT_MAX_VALUE_SIZE);
      return new CachedMethod(
          description, method.getParameterCount(), near, HandleCall.of(method, impl));
    }
    SharedCache cache =
        SharedCache.open(
            null,
            name,
            config.maxSize(),
            WarpCache.DEFAULT_MAX_KEY_SIZE,
            WarpCache.DEFAULT_MAX_VALUE_SIZE,
            ttlNanos,
            ticker,
            TaggedCodec.builder().classLoader(iface.getClassLoader()).build());
    return new SharedCachedMethod(
        description, method.getParameterCount(), cache, HandleCall.of(method, impl));
  }

  /**
   * The default name of a shared method's region: its description with every character a region
   * name does not allow replaced, and a hash of the description at the end when too long.
   */
  static String sharedName(String description) {
    String safe = description.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.length() <= 200) {
      return safe;
    }
    byte[] bytes = description.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String hash = String.format("%016x", XxHash64.hash(bytes, 0, bytes.length));
    return safe.substring(0, 200 - hash.length() - 1) + "-" + hash;
  }

  private static void checkConfig(String description, Cached config) {
    long maxSize = config.maxSize();
    if (maxSize <= 0) {
      throw new IllegalArgumentException(
          "@Cached on " + description + ": maxSize must be positive, but was " + maxSize);
    }
    if (maxSize > LocalStore.MAX_SUPPORTED_SIZE) {
      throw new IllegalArgumentException(
          "@Cached on "
              + description
              + ": maxSize must be at most "
              + LocalStore.MAX_SUPPORTED_SIZE
              + ", but was "
              + maxSize);
    }
    long ttlSeconds = config.ttlSeconds();
    if (ttlSeconds < 0) {
      throw new IllegalArgumentException(
          "@Cached on "
              + description
              + ": ttlSeconds must be positive, or 0 for no TTL, but was "
              + ttlSeconds);
    }
  }

  /**
   * Returns the one non-bridge method that {@code bridge} forwards to: same name and arity,
   * parameter and return types no wider than the bridge's. Returns {@code null} if there is none or
   * more than one; the bridge is then forwarded as it is, uncached.
   */
  private static Method bridgedMethod(Method bridge, Iterable<List<Method>> groups) {
    Method found = null;
    for (List<Method> group : groups) {
      Method candidate = group.get(0);
      if (bridges(bridge, candidate)) {
        if (found != null) {
          return null;
        }
        found = candidate;
      }
    }
    return found;
  }

  private static boolean bridges(Method bridge, Method candidate) {
    if (!bridge.getName().equals(candidate.getName())
        || bridge.getParameterCount() != candidate.getParameterCount()
        || !bridge.getReturnType().isAssignableFrom(candidate.getReturnType())) {
      return false;
    }
    Class<?>[] wide = bridge.getParameterTypes();
    Class<?>[] narrow = candidate.getParameterTypes();
    for (int i = 0; i < wide.length; i++) {
      if (!wide[i].isAssignableFrom(narrow[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Rejects {@link Cached} where it would be silently ignored: on static or private interface
   * methods, and on {@code equals}, {@code hashCode} or {@code toString}.
   */
  private static void rejectMisplacedAnnotations(Class<?> iface) {
    Set<Class<?>> seen = new HashSet<>();
    Deque<Class<?>> pending = new ArrayDeque<>(List.of(iface));
    while (!pending.isEmpty()) {
      Class<?> type = pending.pop();
      if (!seen.add(type)) {
        continue;
      }
      pending.addAll(List.of(type.getInterfaces()));
      for (Method method : type.getDeclaredMethods()) {
        if (method.isSynthetic() || !method.isAnnotationPresent(Cached.class)) {
          continue;
        }
        String description = type.getName() + "." + Signature.of(method);
        int modifiers = method.getModifiers();
        if (Modifier.isStatic(modifiers)) {
          throw new IllegalArgumentException(
              "@Cached on static method "
                  + description
                  + " has no effect: only instance methods"
                  + " of the interface are memoized");
        }
        if (Modifier.isPrivate(modifiers)) {
          throw new IllegalArgumentException(
              "@Cached on private method "
                  + description
                  + " has no effect: only methods the"
                  + " proxy implements are memoized");
        }
        if (isObjectMethod(method)) {
          throw new IllegalArgumentException(
              "@Cached on "
                  + description
                  + " has no effect: equals, hashCode and toString always go to the decorated"
                  + " object");
        }
      }
    }
  }

  private static boolean isObjectMethod(Method method) {
    Signature signature = Signature.of(method);
    return signature.equals(Signature.of(EQUALS))
        || signature.equals(Signature.of(HASH_CODE))
        || signature.equals(Signature.of(TO_STRING));
  }

  private static String describe(Class<?> iface, Signature signature) {
    return iface.getName() + "." + signature;
  }

  private static Method objectMethod(String name, Class<?>... parameterTypes) {
    try {
      return Object.class.getMethod(name, parameterTypes);
    } catch (NoSuchMethodException e) {
      throw new AssertionError("java.lang.Object has no method " + name, e);
    }
  }
}
