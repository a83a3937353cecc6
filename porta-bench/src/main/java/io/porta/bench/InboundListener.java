package io.porta.bench;

import io.netty.handler.codec.mqtt.MqttPublishMessage;

/** What a traffic pattern hears from its connection; called on the connection's event loop. */
interface InboundListener {
  InboundListener NONE = new InboundListener() {};

  default void puback(int packetId, long nowNanos) {}

  default void pingresp(long nowNanos) {}

  /** A message from the server (already acknowledged); released after this returns. */
  default void publish(MqttPublishMessage message, long nowNanos) {}

  default void writable() {}

  /** The server closed the connection (not the bench). */
  default void lost() {}
}
