package dev.warpcache.internal.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exact hit and miss counters that cost a hit no atomic read-modify-write.
 *
 * <p>Each thread that records gets a {@link Cell} of its own in a small slot array indexed by a
 * hash of its thread id. Only the owner writes a cell, with a plain increment published by an
 * opaque store, so no CAS and no contended cache line is involved. A thread whose slot is taken
 * looks for, or claims, a cell in the next few slots; one that finds every slot there taken by
 * other live threads records into a shared {@link LongAdder} instead, so nothing is ever lost: with
 * millions of short-lived virtual threads the counts stay exact. A slot whose owner has terminated
 * is reclaimed: its counts are folded into {@code folded*} first. Per JLS 17.4.4 the dead owner's
 * last writes happen-before {@code isAlive()} returning false, which is what makes the fold exact.
 *
 * <p>Reading sums everything; {@link #reset()} records the current sums as a baseline instead of
 * writing into cells that other threads own.
 */
final class StatsCounter {
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Cell[].class);
  private static final VarHandle HITS;
  private static final VarHandle MISSES;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      HITS = lookup.findVarHandle(Cell.class, "hits", long.class);
      MISSES = lookup.findVarHandle(Cell.class, "misses", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Padding before a cell's counters. A cell is allocated by its own thread, but the garbage
   * collector may later copy the cells of two threads next to each other; without padding their
   * counters would then share a cache line, and every hit of one thread would invalidate it for the
   * other (false sharing). The fields before and after span two cache lines each side, since CPUs
   * may fetch lines in adjacent pairs. Superclass fields come first in an object, which is what
   * keeps them before the counters.
   */
  @SuppressWarnings("unused")
  abstract static class PaddingBefore {
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;
  }

  /** The counters, between two paddings. */
  abstract static class Counters extends PaddingBefore {
    long hits;
    long misses;
  }

  /** One thread's counters. Written only by {@link #owner}. */
  static final class Cell extends Counters {
    final Thread owner;

    @SuppressWarnings("unused")
    long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15, q16;

    Cell(Thread owner) {
      this.owner = owner;
    }
  }

  /** How many slots from its own a thread looks at for its cell. */
  private static final int PROBES = 4;

  private final Cell[] slots;
  private final int shift;
  private final LongAdder sharedHits = new LongAdder();
  private final LongAdder sharedMisses = new LongAdder();

  /** Guards slot assignment, the folded counts and the baseline. */
  private final ReentrantLock lock = new ReentrantLock();

  // Loads run on the miss path only, so shared adders cost nothing that matters.
  private final LongAdder loadSuccesses = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder loadNanos = new LongAdder();
  private long baseLoadSuccesses;
  private long baseLoadFailures;
  private long baseLoadNanos;

  // Hits found elsewhere (in a remote tier) after a miss here: part of the hits, counted on both.
  private final LongAdder found = new LongAdder();
  private long baseFound;

  private long foldedHits;
  private long foldedMisses;
  private long baseHits;
  private long baseMisses;

  /** Counts collisions to retry reclaiming a slot now and then; racy on purpose, not a stat. */
  private int collisions;

  StatsCounter() {
    // Four slots a processor (a power of two, 8 to 256) keeps collisions rare for thread pools.
    int wanted = Math.min(256, Math.max(8, Runtime.getRuntime().availableProcessors() * 4));
    int size = Integer.highestOneBit(wanted * 2 - 1);
    this.slots = new Cell[size];
    this.shift = 64 - Integer.numberOfTrailingZeros(size);
  }

  private int index(Thread thread) {
    @SuppressWarnings("deprecation") // getId() is the only id accessor on Java 17
    long id = thread.getId();
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> shift);
  }

  void recordHit() {
    Cell cell = ownCell();
    if (cell == null) {
      sharedHits.increment();
    } else {
      HITS.setOpaque(cell, cell.hits + 1);
    }
  }

  void recordMiss() {
    Cell cell = ownCell();
    if (cell == null) {
      sharedMisses.increment();
    } else {
      MISSES.setOpaque(cell, cell.misses + 1);
    }
  }

  /**
   * The calling thread's cell: the one in its own slot, else {@link #cellElsewhere}'s (null when
   * the thread has none and must count in the shared adders).
   */
  private Cell ownCell() {
    Thread current = Thread.currentThread();
    int i = index(current);
    // Pairs with the setRelease in claim(): the cell's final owner field is visible.
    Cell cell = (Cell) SLOTS.getAcquire(slots, i);
    return cell != null && cell.owner == current ? cell : cellElsewhere(current, i);
  }

  /**
   * Finds the cell of {@code current} in the {@link #PROBES} slots from {@code i} (its own slot
   * {@code i} holds another thread's cell, or none), claiming one if a slot there is free, and now
   * and then if not (a cell's owner may have ended). Returns null when every slot of the run
   * belongs to another thread: the caller counts in the shared adders. Two threads whose ids hash
   * to one slot thus both get a cell of their own, instead of one of them counting in the shared
   * adders (and writing {@link #collisions}, beside fields every hit reads) on every call.
   */
  private Cell cellElsewhere(Thread current, int i) {
    int mask = slots.length - 1;
    boolean free = false;
    for (int p = 0; p < PROBES; p++) {
      Cell cell = (Cell) SLOTS.getAcquire(slots, (i + p) & mask);
      if (cell == null) {
        free = true;
      } else if (cell.owner == current) {
        return cell;
      }
    }
    // Only a cell that claim() hands to this thread may be written: never another thread's cell
    // (regression: a racy increment of a cell owned by another thread lost counts).
    return free || (++collisions & 63) == 0 ? claim(current, i) : null;
  }

  /**
   * Gives {@code current} a cell in the {@link #PROBES} slots from {@code i}: its own if it has one
   * there already, else the first slot that is free or whose owner has terminated. Returns null if
   * every slot there belongs to another live thread.
   */
  private Cell claim(Thread current, int i) {
    lock.lock();
    try {
      int mask = slots.length - 1;
      int taken = -1;
      for (int p = 0; p < PROBES; p++) {
        int j = (i + p) & mask;
        Cell old = slots[j];
        if (old != null && old.owner == current) {
          return old;
        }
        if (taken < 0 && (old == null || !old.owner.isAlive())) {
          taken = j;
        }
      }
      if (taken < 0) {
        return null;
      }
      Cell old = slots[taken];
      if (old != null) {
        // The owner has terminated (isAlive() == false): its writes are all visible now.
        foldedHits += old.hits;
        foldedMisses += old.misses;
      }
      Cell cell = new Cell(current);
      SLOTS.setRelease(slots, taken, cell);
      return cell;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts a hit found elsewhere: a hit, and one of the found hits. The hit first, so that a reader
   * that reads {@link #found()} before {@link #hits()} never sees more found hits than hits.
   */
  void recordFound() {
    recordHit();
    found.increment();
  }

  long found() {
    lock.lock();
    try {
      return found.sum() - baseFound;
    } finally {
      lock.unlock();
    }
  }

  /** Counts one run of a loader that took {@code nanos} and succeeded or failed. */
  void recordLoad(boolean success, long nanos) {
    (success ? loadSuccesses : loadFailures).increment();
    loadNanos.add(nanos);
  }

  long loadSuccesses() {
    lock.lock();
    try {
      return loadSuccesses.sum() - baseLoadSuccesses;
    } finally {
      lock.unlock();
    }
  }

  long loadFailures() {
    lock.lock();
    try {
      return loadFailures.sum() - baseLoadFailures;
    } finally {
      lock.unlock();
    }
  }

  long loadNanos() {
    lock.lock();
    try {
      return loadNanos.sum() - baseLoadNanos;
    } finally {
      lock.unlock();
    }
  }

  long hits() {
    lock.lock();
    try {
      return sumHits() - baseHits;
    } finally {
      lock.unlock();
    }
  }

  long misses() {
    lock.lock();
    try {
      return sumMisses() - baseMisses;
    } finally {
      lock.unlock();
    }
  }

  void reset() {
    lock.lock();
    try {
      baseHits = sumHits();
      baseMisses = sumMisses();
      baseLoadSuccesses = loadSuccesses.sum();
      baseLoadFailures = loadFailures.sum();
      baseLoadNanos = loadNanos.sum();
      baseFound = found.sum();
    } finally {
      lock.unlock();
    }
  }

  private long sumHits() {
    long sum = foldedHits + sharedHits.sum();
    for (int i = 0; i < slots.length; i++) {
      Cell cell = (Cell) SLOTS.getAcquire(slots, i);
      if (cell != null) {
        sum += (long) HITS.getOpaque(cell);
      }
    }
    return sum;
  }

  private long sumMisses() {
    long sum = foldedMisses + sharedMisses.sum();
    for (int i = 0; i < slots.length; i++) {
      Cell cell = (Cell) SLOTS.getAcquire(slots, i);
      if (cell != null) {
        sum += (long) MISSES.getOpaque(cell);
      }
    }
    return sum;
  }
}
