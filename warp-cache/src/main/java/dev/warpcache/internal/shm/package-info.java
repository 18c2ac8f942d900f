/**
 * The shared-memory store: one memory-mapped region file per cache name, read by every JVM of the
 * user on the host with lock-free seqlock reads. Internal: not API, not exported by the module, and
 * free to change in any release.
 */
package dev.warpcache.internal.shm;
