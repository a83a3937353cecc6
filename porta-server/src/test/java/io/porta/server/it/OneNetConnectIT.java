package io.porta.server.it;

import static io.porta.server.it.RawMqttClient.ONENET_FLAGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import io.porta.core.dialect.onenet.OneNetToken;
import io.porta.server.it.RawMqttClient.Packet;
import java.time.Instant;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OneNET CONNECT rules (protocols.md A.2–A.5, design.md "Dialect rules"), end to end. */
class OneNetConnectIT {
  static PortaTestServer server;
  static String pid = "onconn01";
  static String productKey;
  static String deviceKey;

  @BeforeAll
  static void start() throws Exception {
    // This class logs devices in many times; the CONNECT rate limit has its own test.
    server = PortaTestServer.start(java.util.Map.of("porta.onenet.rate-limits.connect", "10000"));
    productKey = server.rest().createProduct("onenet", pid).get("secret").asText();
    deviceKey = server.rest().createDevice(pid, "dev-conn").get("secret").asText();
    server.rest().createDevice(pid, "dev-other");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static long inOneHour() {
    return Instant.now().getEpochSecond() + 3600;
  }

  static String res(String dn) {
    return "products/" + pid + "/devices/" + dn;
  }

  @Test
  void deviceKeyTokenFromConnectionEndpointIsAccepted() {
    try (MqttClients.Device d = MqttClients.connect(server, pid, "dev-conn")) {
      assertThat(d.client.getState().isConnected()).isTrue();
      JsonNode shown = server.rest().get("/products/" + pid + "/devices/dev-conn").json();
      assertThat(shown.get("online").asBoolean()).isTrue();
      assertThat(shown.get("protocolLevel").asInt()).isEqualTo(4);
    }
  }

  @Test
  void everySignatureMethodIsAccepted() {
    for (String method : new String[] {"md5", "sha1", "sha256"}) {
      String token = OneNetToken.sign(res("dev-conn"), inOneHour(), method, deviceKey);
      assertThat(MqttClients.tryConnect(server.mqttPort(), "dev-conn", pid, token))
          .as(method)
          .isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
    }
  }

  @Test
  void productKeyWithProductResourceIsAccepted() {
    String token = OneNetToken.sign("products/" + pid, inOneHour(), "sha1", productKey);
    assertThat(MqttClients.tryConnect(server.mqttPort(), "dev-conn", pid, token)).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
  }

  @Test
  void productKeyWithDeviceResourceIsAccepted() {
    String token = OneNetToken.sign(res("dev-conn"), inOneHour(), "sha256", productKey);
    assertThat(MqttClients.tryConnect(server.mqttPort(), "dev-conn", pid, token)).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
  }

  @Test
  void deviceKeyWithProductResourceIsRefusedWith4() {
    String token = OneNetToken.sign("products/" + pid, inOneHour(), "sha1", deviceKey);
    assertThat(MqttClients.tryConnect(server.mqttPort(), "dev-conn", pid, token))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
  }

  @Test
  void anotherDevicesKeyIsRefusedWith4() {
    String otherKey = server.rest().get("/products/" + pid + "/devices/dev-other").json().get("secret").asText();
    String token = OneNetToken.sign(res("dev-conn"), inOneHour(), "sha1", otherKey);
    assertThat(MqttClients.tryConnect(server.mqttPort(), "dev-conn", pid, token))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
  }

  @Test
  void resourceNamingAnotherDeviceIsRefusedWith4() {
    String token = OneNetToken.sign(res("dev-other"), inOneHour(), "sha1", productKey);
    assertThat(MqttClients.tryConnect(server.mqttPort(), "dev-conn", pid, token))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
  }

  @Test
  void expiredTokenIsRefusedWith4() {
    String token = OneNetToken.sign(res("dev-conn"), Instant.now().getEpochSecond() - 10, "sha1", deviceKey);
    assertThat(MqttClients.tryConnect(server.mqttPort(), "dev-conn", pid, token))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
  }

  @Test
  void tamperedSignatureIsRefusedWith4() {
    String token = OneNetToken.sign(res("dev-conn"), inOneHour(), "sha1", deviceKey);
    String tampered = token.replace("method=sha1", "method=md5");
    assertThat(MqttClients.tryConnect(server.mqttPort(), "dev-conn", pid, tampered))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
  }

  @Test
  void unknownDeviceIsRefusedWith4() {
    String token = OneNetToken.sign(res("nobody"), inOneHour(), "sha1", productKey);
    assertThat(MqttClients.tryConnect(server.mqttPort(), "nobody", pid, token))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
  }

  @Test
  void unknownProductIsRefusedWith4() {
    String token = OneNetToken.sign("products/nope/devices/dev-conn", inOneHour(), "sha1", productKey);
    assertThat(MqttClients.tryConnect(server.mqttPort(), "dev-conn", "nope", token))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
  }

  @Test
  void disabledDeviceIsRefusedWith5AndDisconnected() throws Exception {
    server.rest().createDevice(pid, "dev-disable");
    try (MqttClients.Device d = MqttClients.connect(server, pid, "dev-disable")) {
      String token = server.rest().connection(pid, "dev-disable").get("password").asText();
      assertThat(server.rest().patch("/products/" + pid + "/devices/dev-disable", "{\"enabled\":false}").status())
          .isEqualTo(200);
      await().until(() -> !d.client.getState().isConnected());
      assertThat(MqttClients.tryConnect(server.mqttPort(), "dev-disable", pid, token))
          .isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
    }
  }

  @Test
  void deletedDeviceIsDisconnectedAndRefused() {
    server.rest().createDevice(pid, "dev-delete");
    String token = server.rest().connection(pid, "dev-delete").get("password").asText();
    try (MqttClients.Device d = MqttClients.connect(server, pid, "dev-delete")) {
      assertThat(server.rest().delete("/products/" + pid + "/devices/dev-delete").status()).isEqualTo(204);
      await().until(() -> !d.client.getState().isConnected());
    }
    assertThat(MqttClients.tryConnect(server.mqttPort(), "dev-delete", pid, token))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
  }

  @Test
  void newConnectOfSameDeviceTakesOver() {
    try (MqttClients.Device first = MqttClients.connect(server, pid, "dev-conn")) {
      try (MqttClients.Device second = MqttClients.connect(server, pid, "dev-conn")) {
        await().until(() -> !first.client.getState().isConnected());
        assertThat(second.client.getState().isConnected()).isTrue();
      }
    }
  }

  @Test
  void mqtt31ClientConnects() throws Exception {
    String token = server.rest().connection(pid, "dev-conn").get("password").asText();
    MqttClient paho = new MqttClient("tcp://127.0.0.1:" + server.mqttPort(), "dev-conn", new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1);
    options.setUserName(pid);
    options.setPassword(token.toCharArray());
    options.setCleanSession(true);
    options.setKeepAliveInterval(60);
    paho.connect(options);
    try {
      assertThat(paho.isConnected()).isTrue();
      assertThat(server.rest().get("/products/" + pid + "/devices/dev-conn").json().get("protocolLevel").asInt())
          .isEqualTo(3);
    } finally {
      paho.disconnect();
      paho.close();
    }
  }

  // ---- refused CONNECT flags, byte by byte ----------------------------------------------------

  private Packet rawConnect(int level, int flags, int keepAlive) throws Exception {
    String token = OneNetToken.sign(res("dev-conn"), inOneHour(), "sha1", deviceKey);
    try (RawMqttClient raw = new RawMqttClient(server.mqttPort())) {
      raw.write(RawMqttClient.connect(level, flags, keepAlive, "dev-conn", pid, token));
      Packet first = raw.read();
      if (first != null) {
        assertThat(raw.awaitClose()).as("closed after a refusing CONNACK").isTrue();
      }
      return first;
    }
  }

  @Test
  void willFlagIsRefusedWithoutConnack() throws Exception {
    assertThat(rawConnect(4, ONENET_FLAGS | 0x04, 60)).isNull();
  }

  @Test
  void willRetainIsRefusedWithoutConnack() throws Exception {
    assertThat(rawConnect(4, ONENET_FLAGS | 0x04 | 0x20, 60)).isNull();
  }

  @Test
  void willQosIsRefusedWithoutConnack() throws Exception {
    assertThat(rawConnect(4, ONENET_FLAGS | 0x04 | 0x08, 60)).isNull();
  }

  @Test
  void persistentSessionIsRefusedWithConnack2() throws Exception {
    assertThat(RawMqttClient.connackCode(rawConnect(4, ONENET_FLAGS & ~0x02, 60))).isEqualTo(2);
  }

  @Test
  void keepAliveBelow10IsRefused() throws Exception {
    assertThat(rawConnect(4, ONENET_FLAGS, 9)).isNull();
    assertThat(rawConnect(4, ONENET_FLAGS, 0)).isNull();
  }

  @Test
  void keepAliveAbove1800IsRefused() throws Exception {
    assertThat(rawConnect(4, ONENET_FLAGS, 1801)).isNull();
  }

  @Test
  void keepAliveBoundsAreAccepted() throws Exception {
    for (int keepAlive : new int[] {10, 1800}) {
      String token = OneNetToken.sign(res("dev-conn"), inOneHour(), "sha1", deviceKey);
      try (RawMqttClient raw = new RawMqttClient(server.mqttPort())) {
        raw.write(RawMqttClient.connect(4, ONENET_FLAGS, keepAlive, "dev-conn", pid, token));
        assertThat(RawMqttClient.connackCode(raw.read())).isZero();
      }
    }
  }

  @Test
  void mqtt5GetsConnack1() throws Exception {
    assertThat(RawMqttClient.connackCode(rawConnect(5, ONENET_FLAGS, 60))).isEqualTo(1);
  }

  @Test
  void unknownProtocolLevelGetsConnack1() throws Exception {
    assertThat(RawMqttClient.connackCode(rawConnect(2, ONENET_FLAGS, 60))).isEqualTo(1);
  }

  @Test
  void secondConnectOnAConnectionClosesIt() throws Exception {
    String token = OneNetToken.sign(res("dev-conn"), inOneHour(), "sha1", deviceKey);
    try (RawMqttClient raw = new RawMqttClient(server.mqttPort())) {
      byte[] connect = RawMqttClient.connect(4, ONENET_FLAGS, 60, "dev-conn", pid, token);
      raw.write(connect);
      assertThat(RawMqttClient.connackCode(raw.read())).isZero();
      raw.write(connect);
      assertThat(raw.awaitClose()).isTrue();
    }
  }

  @Test
  void packetBeforeConnectClosesTheSocket() throws Exception {
    try (RawMqttClient raw = new RawMqttClient(server.mqttPort())) {
      raw.write(RawMqttClient.pingreq());
      assertThat(raw.read()).isNull();
    }
  }

  @Test
  void subscribeWithReservedFlagsClosesTheConnection() throws Exception {
    String token = OneNetToken.sign(res("dev-conn"), inOneHour(), "sha1", deviceKey);
    try (RawMqttClient raw = new RawMqttClient(server.mqttPort())) {
      raw.write(RawMqttClient.connect(4, ONENET_FLAGS, 60, "dev-conn", pid, token));
      assertThat(RawMqttClient.connackCode(raw.read())).isZero();
      byte[] subscribe = RawMqttClient.subscribe(1, "$sys/" + pid + "/dev-conn/cmd/#");
      subscribe[0] = (byte) 0x80; // MQTT 3.1.1 §3.8.1: the flags must be 0010
      raw.write(subscribe);
      assertThat(raw.read()).as("no SUBACK").isNull();
    }
  }

  @Test
  void unknownPacketTypeClosesTheSocket() throws Exception {
    try (RawMqttClient raw = new RawMqttClient(server.mqttPort())) {
      raw.write(new byte[] {0x00, 0x00});
      assertThat(raw.read()).isNull();
    }
  }
}
