package dev.warpcache.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InvalidationMessageTest {

  private static final byte[] SENDER = new byte[InvalidationMessage.SENDER_LENGTH];
  private static final byte[] OTHER = new byte[InvalidationMessage.SENDER_LENGTH];

  static {
    Arrays.fill(SENDER, (byte) 7);
    Arrays.fill(OTHER, (byte) 9);
  }

  @Test
  void aKeyMessageRoundTrips() {
    byte[] key = {0, (byte) 0xff, 'k'};

    InvalidationMessage message = InvalidationMessage.decode(InvalidationMessage.key(SENDER, key));

    assertThat(message).isNotNull();
    assertThat(message.isAll()).isFalse();
    assertThat(message.key()).isEqualTo(key);
    assertThat(message.isFrom(SENDER)).isTrue();
    assertThat(message.isFrom(OTHER)).isFalse();
  }

  @Test
  void anEmptyKeyIsAKey() {
    InvalidationMessage message =
        InvalidationMessage.decode(InvalidationMessage.key(SENDER, new byte[0]));

    assertThat(message.isAll()).isFalse();
    assertThat(message.key()).isEmpty();
  }

  @Test
  void anAllMessageRoundTrips() {
    InvalidationMessage message = InvalidationMessage.decode(InvalidationMessage.all(OTHER));

    assertThat(message.isAll()).isTrue();
    assertThat(message.isFrom(OTHER)).isTrue();
    assertThat(message.isFrom(SENDER)).isFalse();
  }

  @Test
  void foreignBytesDecodeToNull() {
    byte[] valid = InvalidationMessage.key(SENDER, new byte[] {1});

    assertThat(InvalidationMessage.decode(null)).isNull();
    assertThat(InvalidationMessage.decode(new byte[0])).isNull();
    assertThat(InvalidationMessage.decode(Arrays.copyOf(valid, 5))).isNull();
    byte[] otherVersion = valid.clone();
    otherVersion[0] = 2;
    assertThat(InvalidationMessage.decode(otherVersion)).isNull();
    byte[] otherKind = valid.clone();
    otherKind[1] = 'x';
    assertThat(InvalidationMessage.decode(otherKind)).isNull();
    byte[] allWithKey = InvalidationMessage.key(SENDER, new byte[] {1});
    allWithKey[1] = 'a';
    assertThat(InvalidationMessage.decode(allWithKey)).isNull();
  }

  @Test
  void theSenderHasSixteenBytes() {
    assertThatThrownBy(() -> InvalidationMessage.all(new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
