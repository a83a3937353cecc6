package io.porta.mqtt.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the server wrote, read back as a client would: whole packets only, each one a server may
 * send (MQTT 3.1.1 §2.2.1) and each decoding without error; at most one CONNACK, and first.
 */
final class ServerOutput {
  private static final Set<MqttMessageType> SERVER_TO_CLIENT =
      EnumSet.of(
          MqttMessageType.CONNACK,
          MqttMessageType.PUBLISH,
          MqttMessageType.PUBACK,
          MqttMessageType.PUBREC,
          MqttMessageType.PUBREL,
          MqttMessageType.PUBCOMP,
          MqttMessageType.SUBACK,
          MqttMessageType.UNSUBACK,
          MqttMessageType.PINGRESP);

  private ServerOutput() {}

  /** Checks the bytes and returns the packet types, in order. */
  static List<MqttMessageType> check(byte[] out) {
    int packets = frames(out);
    List<MqttMessageType> types = new ArrayList<>();
    EmbeddedChannel client = new EmbeddedChannel(new MqttDecoder(1 << 20));
    try {
      client.writeInbound(Unpooled.wrappedBuffer(out));
      for (Object o = client.readInbound(); o != null; o = client.readInbound()) {
        MqttMessage m = (MqttMessage) o;
        try {
          assertThat(m.decoderResult().isSuccess()).as("server packet decodes: %s", m.decoderResult()).isTrue();
          types.add(m.fixedHeader().messageType());
        } finally {
          ReferenceCountUtil.release(m);
        }
      }
    } finally {
      client.finishAndReleaseAll();
    }
    assertThat(types).hasSize(packets).allMatch(SERVER_TO_CLIENT::contains);
    int connacks = (int) types.stream().filter(t -> t == MqttMessageType.CONNACK).count();
    assertThat(connacks).isLessThanOrEqualTo(1);
    if (connacks == 1) {
      assertThat(types.get(0)).isEqualTo(MqttMessageType.CONNACK);
    }
    return types;
  }

  /** Counts the packets by their fixed headers (§2.2.3); the bytes must end on a packet boundary. */
  private static int frames(byte[] out) {
    int i = 0;
    int n = 0;
    while (i < out.length) {
      i++; // type and flags
      int length = 0;
      int shift = 0;
      int b;
      do {
        assertThat(i).as("remaining length complete").isLessThan(out.length);
        b = out[i++] & 0xFF;
        length |= (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0 && shift < 28);
      assertThat(b & 0x80).as("remaining length of at most 4 bytes").isZero();
      i += length;
      assertThat(i).as("whole packet").isLessThanOrEqualTo(out.length);
      n++;
    }
    return n;
  }
}
