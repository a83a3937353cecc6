package io.porta.mqtt.pipeline;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.metrics.MqttMetrics;

/**
 * Counts packets in and out by type, PUBLISHes out by dialect and QoS, and records when the device was
 * last heard from. Called by the {@link PacketDispatchHandler} for every message read and written.
 */
final class TrafficMeters {
  private final MqttMetrics metrics;

  TrafficMeters(MqttMetrics metrics) {
    this.metrics = metrics;
  }

  void received(Connection connection, Object msg) {
    if (msg instanceof MqttMessage m && m.fixedHeader() != null && m.decoderResult().isSuccess()) {
      metrics.received(m.fixedHeader().messageType());
      connection.touch();
    }
  }

  void sent(Connection connection, Object msg) {
    if (msg instanceof MqttMessage m) {
      metrics.sent(m.fixedHeader().messageType());
      if (m instanceof MqttPublishMessage publish) {
        MqttMetrics.DialectMeters meters = connection.meters();
        if (meters != null) {
          meters.downlink(publish.fixedHeader().qosLevel().value());
        }
      }
    }
  }
}
