/**
 * The in-process store: an open-addressing table read without locks, a SIEVE queue, TTL and exact
 * statistics. Internal: not API, not exported by the module, and free to change in any release.
 */
package dev.warpcache.internal.local;
