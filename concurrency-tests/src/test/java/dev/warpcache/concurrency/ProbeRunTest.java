package dev.warpcache.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.Cache;
import dev.warpcache.WarpCache;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Readers must always find a key that nobody removes, while other keys of the same hash are
 * removed, put back and overwritten around it in the same probe run.
 *
 * <p>The in-process table uses linear probing, and a removal empties a slot (instead of leaving a
 * tombstone) when the next slot is empty; this checks, under real concurrency, that no removal ever
 * empties a slot that a resident key's probe run crosses. Keys share a handful of hash codes, so
 * they form long runs; the churned keys go in first, so the resident ones sit behind them.
 */
class ProbeRunTest {

  /** A key whose hash code is chosen, so that many keys collide. */
  record Collider(int id, int hash) {
    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static final int HASHES = 4;
  private static final int CHURNED_PER_HASH = 6;
  private static final int RESIDENT_PER_HASH = 3;

  @Test
  void aResidentKeyIsNeverMissedWhileItsNeighboursChurn() throws InterruptedException {
    Cache<Collider, Integer> cache = WarpCache.builder().maxSize(1_000).build();
    List<Collider> churned = new ArrayList<>();
    List<Collider> resident = new ArrayList<>();
    for (int h = 0; h < HASHES; h++) {
      for (int i = 0; i < CHURNED_PER_HASH; i++) {
        churned.add(new Collider(100 * h + i, h * 7919));
      }
    }
    for (int h = 0; h < HASHES; h++) {
      for (int i = 0; i < RESIDENT_PER_HASH; i++) {
        resident.add(new Collider(100 * h + 50 + i, h * 7919));
      }
    }
    churned.forEach(key -> cache.put(key, key.id()));
    resident.forEach(key -> cache.put(key, key.id()));

    AtomicReference<Throwable> failure = new AtomicReference<>();
    long deadline = System.nanoTime() + Budget.STRESS_DURATION.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      threads.add(
          new Thread(
              () -> {
                int i = 0;
                while (failure.get() == null && System.nanoTime() < deadline) {
                  Collider key = resident.get(i++ % resident.size());
                  Integer value = cache.getIfPresent(key);
                  if (value == null || value != key.id()) {
                    failure.compareAndSet(
                        null, new AssertionError("resident key " + key + " read as " + value));
                  }
                }
              }));
    }
    for (int w = 0; w < 2; w++) {
      long seed = w;
      threads.add(
          new Thread(
              () -> {
                SplittableRandom random = new SplittableRandom(seed);
                while (failure.get() == null && System.nanoTime() < deadline) {
                  Collider key = churned.get(random.nextInt(churned.size()));
                  switch (random.nextInt(3)) {
                    case 0 -> cache.invalidate(key);
                    case 1 -> cache.put(key, key.id());
                    default -> cache.asMap().remove(key, key.id());
                  }
                  // Overwrites of resident keys, in place, beside the removals.
                  Collider kept = resident.get(random.nextInt(resident.size()));
                  cache.put(kept, kept.id());
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failure.get()).isNull();
    for (Collider key : resident) {
      assertThat(cache.getIfPresent(key)).isEqualTo(key.id());
    }
  }
}
