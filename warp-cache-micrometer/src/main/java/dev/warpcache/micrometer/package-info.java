/**
 * Micrometer metrics for warp-cache: {@link dev.warpcache.micrometer.WarpCacheMetrics} binds the
 * statistics of a cache or memoized function to a {@code MeterRegistry}.
 */
package dev.warpcache.micrometer;
