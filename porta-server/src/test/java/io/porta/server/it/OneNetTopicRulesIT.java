package io.porta.server.it;

import static io.porta.server.it.RawMqttClient.ONENET_FLAGS;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import io.porta.server.it.RawMqttClient.Packet;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OneNET topic rules (seed "Topic Convention", protocols.md A.6), end to end. */
class OneNetTopicRulesIT {
  static PortaTestServer server;
  static final String PID = "ontopic01";
  static final String PID4 = "ontopic04";

  @BeforeAll
  static void start() throws Exception {
    // This class logs devices in many times; the CONNECT rate limit has its own test.
    server = PortaTestServer.start(java.util.Map.of("porta.onenet.rate-limits.connect", "10000"));
    server.rest().createProduct("onenet", PID);
    server.rest().createDevice(PID, "dev-a");
    server.rest().createDevice(PID, "dev-b");
    server.rest()
        .post("/products", "{\"name\":\"wild4\",\"dialect\":\"onenet\",\"id\":\"" + PID4 + "\",\"options\":{\"onenetWildcardLevel\":4}}");
    server.rest().createDevice(PID4, "dev-a");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void seedSubscriptionsAreGrantedWithQos0() {
    try (MqttClients.Device d = MqttClients.connect(server, PID, "dev-a")) {
      for (String suffix :
          new String[] {
            "dp/post/json/accepted",
            "dp/post/json/rejected",
            "dp/post/json/+",
            "cmd/request/+",
            "cmd/response/+/+",
            "cmd/#"
          }) {
        assertThat(d.subscribe(d.topic(suffix))).as(suffix).isEqualTo(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_0);
      }
    }
  }

  @Test
  void wildcardAtLevel4IsRefusedButConnectionStays() {
    try (MqttClients.Device d = MqttClients.connect(server, PID, "dev-a")) {
      assertThat(d.subscribe("$sys/" + PID + "/dev-a/#")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
      assertThat(d.subscribe("$sys/" + PID + "/#")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
      assertThat(d.subscribe("$sys/#")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
      assertThat(d.subscribe("#")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
      assertThat(d.client.getState().isConnected()).isTrue();
      assertThat(d.subscribe(d.topic("cmd/#"))).isEqualTo(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_0);
    }
  }

  @Test
  void productOptionAllowsWildcardAtLevel4() {
    try (MqttClients.Device d = MqttClients.connect(server, PID4, "dev-a")) {
      assertThat(d.subscribe("$sys/" + PID4 + "/dev-a/#")).isEqualTo(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_0);
      assertThat(d.subscribe("$sys/" + PID4 + "/#")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
    }
  }

  @Test
  void anotherDevicesTopicIsRefusedWith0x80() {
    try (MqttClients.Device d = MqttClients.connect(server, PID, "dev-a")) {
      assertThat(d.subscribe("$sys/" + PID + "/dev-b/cmd/request/+")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
      assertThat(d.subscribe("$sys/" + PID4 + "/dev-a/cmd/request/+")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
      assertThat(d.subscribe("plain/topic")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
      assertThat(d.client.getState().isConnected()).isTrue();
    }
  }

  // ---- byte-level: mixed SUBACK codes and the packets that close the connection ---------------

  private RawMqttClient connected(String dn) throws Exception {
    String token = server.rest().connection(PID, dn).get("password").asText();
    RawMqttClient raw = new RawMqttClient(server.mqttPort());
    raw.write(RawMqttClient.connect(4, ONENET_FLAGS, 60, dn, PID, token));
    assertThat(RawMqttClient.connackCode(raw.read())).isZero();
    return raw;
  }

  @Test
  void subackCarriesOneCodePerFilterInOrder() throws Exception {
    try (RawMqttClient raw = connected("dev-a")) {
      raw.write(
          RawMqttClient.subscribe(
              7, "$sys/" + PID + "/dev-a/cmd/request/+", "$sys/" + PID + "/dev-b/cmd/#", "$sys/" + PID + "/dev-a/dp/post/json/+"));
      Packet suback = raw.read();
      assertThat(suback.type()).isEqualTo(9);
      assertThat(suback.body()).containsExactly(0, 7, 0x00, 0x80, 0x00);
    }
  }

  @Test
  void moreThan8FiltersInOneSubscribeCloses() throws Exception {
    try (RawMqttClient raw = connected("dev-a")) {
      String[] filters = new String[9];
      for (int i = 0; i < filters.length; i++) {
        filters[i] = "$sys/" + PID + "/dev-a/cmd/request/+";
      }
      raw.write(RawMqttClient.subscribe(1, filters));
      assertThat(raw.awaitClose()).isTrue();
    }
  }

  @Test
  void filterLongerThan512BytesCloses() throws Exception {
    try (RawMqttClient raw = connected("dev-a")) {
      raw.write(RawMqttClient.subscribe(1, "$sys/" + PID + "/dev-a/cmd/" + "x".repeat(520)));
      assertThat(raw.awaitClose()).isTrue();
    }
  }

  @Test
  void publishToAnotherDevicesTopicCloses() throws Exception {
    try (RawMqttClient raw = connected("dev-a")) {
      raw.write(RawMqttClient.publish("$sys/" + PID + "/dev-b/dp/post/json", 0, false, 0, "{\"id\":1,\"dp\":{\"t\":[{\"v\":1}]}}".getBytes(StandardCharsets.UTF_8)));
      assertThat(raw.awaitClose()).isTrue();
    }
  }

  @Test
  void publishToNonSystemTopicCloses() throws Exception {
    try (RawMqttClient raw = connected("dev-a")) {
      raw.write(RawMqttClient.publish("hello/world", 1, false, 1, new byte[] {1}));
      Packet p = raw.read();
      assertThat(p).as("no PUBACK for an illegal topic").isNull();
    }
  }

  @Test
  void publishToUnknownSystemTopicCloses() throws Exception {
    try (RawMqttClient raw = connected("dev-a")) {
      raw.write(RawMqttClient.publish("$sys/" + PID + "/dev-a/no/such/topic", 0, false, 0, new byte[] {1}));
      assertThat(raw.awaitClose()).isTrue();
    }
  }

  @Test
  void publishWithMoreThan8LevelsCloses() throws Exception {
    try (RawMqttClient raw = connected("dev-a")) {
      raw.write(RawMqttClient.publish("$sys/" + PID + "/dev-a/dp/post/json/a/b/c", 0, false, 0, new byte[] {1}));
      assertThat(raw.awaitClose()).isTrue();
    }
  }

  @Test
  void qos2PublishCloses() throws Exception {
    try (RawMqttClient raw = connected("dev-a")) {
      raw.write(RawMqttClient.publish("$sys/" + PID + "/dev-a/dp/post/json", 2, false, 3, "{}".getBytes(StandardCharsets.UTF_8)));
      assertThat(raw.read()).as("no PUBREC").isNull();
    }
  }

  @Test
  void retainedPublishCloses() throws Exception {
    try (RawMqttClient raw = connected("dev-a")) {
      raw.write(RawMqttClient.publish("$sys/" + PID + "/dev-a/dp/post/json", 1, true, 3, "{}".getBytes(StandardCharsets.UTF_8)));
      assertThat(raw.read()).as("no PUBACK").isNull();
    }
  }

  @Test
  void pubrecCloses() throws Exception {
    try (RawMqttClient raw = connected("dev-a")) {
      raw.write(RawMqttClient.pubrec(5));
      assertThat(raw.awaitClose()).isTrue();
    }
  }

  @Test
  void payloadOver256KbCloses() throws Exception {
    try (RawMqttClient raw = connected("dev-a")) {
      raw.write(RawMqttClient.publish("$sys/" + PID + "/dev-a/dp/post/json", 0, false, 0, new byte[256 * 1024 + 1]));
      assertThat(raw.awaitClose()).isTrue();
    }
  }

  @Test
  void pingreqGetsPingresp() throws Exception {
    try (RawMqttClient raw = connected("dev-a")) {
      raw.write(RawMqttClient.pingreq());
      assertThat(raw.read().type()).isEqualTo(13);
    }
  }

  @Test
  void qos1PublishOfOwnDataIsAcknowledged() {
    try (MqttClients.Device d = MqttClients.connect(server, PID, "dev-a")) {
      d.publish(d.topic("dp/post/json"), "{\"id\":1,\"dp\":{\"temp\":[{\"v\":1}]}}", MqttQos.AT_LEAST_ONCE);
      assertThat(d.client.getState().isConnected()).isTrue();
    }
  }
}
