/**
 * {@code warp shm}: lists, inspects, clears and removes this user's shared-memory caches (the
 * region files of the shared backend), through the core's {@code RegionInspector}.
 */
package dev.warpcache.cli.shm;
