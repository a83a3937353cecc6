package io.porta.mqtt.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.model.DeviceKey;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthFailureThrottleTest {
  static final long SECOND = 1_000_000_000L;
  static final InetAddress A = InetAddress.getLoopbackAddress();
  static final InetAddress B = OpenConnectionsTest.address(127, 0, 0, 2);
  static final DeviceKey D = new DeviceKey("p", "d");
  static final DeviceKey E = new DeviceKey("p", "e");

  final AuthFailureThrottle throttle =
      new AuthFailureThrottle(new AuthFailureLimits(Duration.ofMinutes(1), 3, 2, Duration.ofMinutes(5)));

  @Test
  void moreFailuresForADeviceThanAllowedBanItOnceUntilTheBanEnds() {
    assertThat(throttle.failed(A, D, 0)).isEmpty();
    assertThat(throttle.failed(B, D, SECOND)).isEmpty();
    assertThat(throttle.banned(A, D, SECOND)).isNull();

    assertThat(throttle.failed(A, D, 2 * SECOND)).containsExactly(AuthFailureThrottle.Scope.DEVICE);
    assertThat(throttle.failed(B, D, 3 * SECOND)).as("already banned: not started again").isEmpty();

    assertThat(throttle.banned(B, D, 4 * SECOND)).isEqualTo(AuthFailureThrottle.Scope.DEVICE);
    assertThat(throttle.banned(B, E, 4 * SECOND)).as("another device from the same address").isNull();
    assertThat(throttle.banned(B, D, 302 * SECOND)).isNull();
  }

  @Test
  void moreFailuresFromAnAddressThanAllowedBanIt() {
    throttle.failed(A, new DeviceKey("p", "1"), 0);
    throttle.failed(A, new DeviceKey("p", "2"), 0);
    throttle.failed(A, new DeviceKey("p", "3"), 0);
    assertThat(throttle.failed(A, null, 0)).containsExactly(AuthFailureThrottle.Scope.ADDRESS);

    assertThat(throttle.banned(A, E, SECOND)).isEqualTo(AuthFailureThrottle.Scope.ADDRESS);
    assertThat(throttle.banned(B, E, SECOND)).isNull();
  }

  @Test
  void failuresInAnEarlierWindowDoNotCount() {
    throttle.failed(A, D, 0);
    throttle.failed(A, D, SECOND);

    assertThat(throttle.failed(A, D, 61 * SECOND)).isEmpty();
    assertThat(throttle.banned(A, D, 61 * SECOND)).isNull();
  }
}
