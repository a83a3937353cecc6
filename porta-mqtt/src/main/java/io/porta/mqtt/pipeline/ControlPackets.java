package io.porta.mqtt.pipeline;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.util.ReferenceCountUtil;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.limit.Limit;

/**
 * The remaining packets a device may send — PINGREQ (§3.12), DISCONNECT (§3.14), PUBACK for a QoS 1
 * downlink (§3.4) — and the ones it may not: PUBREC/PUBREL/PUBCOMP (no QoS 2) and the server-only
 * CONNACK/SUBACK/UNSUBACK/PINGRESP close with PROTOCOL_VIOLATION (protocols.md A.6). Called by the
 * {@link PacketDispatchHandler}.
 */
final class ControlPackets {
  private final RateLimiter limiter;

  ControlPackets(RateLimiter limiter) {
    this.limiter = limiter;
  }

  /** Takes ownership of {@code msg}. */
  void onPacket(Connection connection, Object msg) {
    try {
      if (!(msg instanceof MqttMessage m) || m.fixedHeader() == null) {
        connection.closeOnLoop(DisconnectReason.INTERNAL_ERROR, "unexpected " + msg.getClass().getName());
        return;
      }
      switch (m.fixedHeader().messageType()) {
        case PINGREQ -> {
          if (limiter.allow(connection, Limit.PINGREQS, 1)) {
            connection.channel().writeAndFlush(MqttMessage.PINGRESP, connection.channel().voidPromise());
          }
        }
        case DISCONNECT -> connection.closeOnLoop(DisconnectReason.CLIENT_DISCONNECT, null);
        case PUBACK -> {
          int id = ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
          // A.6: a client must never acknowledge an unknown packet id.
          if (!connection.packetIds().release(id)) {
            connection.closeOnLoop(DisconnectReason.PROTOCOL_VIOLATION, "PUBACK for unknown id " + id);
          } else if (connection.persistentSession() != null) {
            connection.persistentSession().acknowledged(id);
          } else {
            connection.sendWaiting();
          }
        }
        default ->
            connection.closeOnLoop(
                DisconnectReason.PROTOCOL_VIOLATION, m.fixedHeader().messageType() + " from a client");
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }
}
