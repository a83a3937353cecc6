package io.porta.mqtt.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.util.ReferenceCountUtil;
import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.ConnectionState;
import io.porta.mqtt.metrics.MqttMetrics;
import io.porta.mqtt.metrics.MqttMetrics.ConnectResult;

/**
 * Turns Netty's decoder failures into the answers the rules ask for. {@code MqttDecoder} does not
 * throw: it emits a message whose decoder result carries the cause, then discards the rest of the
 * stream. The causes, mapped:
 *
 * <ul>
 *   <li>{@link MqttUnacceptableProtocolVersionException} (a level other than MQIsdp/3, MQTT/4, MQTT/5)
 *       on the first CONNECT → CONNACK 1 (MQTT 3.1.1 §3.1.2.2; protocols.md A.4);
 *   <li>{@link MqttIdentifierRejectedException} (client id too long, or empty on 3.1) → CONNACK 2
 *       (§3.1.3.1);
 *   <li>{@link TooLongFrameException} → close PACKET_TOO_LARGE (protocols.md A.6: 256 KB);
 *   <li>a PUBLISH topic with wildcards (Netty checks it, §3.3.2.1) → close ILLEGAL_TOPIC;
 *   <li>anything else ({@code DecoderException}: bad flags, reserved bits, lengths, UTF-8) → close
 *       MALFORMED_PACKET.
 * </ul>
 *
 * A failed CONNECT after the first one is a second CONNECT (DUPLICATE_CONNECT, §3.1.0). Asked by the
 * {@link PacketDispatchHandler} about every message before anything else looks at it.
 */
final class DecodeFailures {
  // Netty 4.2's message for a PUBLISH topic with '+' or '#'; DecodeFailureTest pins it.
  private static final String WILDCARD_TOPIC = "invalid publish topic name";

  private final MqttMetrics metrics;

  DecodeFailures(MqttMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Answers a message the decoder failed on, releases it and closes. @return false (nothing done) for
   * anything else
   */
  boolean handled(ChannelHandlerContext ctx, Connection connection, Object msg) {
    if (!(msg instanceof MqttMessage m) || m.decoderResult().isSuccess()) {
      return false;
    }
    ReferenceCountUtil.release(msg);
    Throwable cause = m.decoderResult().cause();
    boolean firstConnect = connection.state() == ConnectionState.AWAITING_CONNECT;
    if (cause instanceof MqttUnacceptableProtocolVersionException) {
      refuseConnect(ctx, connection, firstConnect, ConnectRefusal.UNACCEPTABLE_PROTOCOL_VERSION, cause);
    } else if (cause instanceof MqttIdentifierRejectedException) {
      refuseConnect(ctx, connection, firstConnect, ConnectRefusal.IDENTIFIER_REJECTED, cause);
    } else if (cause instanceof TooLongFrameException) {
      connection.closeOnLoop(DisconnectReason.PACKET_TOO_LARGE, cause.getMessage());
    } else if (isPublish(m) && String.valueOf(cause.getMessage()).contains(WILDCARD_TOPIC)) {
      connection.closeOnLoop(DisconnectReason.ILLEGAL_TOPIC, "wildcard in a PUBLISH topic");
    } else {
      connection.closeOnLoop(DisconnectReason.MALFORMED_PACKET, cause.getMessage());
    }
    return true;
  }

  private void refuseConnect(
      ChannelHandlerContext ctx, Connection connection, boolean first, int code, Throwable cause) {
    if (!first) {
      connection.closeOnLoop(DisconnectReason.DUPLICATE_CONNECT, "second CONNECT");
      return;
    }
    metrics.connect(
        code == ConnectRefusal.UNACCEPTABLE_PROTOCOL_VERSION
            ? ConnectResult.UNSUPPORTED_PROTOCOL
            : ConnectResult.IDENTIFIER_REJECTED);
    connection.connectReceived(System.nanoTime()); // decoded just now: answered at once
    ConnAcks.write(ctx, metrics, code);
    connection.closeOnLoop(DisconnectReason.CONNECT_REFUSED, cause.getMessage());
  }

  private static boolean isPublish(MqttMessage m) {
    return m.fixedHeader() != null && m.fixedHeader().messageType() == MqttMessageType.PUBLISH;
  }
}
