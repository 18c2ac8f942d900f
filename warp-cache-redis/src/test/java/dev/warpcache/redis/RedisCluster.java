package dev.warpcache.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster for the tests: primaries without replicas, each a {@link RedisServer} in
 * cluster mode on 127.0.0.1 and free ports (one for clients, one for the cluster bus), joined with
 * {@code redis-cli --cluster create}, which spreads the 16,384 hash slots evenly over them. {@link
 * #close()} stops every node and deletes their directories.
 */
final class RedisCluster implements AutoCloseable {

  private static final long READY_TIMEOUT_MILLIS = 30_000;

  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Starts a cluster and waits until every node reports {@code cluster_state:ok}.
   *
   * @param primaries how many primaries, at least 3 (the least redis-cli accepts)
   * @return the running cluster
   */
  static RedisCluster start(int primaries) {
    List<RedisServer> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < primaries; i++) {
        nodes.add(
            RedisServer.start(
                List.of(
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    // An explicit bus port (Redis 7 and later): the default, port + 10000, may be
                    // above 65535.
                    "--cluster-port",
                    Integer.toString(RedisServer.freePort()))));
      }
      RedisCluster cluster = new RedisCluster(nodes);
      cluster.create();
      cluster.awaitOk();
      return cluster;
    } catch (RuntimeException | Error e) {
      for (RedisServer node : nodes) {
        node.close();
      }
      throw e;
    }
  }

  /** The nodes, in the order they were started. */
  List<RedisServer> nodes() {
    return nodes;
  }

  /** The URIs of every node, as seeds for {@link RedisTier#connectCluster}. */
  List<String> uris() {
    return nodes.stream().map(RedisServer::uri).toList();
  }

  /** Stops every node and deletes their directories. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (RedisServer node : nodes) {
      try {
        node.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void create() {
    List<String> command = new ArrayList<>();
    command.add(RedisServer.executable("redis-cli").toString());
    command.add("--cluster");
    command.add("create");
    for (RedisServer node : nodes) {
      command.add(RedisServer.HOST + ":" + node.port());
    }
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Path log = null;
    try {
      // The output goes to a file, so that a redis-cli that hangs cannot block a read forever.
      log = Files.createTempFile("warp-cache-redis-cluster-create", ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        if (!process.waitFor(READY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
            || process.exitValue() != 0) {
          throw new IllegalStateException(
              "redis-cli --cluster create failed:\n" + Files.readString(log));
        }
      } finally {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException e) {
          // a leftover temporary file is harmless
        }
      }
    }
  }

  private void awaitOk() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
    for (RedisServer node : nodes) {
      String info = null;
      while (info == null || !info.contains("cluster_state:ok")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "node " + node.port() + " is not ready: " + (info == null ? "" : info.trim()));
        }
        try {
          info = node.text("CLUSTER", "INFO");
        } catch (IOException notYet) {
          info = null;
        }
        if (info == null || !info.contains("cluster_state:ok")) {
          RedisServer.sleep(50);
        }
      }
    }
  }
}
