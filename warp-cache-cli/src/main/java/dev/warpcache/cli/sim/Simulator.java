package dev.warpcache.cli.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Replays workloads through policies: every workload at each of its sizes through each policy, each
 * replay with a fresh, empty cache. Replays are independent, so they run on several threads; the
 * results come back in a fixed order (workload, then size, then policy) whatever the threads.
 */
public final class Simulator {

  /** Receives the simulator's progress; called from the replaying threads. */
  public interface Progress {

    /** A progress listener that ignores everything. */
    Progress NONE =
        new Progress() {
          @Override
          public void start(long totalRequests) {}

          @Override
          public void replayStarted(String description) {}

          @Override
          public void advance(long requests) {}

          @Override
          public void finish() {}
        };

    /**
     * Called once before any replay.
     *
     * @param totalRequests the requests of all replays together
     */
    void start(long totalRequests);

    /**
     * Called when a replay starts.
     *
     * @param description what is replayed, for example {@code orm-busy @ 763 LRU}
     */
    void replayStarted(String description);

    /**
     * Called every few thousand requests.
     *
     * @param requests the requests replayed since the last call from the same replay
     */
    void advance(long requests);

    /** Called once when every replay is done (or one failed). */
    void finish();
  }

  /** How many requests a replay runs between two progress reports. */
  private static final int REPORT_EVERY = 1 << 16;

  private final List<PolicyKind> policies;
  private final int threads;
  private final Progress progress;

  /**
   * Creates a simulator.
   *
   * @param policies the policies to compare, in the order of the results
   * @param threads how many replays run at once, at least 1
   * @param progress where progress goes
   */
  public Simulator(List<PolicyKind> policies, int threads, Progress progress) {
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("no policies to simulate");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, but was " + threads);
    }
    this.policies = List.copyOf(policies);
    this.threads = threads;
    this.progress = progress;
  }

  /**
   * Replays every workload at each of its sizes through every policy.
   *
   * @param workloads the workloads
   * @return one result per workload, size and policy, in that order
   * @throws InterruptedException if the thread is interrupted while waiting for the replays
   */
  public List<SimResult> run(List<Workload> workloads) throws InterruptedException {
    List<Replay> replays = new ArrayList<>();
    long totalRequests = 0;
    for (Workload workload : workloads) {
      for (int size : workload.sizes()) {
        for (PolicyKind policy : policies) {
          replays.add(new Replay(workload.trace(), size, policy));
          totalRequests += workload.trace().requests();
        }
      }
    }
    progress.start(totalRequests);
    try {
      return threads == 1 ? runHere(replays) : runOnPool(replays);
    } finally {
      progress.finish();
    }
  }

  private List<SimResult> runHere(List<Replay> replays) {
    List<SimResult> results = new ArrayList<>();
    for (Replay replay : replays) {
      results.add(replay.run(progress));
    }
    return results;
  }

  private List<SimResult> runOnPool(List<Replay> replays) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads, Simulator::daemonThread);
    try {
      // Longest replays first, so that the last ones to finish are short.
      List<Integer> longestFirst = new ArrayList<>();
      for (int i = 0; i < replays.size(); i++) {
        longestFirst.add(i);
      }
      longestFirst.sort(
          Comparator.comparingInt((Integer i) -> replays.get(i).trace.requests()).reversed());
      List<Future<SimResult>> futures = new ArrayList<>(Collections.nCopies(replays.size(), null));
      for (int i : longestFirst) {
        Replay replay = replays.get(i);
        futures.set(i, pool.submit(() -> replay.run(progress)));
      }
      List<SimResult> inOrder = new ArrayList<>();
      for (Future<SimResult> future : futures) {
        inOrder.add(await(future));
      }
      return inOrder;
    } finally {
      pool.shutdownNow();
    }
  }

  private static SimResult await(Future<SimResult> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static Thread daemonThread(Runnable task) {
    Thread thread = new Thread(task, "warp-sim");
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Replays one trace through one new cache.
   *
   * @param trace the requests
   * @param size the cache size
   * @param policy the policy
   * @return the result
   */
  public static SimResult replay(Trace trace, int size, PolicyKind policy) {
    return new Replay(trace, size, policy).run(Progress.NONE);
  }

  /** One replay: a trace, a size and a policy. */
  private static final class Replay {
    final Trace trace;
    final int size;
    final PolicyKind policy;

    Replay(Trace trace, int size, PolicyKind policy) {
      this.trace = trace;
      this.size = size;
      this.policy = policy;
    }

    SimResult run(Progress progress) {
      progress.replayStarted(trace.name() + " @ " + size + " " + policy.displayName());
      Policy cache = policy.create(size, trace);
      long[] keys = trace.keysUnsafe();
      long hits = 0;
      int sinceReport = 0;
      for (long key : keys) {
        if (cache.access(key)) {
          hits++;
        }
        if (++sinceReport == REPORT_EVERY) {
          progress.advance(sinceReport);
          sinceReport = 0;
        }
      }
      progress.advance(sinceReport);
      return new SimResult(trace.name(), size, policy.displayName(), keys.length, hits);
    }
  }
}
