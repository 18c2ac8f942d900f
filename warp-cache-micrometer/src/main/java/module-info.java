/**
 * Micrometer metrics for warp-cache caches and memoized functions.
 *
 * <p>Both dependencies are required transitively: {@link dev.warpcache.micrometer.WarpCacheMetrics}
 * extends a Micrometer class and takes warp-cache types.
 */
// Micrometer 1.x ships no module descriptor, only the automatic module name micrometer.core:
// requiring it is the documented way, so the two lint warnings about that are suppressed here.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.warpcache.micrometer {
  requires transitive dev.warpcache;
  requires transitive micrometer.core;

  exports dev.warpcache.micrometer;
}
