/**
 * Memoized function objects and the keys built from argument lists. Internal: not API, not exported
 * by the module, and free to change in any release.
 */
package dev.warpcache.internal.memo;
