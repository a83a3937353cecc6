package io.porta.mqtt.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class OpenConnectionsTest {
  static final InetAddress A = InetAddress.getLoopbackAddress();
  static final InetAddress B = address(127, 0, 0, 2);

  static InetAddress address(int... octets) {
    try {
      return InetAddress.getByAddress(
          new byte[] {(byte) octets[0], (byte) octets[1], (byte) octets[2], (byte) octets[3]});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void perAddressLimitRefusesOnlyThatAddressAndFreesOnRelease() {
    OpenConnections open = new OpenConnections(new ConnectionLimits(0, 2));

    assertThat(open.admit(A)).isNull();
    assertThat(open.admit(A)).isNull();
    assertThat(open.admit(A)).isEqualTo(OpenConnections.Refusal.MAX_CONNECTIONS_PER_ADDRESS);
    assertThat(open.admit(B)).isNull();

    open.release(A);
    assertThat(open.admit(A)).isNull();
  }

  @Test
  void globalLimitCountsEveryAddressAndARefusalTakesNoSlot() {
    OpenConnections open = new OpenConnections(new ConnectionLimits(2, 1));

    assertThat(open.admit(A)).isNull();
    assertThat(open.admit(A)).isEqualTo(OpenConnections.Refusal.MAX_CONNECTIONS_PER_ADDRESS);
    assertThat(open.admit(B)).isNull();
    assertThat(open.admit(address(127, 0, 0, 3))).isEqualTo(OpenConnections.Refusal.MAX_CONNECTIONS);

    open.release(B);
    assertThat(open.admit(address(127, 0, 0, 3))).isNull();
  }

  @Test
  void zeroIsUnlimited() {
    OpenConnections open = new OpenConnections(ConnectionLimits.UNLIMITED);
    for (int i = 0; i < 10_000; i++) {
      assertThat(open.admit(A)).isNull();
    }
  }
}
