package io.porta.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.support.EmbeddedMqtt;
import io.porta.mqtt.support.Packets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How Netty's decoder failures map to closes (MqttPipeline, DecodeFailureHandler). */
class DecodeFailureTest {
  private final EmbeddedMqtt mqtt = new EmbeddedMqtt();

  @AfterEach
  void close() {
    mqtt.close();
  }

  @Test
  void oversizedPacketCloses() {
    mqtt.connect("dev1").send(Packets.publish(0, false, "a/b", 0, "x".repeat(2000))); // limit 1024

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.PACKET_TOO_LARGE);
  }

  @Test
  void oversizedFirstPacketClosesBeforeItArrivesWhole() {
    // Only the fixed header of a 100 000-byte CONNECT: the length alone is enough to refuse it.
    mqtt.send(new byte[] {0x10, (byte) 0xA0, (byte) 0x8D, 0x06});

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.PACKET_TOO_LARGE);
  }

  @Test
  void remainingLengthOfFiveBytesIsMalformed() {
    mqtt.send(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.MALFORMED_PACKET);
  }

  @Test
  void reservedPacketTypeZeroIsMalformed() {
    mqtt.connect("dev1").send(new byte[] {0x00, 0x00});

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.MALFORMED_PACKET);
  }

  @Test
  void subscribeWithWrongFixedHeaderFlagsIsMalformed() {
    byte[] subscribe = Packets.subscribe(1, "a/b");
    subscribe[0] = (byte) 0x80; // §3.8.1: the flags must be 0010

    mqtt.connect("dev1").send(subscribe);

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.MALFORMED_PACKET);
  }

  @Test
  void connectWithReservedFlagSetIsMalformed() {
    byte[] connect = Packets.connect("dev1");
    connect[9] = (byte) 0xC3; // §3.1.2.3: reserved bit 0 must be 0

    mqtt.send(connect);

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.MALFORMED_PACKET);
  }

  @Test
  void publishTopicWithWildcardCloses() {
    mqtt.connect("dev1").send(Packets.publish(0, false, "a/+/b", 0, "x"));

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.ILLEGAL_TOPIC);
  }

  @Test
  void publishTopicWithHashCloses() {
    mqtt.connect("dev1").send(Packets.publish(1, false, "a/#", 1, "x"));

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.ILLEGAL_TOPIC);
  }

  @Test
  void emptyPublishTopicCloses() {
    mqtt.connect("dev1").send(Packets.publish(0, false, "", 0, "x"));

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.ILLEGAL_TOPIC);
  }
}
