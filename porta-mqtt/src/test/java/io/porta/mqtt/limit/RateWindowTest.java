package io.porta.mqtt.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.RateLimits;
import io.porta.core.model.DeviceKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Fixed windows and bans (protocols.md A.8), with explicit clock values. */
class RateWindowTest {
  private static final long SECOND = 1_000_000_000L;
  private static final RateLimits LIMITS =
      new RateLimits(Duration.ofSeconds(5), 2, 3, 0, 0, 0, 0, Duration.ofMinutes(5));

  @Test
  void countsWithinAWindowAndStartsOverInTheNext() {
    RateWindow window = new RateWindow(LIMITS, 0);

    assertThat(window.tryAcquire(Limit.PUBLISH_QOS0, 3, SECOND)).isTrue();
    assertThat(window.tryAcquire(Limit.PUBLISH_QOS0, 1, 2 * SECOND)).isFalse();
    assertThat(window.tryAcquire(Limit.PUBLISH_QOS0, 1, 6 * SECOND)).isTrue();
  }

  @Test
  void zeroMeansNoLimit() {
    RateWindow window = new RateWindow(LIMITS, 0);

    assertThat(window.tryAcquire(Limit.PUBLISH_QOS1, 1_000_000, SECOND)).isTrue();
  }

  @Test
  void connectsAreCountedPerDevice() {
    ConnectRateLimiter<DeviceKey> connects = new ConnectRateLimiter<>();
    DeviceKey a = new DeviceKey("p", "a");

    assertThat(connects.tryConnect(a, 2, 5 * SECOND, 0)).isTrue();
    assertThat(connects.tryConnect(a, 2, 5 * SECOND, SECOND)).isTrue();
    assertThat(connects.tryConnect(new DeviceKey("p", "b"), 2, 5 * SECOND, SECOND)).isTrue();
    assertThat(connects.tryConnect(a, 2, 5 * SECOND, 2 * SECOND)).isFalse();
    assertThat(connects.tryConnect(a, 2, 5 * SECOND, 5 * SECOND)).isTrue();
  }

  @Test
  void banExpires() {
    Bans<DeviceKey> bans = new Bans<>();
    DeviceKey a = new DeviceKey("p", "a");
    bans.ban(a, Duration.ofMinutes(5), 0);

    assertThat(bans.isBanned(a, 299 * SECOND)).isTrue();
    assertThat(bans.isBanned(a, 300 * SECOND)).isFalse();
  }
}
