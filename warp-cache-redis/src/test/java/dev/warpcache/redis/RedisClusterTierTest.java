package dev.warpcache.redis;

import static dev.warpcache.redis.RecordingListener.ALL;
import static dev.warpcache.redis.RecordingListener.key;
import static dev.warpcache.redis.RedisNearCacheProcessTest.awaitValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.Cache;
import dev.warpcache.CacheInfo;
import dev.warpcache.CachedFunction;
import dev.warpcache.RemoteTier.Subscription;
import dev.warpcache.WarpCache;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RedisTier against a real Redis Cluster of three primaries, shared by the tests of this class.
 * Each node is also reached on its own, to see where the keys are.
 */
// Subscriptions are opened in try-with-resources only to be closed: lint's "try" warns of that.
@SuppressWarnings("try")
class RedisClusterTierTest {

  private static RedisCluster cluster;
  private static RedisClusterClient rawClusterClient;
  private static StatefulRedisClusterConnection<byte[], byte[]> rawClusterConnection;
  private static RedisAdvancedClusterCommands<byte[], byte[]> raw;
  private static final List<RedisClient> nodeClients = new ArrayList<>();
  private static final List<StatefulRedisConnection<byte[], byte[]>> nodeConnections =
      new ArrayList<>();
  private static final List<RedisCommands<byte[], byte[]>> nodes = new ArrayList<>();
  private static RedisTier tier;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.start(3);
    try {
      rawClusterClient =
          RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
      rawClusterConnection = rawClusterClient.connect(ByteArrayCodec.INSTANCE);
      raw = rawClusterConnection.sync();
      for (String uri : cluster.uris()) {
        RedisClient client = RedisClient.create(uri);
        nodeClients.add(client);
        StatefulRedisConnection<byte[], byte[]> connection =
            client.connect(ByteArrayCodec.INSTANCE);
        nodeConnections.add(connection);
        nodes.add(connection.sync());
      }
      tier = RedisTier.connectCluster(cluster.uris());
    } catch (RuntimeException | Error e) {
      stopCluster();
      throw e;
    }
  }

  @AfterAll
  static void stopCluster() {
    try {
      if (tier != null) {
        tier.close();
      }
      for (StatefulRedisConnection<byte[], byte[]> connection : nodeConnections) {
        connection.close();
      }
      for (RedisClient client : nodeClients) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      if (rawClusterConnection != null) {
        rawClusterConnection.close();
      }
      if (rawClusterClient != null) {
        rawClusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    } finally {
      cluster.close();
    }
  }

  @BeforeEach
  void flush() {
    for (RedisCommands<byte[], byte[]> node : nodes) {
      node.flushall();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(5, TimeUnit.SECONDS);
  }

  /** How many keys matching a pattern each node holds, in node order. */
  private static List<Integer> keysPerNode(String pattern) {
    // KEYS is fine on the tiny test nodes; the tier itself never uses it.
    return nodes.stream().map(node -> node.keys(pattern).size()).toList();
  }

  private static long nodesHolding(List<Integer> counts) {
    return counts.stream().filter(count -> count > 0).count();
  }

  private static void putMany(RedisTier writer, String name, int count) throws Exception {
    List<CompletableFuture<Void>> puts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      puts.add(writer.put(name, bytes("k" + i), bytes(name + i), null));
    }
    await(CompletableFuture.allOf(puts.toArray(new CompletableFuture<?>[0])));
  }

  @Test
  void theKeysOfOneCacheAreSpreadOverThePrimaries() throws Exception {
    putMany(tier, "spread", 300);

    List<Integer> counts = keysPerNode("warp:v1:spread:*");
    assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
    // No hash tag pins the cache to one slot: with 300 keys every primary has some.
    assertThat(nodesHolding(counts)).as("keys per node: " + counts).isEqualTo(3);
    List<Long> slots = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      slots.add(raw.clusterKeyslot(bytes("warp:v1:spread:k" + i)));
    }
    assertThat(slots).doesNotHaveDuplicates();
  }

  @Test
  void putGetAndInvalidateUnderTheLayoutPrefix() throws Exception {
    assertThat(await(tier.get("users", bytes("ada")))).isNull();
    await(tier.put("users", bytes("ada"), bytes("Ada Lovelace"), null));
    await(tier.put("users", bytes("alan"), bytes("Alan Turing"), null));

    assertThat(await(tier.get("users", bytes("ada")))).isEqualTo(bytes("Ada Lovelace"));
    assertThat(raw.get(bytes("warp:v1:users:ada"))).isEqualTo(bytes("Ada Lovelace"));
    assertThat(raw.pttl(bytes("warp:v1:users:ada"))).isEqualTo(-1L);
    assertThat(await(tier.get("other", bytes("ada")))).isNull();

    await(tier.put("users", bytes("ada"), bytes("Countess"), null));
    assertThat(await(tier.get("users", bytes("ada")))).isEqualTo(bytes("Countess"));

    await(tier.invalidate("users", bytes("ada")));
    assertThat(await(tier.get("users", bytes("ada")))).isNull();
    assertThat(await(tier.get("users", bytes("alan")))).isEqualTo(bytes("Alan Turing"));
    await(tier.invalidate("users", bytes("never-there")));
  }

  @Test
  void putWithTtlSetsAnExpiryAndTheValueExpires() throws Exception {
    await(tier.put("users", bytes("short"), bytes("v"), Duration.ofMillis(300)));
    assertThat(raw.pttl(bytes("warp:v1:users:short"))).isBetween(-2L, 300L).isNotEqualTo(-1L);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (await(tier.get("users", bytes("short"))) != null) {
      assertThat(System.nanoTime()).as("expired within 5 s").isLessThan(deadline);
      Thread.sleep(20);
    }
    await(tier.put("users", bytes("k"), bytes("v"), Duration.ofHours(1)));
    assertThat(raw.pttl(bytes("warp:v1:users:k"))).isGreaterThan(3_599_000L);
    // The GET and the PTTL of getEntry reach the key's primary, whichever it is.
    assertThat(await(tier.getEntry("users", bytes("k"))).remaining())
        .isGreaterThan(Duration.ofMillis(3_599_000))
        .isLessThanOrEqualTo(Duration.ofHours(1));
    await(tier.put("users", bytes("k"), bytes("v"), Duration.ZERO));
    assertThat(await(tier.getEntry("users", bytes("k")))).isNull();
    assertThat(await(tier.get("users", bytes("k")))).isNull();
  }

  @Test
  void clearRemovesTheKeysOfItsNameFromEveryPrimaryAndNothingElse() throws Exception {
    // More than one SCAN page (1,000) in all, so that clear follows cursors across nodes.
    putMany(tier, "a", 2_500);
    for (String name : List.of("a:b", "ab", "other", "a*")) {
      putMany(tier, name, 30);
    }
    raw.set(bytes("unrelated"), bytes("x"));
    assertThat(nodesHolding(keysPerNode("warp:v1:a:*"))).isEqualTo(3);

    await(tier.clear("a"));

    assertThat(keysPerNode("warp:v1:a:*")).containsExactly(0, 0, 0);
    for (String name : List.of("a:b", "ab", "other", "a*")) {
      for (int i = 0; i < 30; i++) {
        assertThat(await(tier.get(name, bytes("k" + i)))).as(name).isEqualTo(bytes(name + i));
      }
    }
    assertThat(raw.get(bytes("unrelated"))).isEqualTo(bytes("x"));
    long left = nodes.stream().mapToLong(RedisCommands::dbsize).sum();
    assertThat(left).isEqualTo(4 * 30 + 1);

    await(tier.clear("a*")); // a glob character, matched literally
    assertThat(await(tier.get("a*", bytes("k0")))).isNull();
    assertThat(await(tier.get("ab", bytes("k0")))).isEqualTo(bytes("ab0"));
  }

  @Test
  void anotherTiersWritesReachTheListenersButNotTheWritersOwn() throws Exception {
    try (RedisTier other = RedisTier.connectCluster(cluster.uris())) {
      RecordingListener mine = new RecordingListener();
      RecordingListener theirs = new RecordingListener();
      try (Subscription a = tier.subscribe("shared", mine);
          Subscription b = other.subscribe("shared", theirs)) {
        await(tier.put("shared", bytes("k1"), bytes("v"), null));
        await(tier.invalidate("shared", bytes("k2")));
        await(tier.put("elsewhere", bytes("k3"), bytes("v"), null));
        await(other.put("shared", bytes("k4"), bytes("v"), Duration.ofSeconds(10)));

        // Each PUBLISH goes through the primary of its key and crosses the cluster bus from
        // there: invalidations of one key arrive in order, those of different keys in any order.
        assertThat(List.of(theirs.next(), theirs.next()))
            .containsExactlyInAnyOrder(key("k1"), key("k2"));
        // The first event of the writer is the other tier's write: its own were skipped.
        assertThat(mine.next()).isEqualTo(key("k4"));
        assertThat(theirs.pending()).isEqualTo("[]");

        await(other.clear("shared"));
        assertThat(theirs.pending()).isEqualTo("[" + ALL + "]");
        assertThat(mine.next()).isEqualTo(ALL);
      }
    }
  }

  @Test
  void nearCachesOnTwoTiersShareValuesAndInvalidations() throws Exception {
    String name = "near-" + UUID.randomUUID().toString().substring(0, 8);
    try (RedisTier first = RedisTier.connectCluster(cluster.uris());
        RedisTier second = RedisTier.connectCluster(cluster.uris())) {
      AtomicInteger firstRuns = new AtomicInteger();
      CachedFunction<String, Integer> onFirst =
          WarpCache.builder()
              .name(name)
              .maxSize(1_000)
              .remote(first)
              .memoize(
                  (String s) -> {
                    firstRuns.incrementAndGet();
                    return s.length();
                  });
      AtomicInteger secondRuns = new AtomicInteger();
      CachedFunction<String, Integer> onSecond =
          WarpCache.builder()
              .name(name)
              .maxSize(1_000)
              .remote(second)
              .memoize(
                  (String s) -> {
                    secondRuns.incrementAndGet();
                    return -1;
                  });
      for (int k = 0; k < 20; k++) {
        assertThat(onFirst.apply("key-" + k)).isEqualTo(("key-" + k).length());
      }
      for (int round = 0; round < 2; round++) {
        for (int k = 0; k < 20; k++) {
          assertThat(onSecond.apply("key-" + k)).isEqualTo(("key-" + k).length());
        }
      }
      assertThat(firstRuns).hasValue(20);
      assertThat(secondRuns).hasValue(0);
      CacheInfo info = onSecond.cacheInfo();
      assertThat(info.remoteHits()).isEqualTo(20); // first round: from the cluster
      assertThat(info.nearHits()).isEqualTo(20); // second round: from this near cache
      assertThat(info.remoteErrors()).isZero();

      String cacheName = name + "-cache";
      Cache<String, String> writer =
          WarpCache.builder().name(cacheName).maxSize(1_000).remote(first).build();
      Cache<String, String> reader =
          WarpCache.builder().name(cacheName).maxSize(1_000).remote(second).build();
      writer.put("k", "old");
      assertThat(reader.getIfPresent("k")).isEqualTo("old"); // now a near copy on the reader
      writer.put("k", "new");
      assertThat(awaitValue(reader, "k", "new")).isTrue();
      assertThat(reader.info().remoteHits()).isGreaterThanOrEqualTo(2);

      writer.clear();
      assertThat(awaitValue(reader, "k", null)).isTrue();
    }
  }

  @Test
  void toStringAndArguments() {
    assertThat(tier.toString()).contains("cluster").contains("127.0.0.1:").contains("PT0.5S");
    assertThatThrownBy(() -> RedisTier.connectCluster(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisTier.connectCluster(cluster.uris(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    // The message names the seeds but not their passwords.
    int nobody = RedisServer.freePort();
    assertThatThrownBy(
            () ->
                RedisTier.connectCluster(
                    List.of("redis://:s3cret@127.0.0.1:" + nobody), Duration.ofMillis(200)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cluster")
        .hasMessageContaining("127.0.0.1:" + nobody)
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void connectClusterFailsOnAServerWithoutClusterSupport() {
    try (RedisServer standalone = RedisServer.start()) {
      assertThatThrownBy(
              () -> RedisTier.connectCluster(List.of(standalone.uri()), Duration.ofMillis(200)))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
