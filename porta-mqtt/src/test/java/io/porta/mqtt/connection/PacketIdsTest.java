package io.porta.mqtt.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Packet ids 1..65535, never reused while in flight (MQTT 3.1.1 §2.3.1). */
class PacketIdsTest {
  @Test
  void idsStartAtOneAndAreReleasedByPuback() {
    PacketIds ids = new PacketIds();

    assertThat(ids.allocate()).isEqualTo(1);
    assertThat(ids.allocate()).isEqualTo(2);
    assertThat(ids.release(1)).isTrue();
    assertThat(ids.release(1)).isFalse();
    assertThat(ids.inFlight()).isEqualTo(1);
  }

  @Test
  void wrapAroundSkipsIdsStillInFlightAndNeverYieldsZero() {
    PacketIds ids = new PacketIds();
    int first = ids.allocate(); // 1 stays in flight
    for (int i = 2; i <= 65535; i++) {
      int id = ids.allocate();
      ids.release(id);
    }

    int next = ids.allocate();

    assertThat(first).isEqualTo(1);
    assertThat(next).isEqualTo(2);
  }

  @Test
  void tooManyInFlightIsRefused() {
    PacketIds ids = new PacketIds();
    for (int i = 0; i < PacketIds.MAX_IN_FLIGHT; i++) {
      ids.allocate();
    }

    assertThat(ids.allocate()).isEqualTo(-1);
  }
}
