package io.porta.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.support.EmbeddedMqtt;
import io.porta.mqtt.support.Packets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Packets a device may not send close with PROTOCOL_VIOLATION (protocols.md A.6): the QoS 2 flow and
 * the server-only packets. PINGREQ and DISCONNECT are the allowed control packets.
 */
class ForbiddenPacketsTest {
  private final EmbeddedMqtt mqtt = new EmbeddedMqtt();

  @AfterEach
  void close() {
    mqtt.close();
  }

  static Stream<Arguments> forbidden() {
    return Stream.of(
        Arguments.of("PUBREC", Packets.pubrec(1)),
        Arguments.of("PUBREL", Packets.pubrel(1)),
        Arguments.of("PUBCOMP", Packets.pubcomp(1)),
        Arguments.of("CONNACK", Packets.CONNACK_ACCEPTED),
        Arguments.of("SUBACK", Packets.suback(1, 0)),
        Arguments.of("UNSUBACK", Packets.unsuback(1)),
        Arguments.of("PINGRESP", Packets.PINGRESP));
  }

  @ParameterizedTest(name = "{0} from a client closes")
  @MethodSource("forbidden")
  void forbiddenPacketCloses(String name, byte[] packet) {
    mqtt.connect("dev1").send(packet);

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.PROTOCOL_VIOLATION);
  }

  @Test
  void pingreqGetsPingresp() {
    mqtt.connect("dev1").send(Packets.PINGREQ);

    assertThat(mqtt.read()).containsExactly(Packets.PINGRESP);
    assertThat(mqtt.isOpen()).isTrue();
  }

  @Test
  void disconnectClosesAsClientDisconnect() {
    mqtt.connect("dev1").send(Packets.DISCONNECT);

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.CLIENT_DISCONNECT);
    assertThat(mqtt.disconnects(DisconnectReason.CLIENT_DISCONNECT)).isEqualTo(1);
  }

  @Test
  void pubackForAnUnknownPacketIdCloses() {
    mqtt.connect("dev1").send(Packets.puback(42));

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.PROTOCOL_VIOLATION);
  }
}
