package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-device rate limits (protocols.md A.8): exceeding one disconnects and bans the device. */
class OneNetRateLimitIT {
  static PortaTestServer server;
  static final String PID = "onrate01";

  @BeforeAll
  static void start() throws Exception {
    // A long window so that counts cannot reset while a test runs: no timing in the assertions.
    server =
        PortaTestServer.start(
            Map.of(
                "porta.onenet.rate-limits.window", "1h",
                "porta.onenet.rate-limits.publish-qos0", "5",
                "porta.onenet.rate-limits.publish-qos1", "3",
                "porta.onenet.rate-limits.pingreq", "2",
                "porta.onenet.rate-limits.connect", "3",
                "porta.onenet.rate-limits.ban", "1h"));
    server.rest().createProduct("onenet", PID);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String password(String name) {
    return server.rest().connection(PID, name).get("password").asText();
  }

  @Test
  void tooManyQos0PublishesDisconnectAndBan() {
    server.rest().createDevice(PID, "rate-q0");
    String password = password("rate-q0");
    MqttClients.Device d = MqttClients.connect(server, PID, "rate-q0");
    for (int i = 0; i < 6; i++) {
      d.publish(d.topic("dp/post/json"), "{\"id\":" + (i + 1) + ",\"dp\":{\"x\":[{\"v\":1}]}}", MqttQos.AT_MOST_ONCE);
    }
    await().until(() -> !d.client.getState().isConnected());
    assertThat(MqttClients.tryConnect(server.mqttPort(), "rate-q0", PID, password))
        .as("banned")
        .isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
  }

  @Test
  void tooManyQos1PublishesDisconnect() {
    server.rest().createDevice(PID, "rate-q1");
    MqttClients.Device d = MqttClients.connect(server, PID, "rate-q1");
    for (int i = 0; i < 3; i++) {
      d.publish(d.topic("dp/post/json"), "{\"id\":" + (i + 1) + ",\"dp\":{\"x\":[{\"v\":1}]}}", MqttQos.AT_LEAST_ONCE);
    }
    assertThat(d.client.getState().isConnected()).isTrue();
    d.client.toAsync().publishWith().topic(d.topic("dp/post/json")).qos(MqttQos.AT_LEAST_ONCE).payload("{\"id\":4,\"dp\":{\"x\":[{\"v\":1}]}}".getBytes()).send();
    await().until(() -> !d.client.getState().isConnected());
  }

  @Test
  void tooManyConnectsAreRefused() {
    server.rest().createDevice(PID, "rate-conn");
    String password = password("rate-conn");
    for (int i = 0; i < 3; i++) {
      assertThat(MqttClients.tryConnect(server.mqttPort(), "rate-conn", PID, password)).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
    }
    assertThat(MqttClients.tryConnect(server.mqttPort(), "rate-conn", PID, password)).isNotEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
  }

  @Test
  void tooManyPingsDisconnect() throws Exception {
    server.rest().createDevice(PID, "rate-ping");
    try (RawMqttClient raw = new RawMqttClient(server.mqttPort())) {
      raw.write(RawMqttClient.connect(4, RawMqttClient.ONENET_FLAGS, 60, "rate-ping", PID, password("rate-ping")));
      assertThat(RawMqttClient.connackCode(raw.read())).isZero();
      raw.write(RawMqttClient.pingreq());
      raw.write(RawMqttClient.pingreq());
      raw.write(RawMqttClient.pingreq());
      assertThat(raw.awaitClose()).isTrue();
    }
  }

  @Test
  void limitsAreCountedInMetrics() {
    String metrics = server.rest().get("/metrics").body();
    assertThat(metrics).contains("porta_disconnects_total");
  }
}
