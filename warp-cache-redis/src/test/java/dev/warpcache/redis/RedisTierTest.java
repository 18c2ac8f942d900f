package dev.warpcache.redis;

import static dev.warpcache.redis.RecordingListener.ALL;
import static dev.warpcache.redis.RecordingListener.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warpcache.RemoteTier;
import dev.warpcache.RemoteTier.Subscription;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RedisTier against a real Redis server, shared by the tests of this class. */
// Subscriptions are opened in try-with-resources only to be closed: lint's "try" warns of that.
@SuppressWarnings("try")
class RedisTierTest {

  private static RedisServer server;
  private static RedisClient rawClient;
  private static StatefulRedisConnection<byte[], byte[]> rawConnection;
  private static RedisCommands<byte[], byte[]> raw;
  private static RedisTier tier;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
    try {
      rawClient = RedisClient.create(server.uri());
      rawConnection = rawClient.connect(ByteArrayCodec.INSTANCE);
      raw = rawConnection.sync();
      tier = RedisTier.connect(server.uri());
    } catch (RuntimeException | Error e) {
      stopRedis();
      throw e;
    }
  }

  @AfterAll
  static void stopRedis() {
    try {
      if (tier != null) {
        tier.close();
      }
      if (rawConnection != null) {
        rawConnection.close();
      }
      if (rawClient != null) {
        rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    } finally {
      server.close();
    }
  }

  @BeforeEach
  void flush() {
    raw.flushall();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static long subscribers(String channel) {
    // The map is keyed by byte arrays, which compare by identity: sum its only value.
    return raw.pubsubNumsub(bytes(channel)).values().stream().mapToLong(Long::longValue).sum();
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(5, TimeUnit.SECONDS);
  }

  @Test
  void getOfAMissingKeyIsNull() throws Exception {
    assertThat(await(tier.get("users", bytes("nobody")))).isNull();
  }

  @Test
  void putThenGetUnderTheLayoutPrefix() throws Exception {
    await(tier.put("users", bytes("ada"), bytes("Ada Lovelace"), null));

    assertThat(await(tier.get("users", bytes("ada")))).isEqualTo(bytes("Ada Lovelace"));
    assertThat(raw.get(bytes("warp:v1:users:ada"))).isEqualTo(bytes("Ada Lovelace"));
    assertThat(raw.pttl(bytes("warp:v1:users:ada"))).isEqualTo(-1L);
    assertThat(await(tier.get("other", bytes("ada")))).isNull();
  }

  @Test
  void putReplacesTheValue() throws Exception {
    await(tier.put("users", bytes("k"), bytes("one"), null));
    await(tier.put("users", bytes("k"), bytes("two"), null));

    assertThat(await(tier.get("users", bytes("k")))).isEqualTo(bytes("two"));
  }

  @Test
  void putWithTtlSetsAnExpiryAndTheValueExpires() throws Exception {
    await(tier.put("users", bytes("short"), bytes("v"), Duration.ofMillis(300)));

    long pttl = raw.pttl(bytes("warp:v1:users:short"));
    assertThat(pttl).isBetween(-2L, 300L).isNotEqualTo(-1L);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (await(tier.get("users", bytes("short"))) != null) {
      assertThat(System.nanoTime()).as("expired within 5 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void getEntryTellsHowLongTheValueHasLeft() throws Exception {
    assertThat(await(tier.getEntry("users", bytes("none")))).isNull();

    await(tier.put("users", bytes("forever"), bytes("v"), null));
    RemoteTier.Entry forever = await(tier.getEntry("users", bytes("forever")));
    assertThat(forever.value()).isEqualTo(bytes("v"));
    assertThat(forever.remaining()).isNull();

    await(tier.put("users", bytes("timed"), bytes("w"), Duration.ofSeconds(30)));
    Thread.sleep(50);
    RemoteTier.Entry timed = await(tier.getEntry("users", bytes("timed")));
    assertThat(timed.value()).isEqualTo(bytes("w"));
    assertThat(timed.remaining())
        .isPositive()
        .isLessThanOrEqualTo(Duration.ofSeconds(30).minusMillis(40));
  }

  @Test
  void subMillisecondTtlIsRoundedUpAndAPastTtlRemovesTheValue() throws Exception {
    await(tier.put("users", bytes("k"), bytes("v"), Duration.ofHours(1).plusNanos(1)));
    assertThat(raw.pttl(bytes("warp:v1:users:k"))).isGreaterThan(3_599_000L);

    await(tier.put("users", bytes("k"), bytes("v"), Duration.ZERO));
    assertThat(await(tier.get("users", bytes("k")))).isNull();

    await(tier.put("users", bytes("k"), bytes("v"), Duration.ofSeconds(Long.MAX_VALUE)));
    assertThat(raw.pttl(bytes("warp:v1:users:k"))).isEqualTo(-1L);
  }

  @Test
  void invalidateRemovesTheValue() throws Exception {
    await(tier.put("users", bytes("k"), bytes("v"), null));
    await(tier.put("users", bytes("other"), bytes("v"), null));

    await(tier.invalidate("users", bytes("k")));

    assertThat(await(tier.get("users", bytes("k")))).isNull();
    assertThat(await(tier.get("users", bytes("other")))).isEqualTo(bytes("v"));
    await(tier.invalidate("users", bytes("never-there")));
  }

  @Test
  void clearRemovesTheKeysOfItsNameOnly() throws Exception {
    for (String name : List.of("a", "a:b", "ab", "other", "a*", "a[x]")) {
      await(tier.put(name, bytes("k1"), bytes(name), null));
      await(tier.put(name, bytes("k2"), bytes(name), null));
    }
    raw.set(bytes("unrelated"), bytes("x"));

    await(tier.clear("a"));

    assertThat(await(tier.get("a", bytes("k1")))).isNull();
    assertThat(await(tier.get("a", bytes("k2")))).isNull();
    for (String name : List.of("a:b", "ab", "other", "a*", "a[x]")) {
      assertThat(await(tier.get(name, bytes("k1")))).as(name).isEqualTo(bytes(name));
      assertThat(await(tier.get(name, bytes("k2")))).as(name).isEqualTo(bytes(name));
    }
    assertThat(raw.get(bytes("unrelated"))).isEqualTo(bytes("x"));

    // Names holding glob characters or the separator are matched literally.
    await(tier.clear("a*"));
    await(tier.clear("a:b"));
    assertThat(await(tier.get("a*", bytes("k1")))).isNull();
    assertThat(await(tier.get("a:b", bytes("k1")))).isNull();
    assertThat(await(tier.get("ab", bytes("k1")))).isEqualTo(bytes("ab"));
    assertThat(await(tier.get("a[x]", bytes("k1")))).isEqualTo(bytes("a[x]"));
  }

  @Test
  void clearWalksMoreKeysThanOnePage() throws Exception {
    List<CompletableFuture<Void>> puts = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      puts.add(tier.put("big", bytes("k" + i), bytes("v"), null));
    }
    await(CompletableFuture.allOf(puts.toArray(new CompletableFuture<?>[0])));
    await(tier.put("small", bytes("k"), bytes("v"), null));

    await(tier.clear("big"));

    KeyScanCursor<byte[]> page =
        raw.scan(ScanCursor.INITIAL, ScanArgs.Builder.matches("warp:v1:big:*").limit(10_000));
    List<byte[]> left = new ArrayList<>(page.getKeys());
    while (!page.isFinished()) {
      page = raw.scan(page, ScanArgs.Builder.matches("warp:v1:big:*").limit(10_000));
      left.addAll(page.getKeys());
    }
    assertThat(left).isEmpty();
    assertThat(raw.dbsize()).isEqualTo(1L);
  }

  @Test
  void keysAndValuesOfEveryByteValue() throws Exception {
    byte[] everyByte = new byte[256];
    for (int i = 0; i < 256; i++) {
      everyByte[i] = (byte) i;
    }
    await(tier.put("bin", everyByte, everyByte, null));
    for (int i = 0; i < 256; i++) {
      await(tier.put("bin", new byte[] {(byte) i}, new byte[] {(byte) i, 0}, null));
    }
    await(tier.put("bin", new byte[0], bytes("empty key"), null));

    assertThat(await(tier.get("bin", everyByte))).isEqualTo(everyByte);
    for (int i = 0; i < 256; i++) {
      assertThat(await(tier.get("bin", new byte[] {(byte) i}))).isEqualTo(new byte[] {(byte) i, 0});
    }
    assertThat(await(tier.get("bin", new byte[0]))).isEqualTo(bytes("empty key"));
    byte[] prefix = bytes("warp:v1:bin:");
    byte[] redisKey = Arrays.copyOf(prefix, prefix.length + 256);
    System.arraycopy(everyByte, 0, redisKey, prefix.length, 256);
    assertThat(raw.get(redisKey)).isEqualTo(everyByte);

    await(tier.clear("bin"));
    assertThat(raw.dbsize()).isZero();
  }

  @Test
  void anotherTiersWritesReachTheListenersButNotTheWritersOwn() throws Exception {
    try (RedisTier other = RedisTier.connect(server.uri())) {
      RecordingListener mine = new RecordingListener();
      RecordingListener theirs = new RecordingListener();
      try (Subscription a = tier.subscribe("shared", mine);
          Subscription b = other.subscribe("shared", theirs)) {
        await(tier.put("shared", bytes("k1"), bytes("v"), null));
        await(tier.invalidate("shared", bytes("k2")));
        await(tier.put("elsewhere", bytes("k3"), bytes("v"), null));
        await(other.put("shared", bytes("k4"), bytes("v"), Duration.ofSeconds(10)));

        assertThat(theirs.next()).isEqualTo(key("k1"));
        assertThat(theirs.next()).isEqualTo(key("k2"));
        // The first event of the writer is the other tier's write: its own were skipped.
        assertThat(mine.next()).isEqualTo(key("k4"));
        assertThat(theirs.pending()).isEqualTo("[]");
      }
    }
  }

  @Test
  void clearReachesEveryListenerIncludingTheClearers() throws Exception {
    try (RedisTier other = RedisTier.connect(server.uri())) {
      RecordingListener mine = new RecordingListener();
      RecordingListener theirs = new RecordingListener();
      RecordingListener unrelated = new RecordingListener();
      try (Subscription a = tier.subscribe("shared", mine);
          Subscription b = other.subscribe("shared", theirs);
          Subscription c = other.subscribe("unrelated", unrelated)) {
        await(tier.clear("shared"));
        // The clearer's own listeners were told before clear completed.
        assertThat(mine.pending()).isEqualTo("[" + ALL + "]");
        assertThat(theirs.next()).isEqualTo(ALL);

        await(tier.put("unrelated", bytes("k"), bytes("v"), null));
        assertThat(unrelated.next()).isEqualTo(key("k"));
      }
    }
  }

  @Test
  void aClosedSubscriptionIsNotDeliveredTo() throws Exception {
    try (RedisTier other = RedisTier.connect(server.uri())) {
      RecordingListener closed = new RecordingListener();
      RecordingListener open = new RecordingListener();
      Subscription closing = other.subscribe("shared", closed);
      try (Subscription kept = other.subscribe("shared", open)) {
        await(tier.put("shared", bytes("k1"), bytes("v"), null));
        assertThat(open.next()).isEqualTo(key("k1"));
        assertThat(closed.next()).isEqualTo(key("k1"));

        closing.close();
        closing.close();
        await(tier.put("shared", bytes("k2"), bytes("v"), null));

        assertThat(open.next()).isEqualTo(key("k2"));
        assertThat(closed.pending()).isEqualTo("[]");
      }
      // The last subscription of the channel is gone: the tier unsubscribed it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (subscribers("warp:v1:inv:shared") != 0L) {
        assertThat(System.nanoTime()).as("unsubscribed within 5 s").isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }

  @Test
  void aThrowingListenerDoesNotStopTheOthers() throws Exception {
    try (RedisTier other = RedisTier.connect(server.uri())) {
      RecordingListener after = new RecordingListener();
      try (Subscription failing =
              other.subscribe(
                  "shared",
                  new dev.warpcache.RemoteTier.InvalidationListener() {
                    @Override
                    public void invalidated(byte[] key) {
                      throw new IllegalStateException("expected by the test");
                    }

                    @Override
                    public void invalidatedAll() {
                      throw new IllegalStateException("expected by the test");
                    }
                  });
          Subscription kept = other.subscribe("shared", after)) {
        await(tier.put("shared", bytes("k"), bytes("v"), null));
        assertThat(after.next()).isEqualTo(key("k"));
      }
    }
  }

  @Test
  void aClosedTierFailsItsCommands() {
    RedisTier closing = RedisTier.connect(server.uri(), Duration.ofMillis(200));
    assertThat(closing.timeout()).isEqualTo(Duration.ofMillis(200));
    closing.close();
    closing.close();

    assertThat(closing.get("users", bytes("k"))).isCompletedExceptionally();
    assertThat(closing.put("users", bytes("k"), bytes("v"), null)).isCompletedExceptionally();
    assertThatThrownBy(() -> closing.subscribe("users", new RecordingListener()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void connectChecksItsArguments() {
    assertThatThrownBy(() -> RedisTier.connect(server.uri(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisTier.connect("http://example"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RedisTier.DEFAULT_TIMEOUT).isEqualTo(Duration.ofMillis(500));
  }
}
