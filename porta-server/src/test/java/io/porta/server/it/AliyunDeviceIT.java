package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An Alibaba product beside a OneNET one on the same running server: login with the parameters of the
 * connection endpoint, topic permissions (seed "Topic standards"), RRPC through the commands endpoint
 * and NTP. The rest of the Alibaba issue (persistent sessions, topic-category REST, message log REST,
 * broadcast) is not wired yet.
 */
class AliyunDeviceIT {
  static PortaTestServer server;
  static String pk;

  @BeforeAll
  static void start() throws Exception {
    server = PortaTestServer.start();
    pk = server.rest().post("/products", "{\"name\":\"lamps\",\"dialect\":\"aliyun\"}").json().get("id").asText();
    server.rest().createDevice(pk, "lamp-01");
    server.rest().createDevice(pk, "lamp-02");
    server.rest().createProduct("onenet", "onside01");
    server.rest().createDevice("onside01", "dev-1");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A connected Alibaba device and what it receives. */
  record Device(Mqtt3BlockingClient client, Mqtt3BlockingClient.Mqtt3Publishes inbox) implements AutoCloseable {
    Mqtt3SubAckReturnCode subscribe(String filter) {
      try {
        return client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReturnCodes().get(0);
      } catch (com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException e) {
        return e.getMqttMessage().getReturnCodes().get(0);
      }
    }

    void publish(String topic, String payload) {
      client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    Mqtt3Publish receive() throws InterruptedException {
      return inbox.receive(10, TimeUnit.SECONDS).orElseThrow();
    }

    @Override
    public void close() {
      inbox.close();
      if (client.getState().isConnected()) {
        client.disconnect();
      }
    }
  }

  static Device connect(String dn) {
    JsonNode c = server.rest().connection(pk, dn);
    assertThat(c.get("username").asText()).isEqualTo(dn + "&" + pk);
    Mqtt3BlockingClient client =
        MqttClient.builder().useMqttVersion3().identifier(c.get("clientId").asText()).serverHost("127.0.0.1").serverPort(server.mqttPort()).buildBlocking();
    var ack =
        client.connectWith().simpleAuth().username(c.get("username").asText()).password(c.get("password").asText().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().keepAlive(60).send();
    assertThat(ack.getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
    return new Device(client, client.publishes(MqttGlobalPublishFilter.ALL));
  }

  @Test
  void connectionEndpointParametersLogIn() {
    try (Device d = connect("lamp-01")) {
      assertThat(server.rest().get("/products/" + pk + "/devices/lamp-01").json().get("online").asBoolean()).isTrue();
    }
  }

  @Test
  void wrongPasswordIsRefusedWith4() {
    JsonNode c = server.rest().connection(pk, "lamp-01");
    assertThat(MqttClients.tryConnect(server.mqttPort(), c.get("clientId").asText(), c.get("username").asText(), "00ff"))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
  }

  @Test
  void ownTopicsAreGrantedAndOtherDevicesAndProductsRefused() {
    try (Device d = connect("lamp-01")) {
      assertThat(d.subscribe("/" + pk + "/lamp-01/get")).isEqualTo(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1);
      assertThat(d.subscribe("/sys/" + pk + "/lamp-01/rrpc/request/+")).isEqualTo(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1);
      assertThat(d.subscribe("/broadcast/" + pk + "/#")).isEqualTo(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1);
      assertThat(d.subscribe("/" + pk + "/lamp-02/get")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
      assertThat(d.subscribe("/sys/" + pk + "/+/rrpc/request/+")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
      assertThat(d.subscribe("/broadcast/otherpk/#")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
      assertThat(d.subscribe("$sys/onside01/dev-1/cmd/#")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
      assertThat(d.subscribe("#")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
      assertThat(d.subscribe("/" + pk + "/lamp-01/update")).as("pub-only category").isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
      assertThat(d.client().getState().isConnected()).isTrue();
    }
  }

  @Test
  void unauthorizedPublishIsAcknowledgedDroppedAndKeepsTheConnection() {
    try (Device d = connect("lamp-01")) {
      d.publish("/" + pk + "/lamp-02/update", "not mine"); // QoS 1: returns once PUBACKed
      d.publish("/" + pk + "/lamp-01/get", "sub-only");
      assertThat(d.client().getState().isConnected()).isTrue();
      d.publish("/" + pk + "/lamp-01/update", "{\"ok\":true}");
      assertThat(server.rest().get("/metrics").body()).contains("unauthorized_topic");
    }
  }

  @Test
  void rrpcThroughTheCommandsEndpoint() throws Exception {
    try (Device d = connect("lamp-02")) {
      d.subscribe("/sys/" + pk + "/lamp-02/rrpc/request/+");
      CompletableFuture<RestClient.Response> call =
          CompletableFuture.supplyAsync(
              () -> server.rest().post("/products/" + pk + "/devices/lamp-02/commands", "{\"payload\":\"on\",\"timeoutMs\":8000}"));
      Mqtt3Publish request = d.receive();
      String topic = request.getTopic().toString();
      assertThat(topic).matches("/sys/" + pk + "/lamp-02/rrpc/request/[0-9]+");
      String messageId = topic.substring(topic.lastIndexOf('/') + 1);
      d.publish("/sys/" + pk + "/lamp-02/rrpc/response/" + messageId, "done");
      RestClient.Response r = call.join();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get("response").asText()).isEqualTo("done");
      assertThat(server.rest().post("/products/" + pk + "/devices/lamp-02/commands", "{\"payload\":\"on\",\"timeoutMs\":8001}").status())
          .as("RRPC timeout is 1–8 s")
          .isEqualTo(400);
    }
  }

  @Test
  void ntpRequestGetsServerTimes() throws Exception {
    try (Device d = connect("lamp-01")) {
      d.subscribe("/ext/ntp/" + pk + "/lamp-01/response");
      d.publish("/ext/ntp/" + pk + "/lamp-01/request", "{\"deviceSendTime\":\"1571724098000\"}");
      JsonNode reply = tools.jackson.databind.json.JsonMapper.builder().build().readTree(d.receive().getPayloadAsBytes());
      assertThat(reply.get("deviceSendTime").asText()).isEqualTo("1571724098000");
      assertThat(Long.parseLong(reply.get("serverRecvTime").asText())).isPositive();
      assertThat(Long.parseLong(reply.get("serverSendTime").asText()))
          .isGreaterThanOrEqualTo(Long.parseLong(reply.get("serverRecvTime").asText()));
    }
  }

  @Test
  void oneNetDeviceWorksBesideIt() {
    try (MqttClients.Device d = MqttClients.connect(server, "onside01", "dev-1")) {
      assertThat(d.subscribe(d.topic("cmd/#"))).isEqualTo(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_0);
      assertThat(d.subscribe("/" + pk + "/lamp-01/get")).isEqualTo(Mqtt3SubAckReturnCode.FAILURE);
    }
  }
}
