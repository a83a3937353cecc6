package io.porta.bench;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttPublishMessage;

/**
 * A p2p consumer on one raw connection that acknowledges each message and times it from the intended
 * send time its payload carries; subclasses say where that time is in the payload.
 */
abstract class ConsumerProbe implements DeliveryProbe, InboundListener {
  private final ClientConnection connection;
  private volatile TrafficStats stats;

  ConsumerProbe(ClientConnection connection) {
    this.connection = connection;
  }

  ClientConnection connection() {
    return connection;
  }

  /** The intended send time in nanoseconds carried by the payload, or -1. */
  abstract long intendedNanos(ByteBuf payload);

  @Override
  public boolean deliveredAtAck() {
    return false;
  }

  @Override
  public void measure(TrafficStats stats) {
    this.stats = stats;
  }

  @Override
  public void publish(MqttPublishMessage message, long now) {
    TrafficStats s = stats;
    if (s == null) {
      return;
    }
    long intended = intendedNanos(message.payload());
    if (intended < 0) {
      s.unknownDeliveries.increment();
    } else {
      s.delivered(intended, now);
    }
  }

  @Override
  public void close() {
    connection.disconnect();
  }
}
