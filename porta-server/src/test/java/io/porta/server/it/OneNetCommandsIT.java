package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OneNET commands (protocols.md A.7.2): request, response, accepted/rejected 99/112/113, REST 409/504. */
class OneNetCommandsIT {
  static PortaTestServer server;
  static final String PID = "oncmd01";

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
    MqttClients.Device d = MqttClients.connect(server, PID, name);
    d.subscribe(d.topic("cmd/#"));
    return d;
  }

  static CompletableFuture<RestClient.Response> command(String name, String body) {
    return CompletableFuture.supplyAsync(() -> server.rest().post("/products/" + PID + "/devices/" + name + "/commands", body));
  }

  static String cmdId(Mqtt3Publish request) {
    String topic = request.getTopic().toString();
    return topic.substring(topic.lastIndexOf('/') + 1);
  }

  @Test
  void commandRoundTrip() {
    try (MqttClients.Device d = device("cmd-ok")) {
      CompletableFuture<RestClient.Response> call = command("cmd-ok", "{\"payload\":\"turn on\",\"encoding\":\"text\",\"timeoutMs\":10000}");
      Mqtt3Publish request = d.receive().orElseThrow();
      assertThat(request.getTopic().toString()).startsWith(d.topic("cmd/request/"));
      assertThat(cmdId(request)).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      assertThat(MqttClients.Device.text(request)).isEqualTo("turn on");

      d.publish(d.topic("cmd/response/" + cmdId(request)), "done", MqttQos.AT_LEAST_ONCE);
      Mqtt3Publish accepted = d.receive().orElseThrow();
      assertThat(accepted.getTopic().toString()).isEqualTo(d.topic("cmd/response/" + cmdId(request) + "/accepted"));
      assertThat(accepted.getPayloadAsBytes()).isEmpty();

      RestClient.Response r = call.join();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get("id").asText()).isEqualTo(cmdId(request));
      assertThat(r.json().get("response").asText()).isEqualTo("done");
      assertThat(r.json().get("encoding").asText()).isEqualTo("text");
    }
  }

  @Test
  void base64PayloadRoundTrip() {
    try (MqttClients.Device d = device("cmd-b64")) {
      CompletableFuture<RestClient.Response> call = command("cmd-b64", "{\"payload\":\"AAEC/w==\",\"encoding\":\"base64\"}");
      Mqtt3Publish request = d.receive().orElseThrow();
      assertThat(request.getPayloadAsBytes()).containsExactly(0, 1, 2, 0xFF);
      d.client.publishWith().topic(d.topic("cmd/response/" + cmdId(request))).payload(new byte[] {(byte) 0xFE, 0}).send();
      RestClient.Response r = call.join();
      assertThat(r.json().get("response").asText()).isEqualTo("/gA=");
      assertThat(r.json().get("encoding").asText()).isEqualTo("base64");
    }
  }

  @Test
  void noAnswerGives504AndLateAnswerGets112() {
    try (MqttClients.Device d = device("cmd-late")) {
      CompletableFuture<RestClient.Response> call = command("cmd-late", "{\"payload\":\"x\",\"timeoutMs\":1000}");
      Mqtt3Publish request = d.receive().orElseThrow();
      RestClient.Response r = call.join();
      assertThat(r.status()).isEqualTo(504);
      assertThat(r.json().get("code").asText()).isEqualTo("timeout");
      assertThat(r.json().get("id").asText()).isEqualTo(cmdId(request));

      d.publish(d.topic("cmd/response/" + cmdId(request)), "too late", MqttQos.AT_LEAST_ONCE);
      Mqtt3Publish rejected = d.receive().orElseThrow();
      assertThat(rejected.getTopic().toString()).endsWith(cmdId(request) + "/rejected");
      assertThat(MqttClients.Device.text(rejected)).contains("\"err_code\":112");
    }
  }

  @Test
  void secondAnswerGets113() {
    try (MqttClients.Device d = device("cmd-twice")) {
      CompletableFuture<RestClient.Response> call = command("cmd-twice", "{\"payload\":\"x\"}");
      String id = cmdId(d.receive().orElseThrow());
      d.publish(d.topic("cmd/response/" + id), "one", MqttQos.AT_LEAST_ONCE);
      assertThat(d.receive().orElseThrow().getTopic().toString()).endsWith("/accepted");
      assertThat(call.join().status()).isEqualTo(200);
      d.publish(d.topic("cmd/response/" + id), "two", MqttQos.AT_LEAST_ONCE);
      Mqtt3Publish rejected = d.receive().orElseThrow();
      assertThat(rejected.getTopic().toString()).endsWith("/rejected");
      assertThat(MqttClients.Device.text(rejected)).contains("\"err_code\":113");
    }
  }

  @Test
  void unknownCommandIdGets113() {
    try (MqttClients.Device d = device("cmd-unknown")) {
      d.publish(d.topic("cmd/response/00000000-0000-0000-0000-000000000000"), "?", MqttQos.AT_MOST_ONCE);
      Mqtt3Publish rejected = d.receive().orElseThrow();
      assertThat(MqttClients.Device.text(rejected)).contains("\"err_code\":113");
    }
  }

  @Test
  void responseOver1KbGets99AndTheCommandStillWaits() {
    try (MqttClients.Device d = device("cmd-big")) {
      CompletableFuture<RestClient.Response> call = command("cmd-big", "{\"payload\":\"x\",\"timeoutMs\":10000}");
      String id = cmdId(d.receive().orElseThrow());
      d.publish(d.topic("cmd/response/" + id), "y".repeat(1025), MqttQos.AT_LEAST_ONCE);
      Mqtt3Publish rejected = d.receive().orElseThrow();
      assertThat(MqttClients.Device.text(rejected)).contains("\"err_code\":99");
      d.publish(d.topic("cmd/response/" + id), "short", MqttQos.AT_LEAST_ONCE);
      assertThat(call.join().json().get("response").asText()).isEqualTo("short");
    }
  }

  @Test
  void offlineDeviceGives409() {
    server.rest().createDevice(PID, "cmd-offline");
    RestClient.Response r = command("cmd-offline", "{\"payload\":\"x\"}").join();
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().get("code").asText()).isEqualTo("device_offline");
  }

  @Test
  void timeoutOutsideOneToThirtySecondsGives400() {
    server.rest().createDevice(PID, "cmd-range");
    try (MqttClients.Device d = MqttClients.connect(server, PID, "cmd-range")) {
      assertThat(command("cmd-range", "{\"payload\":\"x\",\"timeoutMs\":999}").join().status()).isEqualTo(400);
      assertThat(command("cmd-range", "{\"payload\":\"x\",\"timeoutMs\":30001}").join().status()).isEqualTo(400);
    }
  }
}
