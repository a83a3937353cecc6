package io.porta.mqtt.pipeline;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.porta.core.dialect.ConnectRequest;
import io.porta.mqtt.connection.Connection;

/** The dialect-neutral {@link ConnectRequest} of a decoded CONNECT. */
final class ConnectRequests {
  private ConnectRequests() {}

  static ConnectRequest of(MqttConnectMessage msg, Connection connection) {
    MqttConnectVariableHeader header = msg.variableHeader();
    MqttConnectPayload payload = msg.payload();
    return new ConnectRequest(
        header.version(),
        payload.clientIdentifier(),
        payload.userName(),
        header.hasPassword() ? payload.passwordInBytes() : null,
        header.isCleanSession(),
        header.keepAliveTimeSeconds(),
        header.isWillFlag(),
        header.willQos(),
        header.isWillRetain(),
        connection.tls(),
        connection.remoteAddress());
  }
}
