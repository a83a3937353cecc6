package io.porta.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.support.EmbeddedMqtt;
import io.porta.mqtt.support.Packets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How Netty's decoder failures map to closes (MqttPipeline, DecodeFailures). */
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

  @Test
  void lengthInsidePublishPastItsRemainingLengthClosesAtOnce() {
    // Topic length 64, but the packet's remaining length (5) holds only 3 topic bytes: Netty's
    // replaying decoder alone would wait for 61 more bytes until the keepalive expired.
    mqtt.connect("dev1").send(new byte[] {0x30, 0x05, 0x00, 0x40, 'a', '/', 'b'});

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.MALFORMED_PACKET);
  }

  @Test
  void connectCutShortByItsRemainingLengthClosesAtOnce() {
    byte[] connect = Packets.connect("dev1");
    byte[] truncated = java.util.Arrays.copyOf(connect, connect.length - 3);
    truncated[1] = (byte) (truncated[1] - 3); // the password's length now points past the packet

    mqtt.send(truncated);

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.MALFORMED_PACKET);
  }

  @Test
  void packetsSplitAnywhereAndJoinedAreDecodedWhole() {
    byte[] connect = Packets.connect("dev1");
    for (byte b : connect) {
      mqtt.send(new byte[] {b}); // one byte at a time
    }
    assertThat(mqtt.read()).containsExactly(Packets.CONNACK_ACCEPTED);

    // Two packets and the first byte of a third in one read, the rest of the third in the next.
    mqtt.send(Packets.concat(Packets.PINGREQ, Packets.PINGREQ, new byte[] {(byte) 0xC0}));
    mqtt.send(new byte[] {0x00});

    assertThat(mqtt.read()).containsExactly(Packets.concat(Packets.PINGRESP, Packets.PINGRESP, Packets.PINGRESP));
    assertThat(mqtt.isOpen()).isTrue();
  }

  @Test
  void oversizedRemainingLengthClosesOnceItsHeaderIsRead() {
    // 300 000 announced after CONNECT; not one byte of the body needs to arrive.
    mqtt.connect("dev1").send(new byte[] {0x30, (byte) 0xE0, (byte) 0xA7, 0x12});

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.PACKET_TOO_LARGE);
  }

  @Test
  void framingAsksForNoMoreReadsWhileReadingIsPaused() {
    AtomicInteger reads = new AtomicInteger();
    mqtt.channel()
        .pipeline()
        .addFirst(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void read(ChannelHandlerContext ctx) {
                reads.incrementAndGet();
                ctx.read();
              }
            });
    mqtt.deferAuth();

    mqtt.send(Packets.connect("dev1"), Packets.PINGREQ); // reading pauses while the CONNECT is checked

    assertThat(mqtt.channel().config().isAutoRead()).isFalse();
    assertThat(reads).as("reads requested while paused").hasValue(0);
    mqtt.runAuth();
    assertThat(mqtt.read()).containsExactly(Packets.concat(Packets.CONNACK_ACCEPTED, Packets.PINGRESP));
  }
}
