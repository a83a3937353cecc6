package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OneNET data points (protocols.md A.7.1): storage, accepted/rejected replies, PUBACK after commit. */
class OneNetDataPointsIT {
  static PortaTestServer server;
  static final String PID = "ondp01";

  @BeforeAll
  static void start() throws Exception {
    server = PortaTestServer.start();
    server.rest().createProduct("onenet", PID);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static MqttClients.Device device(String name) {
    server.rest().createDevice(PID, name);
    return MqttClients.connect(server, PID, name);
  }

  static JsonNode points(String name, String query) {
    return server.rest().get("/products/" + PID + "/devices/" + name + "/datapoints" + query).json().get("items");
  }

  @Test
  void uploadIsStoredAndAcceptedWithTheIdAsSent() {
    try (MqttClients.Device d = device("dp-accept")) {
      d.subscribe(d.topic("dp/post/json/accepted"));
      d.publish(
          d.topic("dp/post/json"),
          "{\"id\":42,\"dp\":{\"temp\":[{\"v\":21.5,\"t\":1700000000}],"
              + "\"status\":[{\"v\":{\"mode\":\"eco\"}},{\"v\":{\"mode\":\"off\"},\"t\":1700000005}],"
              + "\"label\":[{\"v\":\"kitchen\"}]}}",
          MqttQos.AT_LEAST_ONCE);
      Mqtt3Publish reply = d.receive().orElseThrow();
      assertThat(reply.getTopic().toString()).isEqualTo(d.topic("dp/post/json/accepted"));
      assertThat(MqttClients.Device.text(reply)).isEqualTo("{\"id\":42}");
      assertThat(reply.getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);

      JsonNode temp = points("dp-accept", "?stream=temp");
      assertThat(temp).hasSize(1);
      assertThat(temp.get(0).get("time").asLong()).isEqualTo(1_700_000_000_000L);
      assertThat(temp.get(0).get("value").asDouble()).isEqualTo(21.5);
      JsonNode status = points("dp-accept", "?stream=status&order=asc");
      assertThat(status).hasSize(2);
      // "off" carries t = 1700000005 (2023); "eco" has none, so it gets the arrival time: later.
      assertThat(status.get(0).get("time").asLong()).isEqualTo(1_700_000_005_000L);
      assertThat(status.get(0).get("value").get("mode").asText()).isEqualTo("off");
      assertThat(status.get(1).get("value").get("mode").asText()).isEqualTo("eco");
      assertThat(points("dp-accept", "?stream=label").get(0).get("value").asText()).isEqualTo("kitchen");
      JsonNode latest = server.rest().get("/products/" + PID + "/devices/dp-accept/datapoints/latest").json().get("items");
      assertThat(latest).hasSize(3);
    }
  }

  @Test
  void pubackMeansCommitted() {
    // Each PUBACK must only come after the point is durable: read it back right after every PUBACK.
    try (MqttClients.Device d = device("dp-commit")) {
      for (int i = 1; i <= 20; i++) {
        d.publish(d.topic("dp/post/json"), "{\"id\":" + i + ",\"dp\":{\"n\":[{\"v\":" + i + "}]}}", MqttQos.AT_LEAST_ONCE);
        assertThat(points("dp-commit", "?stream=n&limit=1000")).as("after PUBACK %d", i).hasSize(i);
      }
    }
  }

  @Test
  void invalidUploadIsRejectedWith98() {
    try (MqttClients.Device d = device("dp-reject")) {
      d.subscribe(d.topic("dp/post/json/+"));
      d.publish(d.topic("dp/post/json"), "{\"id\":7,\"dp\":{\"bad name!\":[{\"v\":1}]}}", MqttQos.AT_LEAST_ONCE);
      Mqtt3Publish reply = d.receive().orElseThrow();
      assertThat(reply.getTopic().toString()).isEqualTo(d.topic("dp/post/json/rejected"));
      JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(MqttClients.Device.text(reply));
      assertThat(body.get("id").asInt()).isEqualTo(7);
      assertThat(body.get("err_code").asInt()).isEqualTo(98);
      assertThat(body.get("err_msg").asText()).isNotBlank();
      assertThat(points("dp-reject", "")).isEmpty();
      assertThat(d.client.getState().isConnected()).isTrue();
    }
  }

  @Test
  void unreadableIdIsRejectedWithIdMinus1() {
    try (MqttClients.Device d = device("dp-noid")) {
      d.subscribe(d.topic("dp/post/json/rejected"));
      d.publish(d.topic("dp/post/json"), "this is not json", MqttQos.AT_MOST_ONCE);
      String text = MqttClients.Device.text(d.receive().orElseThrow());
      assertThat(text).contains("\"id\":-1").contains("\"err_code\":98");
    }
  }

  @Test
  void noReplyWithoutSubscription() {
    try (MqttClients.Device d = device("dp-nosub")) {
      d.publish(d.topic("dp/post/json"), "{\"id\":1,\"dp\":{\"x\":[{\"v\":1}]}}", MqttQos.AT_LEAST_ONCE);
      d.publish(d.topic("dp/post/json"), "{\"id\":2,\"dp\":{\"bad name!\":[{\"v\":1}]}}", MqttQos.AT_LEAST_ONCE);
      // A subscription made afterwards proves the order: the next reply is for id 3, not 1 or 2.
      d.subscribe(d.topic("dp/post/json/accepted"));
      d.publish(d.topic("dp/post/json"), "{\"id\":3,\"dp\":{\"x\":[{\"v\":3}]}}", MqttQos.AT_LEAST_ONCE);
      Optional<Mqtt3Publish> reply = d.receive();
      assertThat(MqttClients.Device.text(reply.orElseThrow())).isEqualTo("{\"id\":3}");
    }
  }

  @Test
  void onlyTheSubscribedReplyKindIsSent() {
    try (MqttClients.Device d = device("dp-onlyrej")) {
      d.subscribe(d.topic("dp/post/json/rejected"));
      d.publish(d.topic("dp/post/json"), "{\"id\":1,\"dp\":{\"x\":[{\"v\":1}]}}", MqttQos.AT_LEAST_ONCE);
      d.publish(d.topic("dp/post/json"), "{\"id\":2,\"dp\":{}}", MqttQos.AT_LEAST_ONCE);
      Mqtt3Publish reply = d.receive().orElseThrow();
      assertThat(reply.getTopic().toString()).endsWith("/rejected");
      assertThat(MqttClients.Device.text(reply)).contains("\"id\":2");
    }
  }

  @Test
  void dataSurvivesRestart() throws Exception {
    try (PortaTestServer own = PortaTestServer.start()) {
      own.rest().createProduct("onenet", "ondprst");
      own.rest().createDevice("ondprst", "dev-rst");
      try (MqttClients.Device d = MqttClients.connect(own, "ondprst", "dev-rst")) {
        d.publish(d.topic("dp/post/json"), "{\"id\":1,\"dp\":{\"x\":[{\"v\":\"kept\"}]}}", MqttQos.AT_LEAST_ONCE);
      }
      own.restart();
      JsonNode items = own.rest().get("/products/ondprst/devices/dev-rst/datapoints").json().get("items");
      assertThat(items).hasSize(1);
      assertThat(items.get(0).get("value").asText()).isEqualTo("kept");
    }
  }
}
