/**
 * The near cache: an in-process {@link dev.warpcache.internal.local.LocalStore} in front of a
 * {@link dev.warpcache.RemoteTier} shared by every JVM, kept coherent by the tier's invalidations.
 * Internal: not API, not exported by the module, and free to change in any release.
 */
package dev.warpcache.internal.remote;
