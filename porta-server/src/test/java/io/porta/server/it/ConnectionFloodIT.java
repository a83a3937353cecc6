package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Connection floods (issue 7 §2): beyond {@code porta.mqtt.max-connections-per-address} from one
 * address, or {@code porta.mqtt.max-connections} in all, a new connection is closed as it is
 * accepted, without a CONNACK, and counted; the connections already open go on being served, and a
 * freed slot is usable again. Other remote addresses are 127.0.0.2 and 127.0.0.3 (loopback).
 */
class ConnectionFloodIT {
  static final String PID = "onflood1";
  static PortaTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        PortaTestServer.start(
            Map.of("porta.mqtt.max-connections", "4", "porta.mqtt.max-connections-per-address", "3"));
    server.rest().createProduct("onenet", PID);
    for (String name : new String[] {"healthy", "dev-a1", "dev-a2", "dev-a3", "dev-b1", "dev-c1"}) {
      server.rest().createDevice(PID, name);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void connectionsBeyondTheLimitsAreClosedAtAcceptAndCounted() throws Exception {
    try (MqttClients.Device healthy = MqttClients.connect(server, PID, "healthy");
        RawMqttClient a1 = login("127.0.0.1", "dev-a1");
        RawMqttClient a2 = login("127.0.0.1", "dev-a2")) {
      // 127.0.0.1 has its 3: a fourth from it is refused.
      assertThat(refused("127.0.0.1", "dev-a3")).isTrue();
      assertThat(refusals("max_connections_per_address")).isEqualTo(1.0);

      // Another address may still connect, up to the total of 4; then nobody may.
      try (RawMqttClient b1 = login("127.0.0.2", "dev-b1")) {
        assertThat(refused("127.0.0.3", "dev-c1")).isTrue();
        assertThat(refusals("max_connections")).isEqualTo(1.0);
        healthy.publishAcknowledged(healthy.topic("dp/post/json"), "{\"id\":1,\"dp\":{\"t\":[{\"v\":1}]}}");
      }
      // b1 closed: its slot is free again (released when the server has seen the close).
      await().atMost(Duration.ofSeconds(30)).until(() -> admitted("127.0.0.3", "dev-c1"));

      a2.write(RawMqttClient.disconnect());
      await().atMost(Duration.ofSeconds(30)).until(() -> admitted("127.0.0.1", "dev-a3"));
      healthy.publishAcknowledged(healthy.topic("dp/post/json"), "{\"id\":2,\"dp\":{\"t\":[{\"v\":2}]}}");
    }
    // Refusals open no connection: nothing is left counted once every client has gone.
    await().atMost(Duration.ofSeconds(30))
        .until(() -> MetricsIT.sample(metrics(), "porta_connections", "listener=\"mqtt\"") == 0.0);
  }

  static RawMqttClient login(String localAddress, String device) throws Exception {
    RawMqttClient client = RawMqttClient.from(localAddress, server.mqttPort());
    client.write(connect(device));
    assertThat(RawMqttClient.connackCode(client.read())).isZero();
    return client;
  }

  /** Connects, logs in and disconnects; false when the server closed the connection instead. */
  static boolean admitted(String localAddress, String device) throws Exception {
    try (RawMqttClient client = RawMqttClient.from(localAddress, server.mqttPort())) {
      client.write(connect(device));
      if (RawMqttClient.connackCode(client.read()) != 0) {
        return false;
      }
      client.write(RawMqttClient.disconnect());
      return client.awaitClose();
    } catch (IOException e) {
      return false; // reset by the server
    }
  }

  /** Whether the server closes a new connection from {@code localAddress} without a CONNACK. */
  static boolean refused(String localAddress, String device) throws Exception {
    try (RawMqttClient client = RawMqttClient.from(localAddress, server.mqttPort())) {
      client.write(connect(device));
      return client.read() == null;
    } catch (IOException e) {
      return true; // reset by the server before or while the CONNECT was written
    }
  }

  static byte[] connect(String device) {
    JsonNode c = server.rest().connection(PID, device);
    return RawMqttClient.connect(
        4,
        RawMqttClient.ONENET_FLAGS,
        60,
        c.get("clientId").asText(),
        c.get("username").asText(),
        c.get("password").asText());
  }

  static double refusals(String reason) {
    return MetricsIT.sample(metrics(), "porta_connections_refused_total", "reason=\"" + reason + "\"");
  }

  static String metrics() {
    return server.rest().get("/metrics").body();
  }
}
