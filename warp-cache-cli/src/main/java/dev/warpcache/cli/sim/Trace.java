package dev.warpcache.cli.sim;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named sequence of requested keys, in request order: a trace read from a file or a generated
 * workload. Immutable; the derived facts (unique keys, next uses) are computed once, on first use.
 */
public final class Trace {

  /** The largest trace the simulator replays (OPT numbers positions with two per request). */
  public static final int MAX_REQUESTS = Integer.MAX_VALUE / 2 - 1;

  private final String name;
  private final long[] keys;
  private int uniqueKeys = -1;
  private int[] nextUses;

  private Trace(String name, long[] keys) {
    this.name = Objects.requireNonNull(name, "name");
    if (keys.length > MAX_REQUESTS) {
      throw new IllegalArgumentException(
          "trace " + name + " has " + keys.length + " requests, more than " + MAX_REQUESTS);
    }
    this.keys = keys;
  }

  /**
   * Creates a trace of the given keys.
   *
   * @param name the trace's name, shown in the results
   * @param keys the requested keys in order; copied
   * @return the trace
   */
  public static Trace of(String name, long... keys) {
    return new Trace(name, keys.clone());
  }

  /** Creates a trace that takes ownership of {@code keys}, for readers and generators. */
  static Trace wrap(String name, long[] keys) {
    return new Trace(name, keys);
  }

  /**
   * Returns the trace's name.
   *
   * @return the name, for example {@code orm-busy}
   */
  public String name() {
    return name;
  }

  /**
   * Returns the number of requests.
   *
   * @return the length of the trace
   */
  public int requests() {
    return keys.length;
  }

  /**
   * Returns the key of one request.
   *
   * @param position the request's position, from 0
   * @return its key
   */
  public long key(int position) {
    return keys[position];
  }

  /**
   * Returns the number of distinct keys in the trace.
   *
   * @return the count of unique keys
   */
  public synchronized int uniqueKeys() {
    if (uniqueKeys < 0) {
      computeDerivedFacts();
    }
    return uniqueKeys;
  }

  /**
   * Returns the first {@code maxRequests} requests of this trace, or this trace if it is not
   * longer.
   *
   * @param maxRequests the most requests to keep, at least 1
   * @return a trace of the same name with at most that many requests
   */
  public Trace prefix(int maxRequests) {
    if (maxRequests < 1) {
      throw new IllegalArgumentException("maxRequests must be at least 1, but was " + maxRequests);
    }
    return maxRequests >= keys.length ? this : new Trace(name, Arrays.copyOf(keys, maxRequests));
  }

  /** The key array itself, for the simulator's loop; never modified. */
  long[] keysUnsafe() {
    return keys;
  }

  /**
   * For each position, the position of the next request for the same key, or -1 if the key is not
   * requested again. Shared, never modified.
   */
  synchronized int[] nextUses() {
    if (nextUses == null) {
      computeDerivedFacts();
    }
    return nextUses;
  }

  /** Numbers the distinct keys densely (by sorting), then links each request to the next one. */
  private void computeDerivedFacts() {
    long[] distinct = keys.clone();
    Arrays.sort(distinct);
    int unique = 0;
    for (int i = 0; i < distinct.length; i++) {
      if (i == 0 || distinct[i] != distinct[i - 1]) {
        distinct[unique++] = distinct[i];
      }
    }
    int[] lastSeen = new int[unique];
    Arrays.fill(lastSeen, -1);
    int[] next = new int[keys.length];
    for (int i = keys.length - 1; i >= 0; i--) {
      int id = Arrays.binarySearch(distinct, 0, unique, keys[i]);
      next[i] = lastSeen[id];
      lastSeen[id] = i;
    }
    this.uniqueKeys = unique;
    this.nextUses = next;
  }

  @Override
  public String toString() {
    return "Trace[" + name + ", " + keys.length + " requests]";
  }
}
