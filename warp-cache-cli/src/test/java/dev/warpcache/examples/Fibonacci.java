package dev.warpcache.examples;

import dev.warpcache.CachedFunction;
import dev.warpcache.WarpCache;

/** The README's first example: a recursive function, memoized, that calls its memoized self. */
final class Fibonacci {
  final CachedFunction<Integer, Long> fib = WarpCache.builder().maxSize(128).memoize(this::compute);

  private long compute(int n) {
    return n < 2 ? n : fib.apply(n - 1) + fib.apply(n - 2);
  }
}
