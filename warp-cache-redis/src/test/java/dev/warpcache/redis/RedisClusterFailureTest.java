package dev.warpcache.redis;

import static dev.warpcache.redis.RecordingListener.ALL;
import static dev.warpcache.redis.RecordingListener.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warpcache.RemoteTier.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * RedisTier on a Redis Cluster that loses a primary, the one its invalidations arrive through: the
 * commands for that node fail fast, and the subscription moves to another node.
 */
// Subscriptions are opened in try-with-resources only to be closed: lint's "try" warns of that.
@SuppressWarnings("try")
class RedisClusterFailureTest {

  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The running nodes that have a client subscribed to a channel. */
  private static List<RedisServer> subscribedNodes(List<RedisServer> nodes) throws IOException {
    List<RedisServer> subscribed = new ArrayList<>();
    for (RedisServer node : nodes) {
      String clients = node.text("CLIENT", "LIST", "TYPE", "pubsub");
      if (clients != null && clients.contains("sub=1")) {
        subscribed.add(node);
      }
    }
    return subscribed;
  }

  @Test
  void whenTheSubscribedNodeStopsTheSubscriptionMovesAndTheListenersAreReset() throws Exception {
    try (RedisCluster cluster = RedisCluster.start(3);
        RedisTier writer = RedisTier.connectCluster(cluster.uris(), TIMEOUT);
        RedisTier reader = RedisTier.connectCluster(cluster.uris(), TIMEOUT)) {
      RecordingListener listener = new RecordingListener();
      try (Subscription subscription = reader.subscribe("shared", listener)) {
        writer.invalidate("shared", bytes("before")).get(5, TimeUnit.SECONDS);
        assertThat(listener.next()).isEqualTo(key("before"));

        List<RedisServer> subscribed = subscribedNodes(cluster.nodes());
        assertThat(subscribed).as("one node holds the only subscription").hasSize(1);
        RedisServer lost = subscribed.get(0);
        String onLost = null;
        for (int i = 0; onLost == null; i++) {
          writer.put("shared", bytes("k" + i), bytes("v"), null).get(5, TimeUnit.SECONDS);
          // A node answers EXISTS for the keys of its own slots only (else -MOVED).
          if (":1".equals(lost.command("EXISTS", "warp:v1:shared:k" + i))) {
            onLost = "k" + i;
          }
        }
        lost.stop();

        // The keys of the lost node fail fast, as on a single server that is down.
        long start = System.nanoTime();
        assertThat(writer.get("shared", bytes(onLost))).failsWithin(Duration.ofSeconds(5));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
            .isLessThan(5 * TIMEOUT.toMillis());

        // The reader's pub/sub connection moves to another node, subscribes again there, and
        // tells its listeners that they may have missed invalidations.
        assertThat(listener.awaitEvent(ALL)).as(listener.pending()).isTrue();
        List<RedisServer> alive = new ArrayList<>(cluster.nodes());
        alive.remove(lost);
        assertThat(subscribedNodes(alive)).hasSize(1);

        // Invalidations flow again: a key whose slot lives on a running node, written once the
        // writer's own connections have found their way around the lost node.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String written = null;
        for (int i = 0; written == null; i++) {
          assertThat(System.nanoTime()).as("a write within 15 s").isLessThan(deadline);
          String candidate = "after-" + (i % 50);
          try {
            writer.invalidate("shared", bytes(candidate)).get(5, TimeUnit.SECONDS);
            written = candidate;
          } catch (ExecutionException | TimeoutException e) {
            Thread.sleep(20);
          }
        }
        assertThat(listener.awaitEvent(key(written))).as(listener.pending()).isTrue();
      }
    }
  }
}
