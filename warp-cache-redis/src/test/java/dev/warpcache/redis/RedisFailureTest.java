package dev.warpcache.redis;

import static dev.warpcache.redis.RecordingListener.ALL;
import static dev.warpcache.redis.RecordingListener.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.RemoteTier.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RedisTier while its Redis server is stopped, paused and restarted: one server per test. */
// Subscriptions are opened in try-with-resources only to be closed: lint's "try" warns of that.
@SuppressWarnings("try")
class RedisFailureTest {

  private static final Duration TIMEOUT = Duration.ofMillis(300);
  // Generous: the bound is the timeout, but the machines that run the tests are noisy.
  private static final long BOUND_MILLIS = 5 * TIMEOUT.toMillis();

  private RedisServer server;

  @BeforeEach
  void startRedis() {
    server = RedisServer.start();
  }

  @AfterEach
  void stopRedis() {
    server.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Runs a command and returns how long its future took to fail, asserting that it failed. */
  private static long millisToFail(Supplier<CompletableFuture<?>> command) throws Exception {
    long start = System.nanoTime();
    CompletableFuture<?> future = command.get();
    assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static Map<String, Supplier<CompletableFuture<?>>> everyCommand(RedisTier tier) {
    return Map.of(
        "get", () -> tier.get("users", bytes("k")),
        "put", () -> tier.put("users", bytes("k"), bytes("v"), null),
        "put with ttl", () -> tier.put("users", bytes("k"), bytes("v"), Duration.ofSeconds(5)),
        "invalidate", () -> tier.invalidate("users", bytes("k")),
        "clear", () -> tier.clear("users"));
  }

  @Test
  void commandsFailFastWhileRedisIsStopped() throws Exception {
    try (RedisTier tier = RedisTier.connect(server.uri(), TIMEOUT)) {
      tier.put("users", bytes("k"), bytes("v"), null).get(5, TimeUnit.SECONDS);

      server.stop();

      for (Map.Entry<String, Supplier<CompletableFuture<?>>> command :
          everyCommand(tier).entrySet()) {
        assertThat(millisToFail(command.getValue())).as(command.getKey()).isLessThan(BOUND_MILLIS);
      }
    }
  }

  @Test
  void commandsTimeOutWhileRedisDoesNotAnswer() throws Exception {
    try (RedisTier tier = RedisTier.connect(server.uri(), TIMEOUT)) {
      tier.put("users", bytes("k"), bytes("v"), null).get(5, TimeUnit.SECONDS);

      // The server keeps the connections but answers no client for 3 s.
      assertThat(server.command("CLIENT", "PAUSE", "3000", "ALL")).isEqualTo("+OK");

      for (Map.Entry<String, Supplier<CompletableFuture<?>>> command :
          everyCommand(tier).entrySet()) {
        assertThat(millisToFail(command.getValue()))
            .as(command.getKey())
            .isGreaterThanOrEqualTo(TIMEOUT.toMillis() - 50)
            .isLessThan(BOUND_MILLIS);
      }
    }
  }

  @Test
  void connectFailsWhenNoServerListens() {
    server.stop();
    long start = System.nanoTime();

    assertThatThrownBy(() -> RedisTier.connect(server.uri(), TIMEOUT))
        .isInstanceOf(IllegalStateException.class);
    // The message names the server but not the password of the URI.
    assertThatThrownBy(
            () -> RedisTier.connect("redis://:s3cret@127.0.0.1:" + server.port(), TIMEOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:" + server.port())
        .hasMessageNotContaining("s3cret");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
  }

  @Test
  void reconnectsByItselfAfterARestartAndResetsTheListeners() throws Exception {
    try (RedisTier tier = RedisTier.connect(server.uri(), TIMEOUT);
        RedisTier other = RedisTier.connect(server.uri(), TIMEOUT)) {
      RecordingListener mine = new RecordingListener();
      RecordingListener theirs = new RecordingListener();
      try (Subscription a = tier.subscribe("shared", mine);
          Subscription b = other.subscribe("shared", theirs)) {
        tier.put("shared", bytes("before"), bytes("v"), null).get(5, TimeUnit.SECONDS);
        assertThat(theirs.next()).isEqualTo(key("before"));

        server.stop();
        assertThat(tier.get("shared", bytes("before"))).failsWithin(Duration.ofSeconds(5));
        server.restart();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!works(() -> tier.put("shared", bytes("after"), bytes("v2"), null))
            || !works(() -> other.get("shared", bytes("after")))) {
          assertThat(System.nanoTime()).as("reconnected within 15 s").isLessThan(deadline);
          Thread.sleep(50);
        }
        assertThat(other.get("shared", bytes("after")).get(5, TimeUnit.SECONDS))
            .isEqualTo(bytes("v2"));

        // Both may have missed invalidations while they were away: they were told so.
        assertThat(mine.awaitEvent(ALL)).as("mine: " + mine.pending()).isTrue();
        assertThat(theirs.awaitEvent(ALL)).as("theirs: " + theirs.pending()).isTrue();

        // And the deliveries go on, both ways.
        other.invalidate("shared", bytes("from-other")).get(5, TimeUnit.SECONDS);
        assertThat(mine.awaitEvent(key("from-other"))).isTrue();
        tier.invalidate("shared", bytes("from-mine")).get(5, TimeUnit.SECONDS);
        assertThat(theirs.awaitEvent(key("from-mine"))).isTrue();
      }
    }
  }

  @Test
  void aSubscriptionMadeWhileRedisIsDownTakesEffectWhenItIsBack() throws Exception {
    try (RedisTier tier = RedisTier.connect(server.uri(), TIMEOUT);
        RedisTier other = RedisTier.connect(server.uri(), TIMEOUT)) {
      server.stop();
      RecordingListener late = new RecordingListener();
      long start = System.nanoTime();
      try (Subscription subscription = tier.subscribe("shared", late)) {
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
            .as("subscribe does not wait for the server")
            .isLessThan(BOUND_MILLIS);

        server.restart();
        assertThat(late.awaitEvent(ALL)).as(late.pending()).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!works(() -> other.invalidate("shared", bytes("k")))) {
          assertThat(System.nanoTime()).as("reconnected within 15 s").isLessThan(deadline);
          Thread.sleep(50);
        }
        assertThat(late.awaitEvent(key("k"))).as(late.pending()).isTrue();
      }
    }
  }

  @Test
  void toStringShowsTheServerAndTheTimeout() {
    try (RedisTier tier = RedisTier.connect(server.uri(), TIMEOUT)) {
      assertThat(tier.toString()).contains("127.0.0.1:" + server.port()).contains("PT0.3S");
    }
  }

  private static boolean works(Supplier<CompletableFuture<?>> command) throws InterruptedException {
    try {
      command.get().get(5, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return false;
    }
  }
}
