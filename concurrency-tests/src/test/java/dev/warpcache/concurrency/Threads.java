package dev.warpcache.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/** Starting, joining and watching test threads, platform or virtual. */
final class Threads {

  /** The kinds of threads a concurrency test runs on. */
  enum Kind {
    PLATFORM,
    /** Virtual threads, on JDK 21 and later only: tests with this kind are skipped on JDK 17. */
    VIRTUAL;

    /** Skips the calling test if this kind of thread does not exist on the running JDK. */
    void assumeAvailable() {
      if (this == VIRTUAL) {
        Assumptions.assumeTrue(
            Runtime.version().feature() >= 21,
            "virtual threads need JDK 21+, running " + Runtime.version());
      }
    }

    ThreadFactory factory() {
      return this == VIRTUAL ? virtualThreadFactory() : Thread::new;
    }
  }

  private static final long POLL_NANOS = 100_000;

  private Threads() {}

  /**
   * Returns {@code Thread.ofVirtual().factory()}. The code is compiled with {@code --release 17},
   * where that method does not exist, so it is reached by reflection.
   */
  static ThreadFactory virtualThreadFactory() {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no virtual threads on " + Runtime.version(), e);
    }
  }

  /** A task of a thread in {@link #runAll}; it may throw anything. */
  @FunctionalInterface
  interface Task {
    void run(int threadIndex) throws Exception;
  }

  /**
   * Runs {@code task} on {@code count} new threads of {@code factory}, waits for all of them (at
   * most {@code timeout}) and rethrows the first failure. Threads still alive at the timeout fail
   * the test with their stack traces (a deadlock shows where it is).
   */
  static void runAll(ThreadFactory factory, int count, Duration timeout, Task task)
      throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int index = i;
      Thread t =
          factory.newThread(
              () -> {
                try {
                  task.run(index);
                } catch (Throwable e) {
                  if (!failure.compareAndSet(null, e)) {
                    failure.get().addSuppressed(e);
                  }
                }
              });
      threads.add(t);
    }
    for (Thread t : threads) {
      t.start();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : threads) {
      t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    StringBuilder stuck = new StringBuilder();
    for (Thread t : threads) {
      if (t.isAlive()) {
        stuck.append(describe(t));
      }
    }
    assertThat(stuck).as("threads still running after %s", timeout).isEmpty();
    Throwable first = failure.get();
    if (first instanceof Error) {
      throw (Error) first;
    }
    if (first != null) {
      throw new AssertionError("a test thread failed", first);
    }
  }

  /**
   * Waits until each of {@code threads} is blocked or waiting (for example, for a load of another
   * thread to complete), or until {@code patience} has passed; returns whether they all were.
   *
   * <p>It polls by parking, never by spinning: a spinning virtual thread would keep its carrier,
   * and on a two-core machine the threads it waits for might never get one.
   */
  static boolean awaitAllBlocked(List<Thread> threads, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() - deadline < 0) {
      boolean all = true;
      for (Thread t : threads) {
        Thread.State s = t.getState();
        if (s != Thread.State.WAITING
            && s != Thread.State.TIMED_WAITING
            && s != Thread.State.BLOCKED) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    return false;
  }

  /** Waits (parking, as above) until {@code condition} holds or {@code patience} has passed. */
  static boolean awaitCondition(BooleanSupplier condition, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    return true;
  }

  static String describe(Thread t) {
    StringBuilder sb = new StringBuilder();
    sb.append('\n').append(t).append(" in state ").append(t.getState()).append('\n');
    for (StackTraceElement e : t.getStackTrace()) {
      sb.append("    at ").append(e).append('\n');
    }
    return sb.toString();
  }
}
