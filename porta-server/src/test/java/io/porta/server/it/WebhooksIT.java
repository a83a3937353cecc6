package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks (issue 4 §1, §5) against a real HTTP receiver that checks the signature: every event type,
 * filters, the REST resource with its delivery status, and a receiver that is down while devices
 * upload and the server restarts, which then receives everything, in order, nothing lost.
 */
class WebhooksIT {
  static final String SECRET = "a-webhook-secret-0123456789";

  PortaTestServer server;
  WebhookReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    // Short backoff so a receiver that comes back is retried soon (the rule, not the timing, is tested).
    server =
        PortaTestServer.start(
            Map.of("porta.webhooks.min-backoff", "100ms", "porta.webhooks.max-backoff", "500ms"));
    receiver = new WebhookReceiver(SECRET);
  }

  @AfterEach
  void stop() {
    receiver.close();
    server.close();
  }

  JsonNode createWebhook(String body) {
    RestClient.Response r = server.rest().post("/webhooks", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  @Test
  void everyEventTypeArrivesSignedWithItsSchema() throws Exception {
    server.rest().createProduct("onenet", "whprod01");
    server.rest().createDevice("whprod01", "dev-1");
    JsonNode hook = createWebhook("{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET + "\"}");
    assertThat(hook.has("secret")).as("the secret is never shown").isFalse();
    assertThat(hook.get("events")).hasSize(5);

    try (MqttClients.Device d = MqttClients.connect(server, "whprod01", "dev-1")) {
      JsonNode online = receiver.next("status");
      assertThat(online.get("productId").asString()).isEqualTo("whprod01");
      assertThat(online.get("device").asString()).isEqualTo("dev-1");
      assertThat(online.get("data").get("status").asString()).isEqualTo("online");
      assertThat(online.get("id").isIntegralNumber()).isTrue();
      assertThat(online.get("time").asLong()).isPositive();

      d.publish(d.topic("dp/post/json"), "{\"id\":1,\"dp\":{\"temp\":[{\"v\":21.5}]}}", MqttQos.AT_LEAST_ONCE);
      JsonNode points = receiver.next("datapoints");
      assertThat(points.get("data").get("points").get(0).get("stream").asString()).isEqualTo("temp");
      assertThat(points.get("data").get("points").get(0).get("value").asDouble()).isEqualTo(21.5);

      d.subscribe(d.topic("cmd/request/+"));
      CompletableFuture<RestClient.Response> command =
          CompletableFuture.supplyAsync(
              () ->
                  server.rest().post(
                      "/products/whprod01/devices/dev-1/commands",
                      "{\"payload\":\"reboot\",\"encoding\":\"text\",\"timeoutMs\":5000}"));
      var request = d.receive().orElseThrow();
      String id = request.getTopic().toString().substring(request.getTopic().toString().lastIndexOf('/') + 1);
      d.publish(d.topic("cmd/response/" + id), "done", MqttQos.AT_MOST_ONCE);
      assertThat(command.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      JsonNode commandEvent = receiver.next("commands");
      assertThat(commandEvent.get("data").get("id").asString()).isEqualTo(id);

      d.publish(d.topic("thing/event/post"), "{\"id\":\"7\",\"params\":{\"alarm\":{\"value\":{\"level\":1}}}}", MqttQos.AT_LEAST_ONCE);
      JsonNode thingEvent = receiver.next("events");
      assertThat(thingEvent.get("data").get("identifier").asString()).isEqualTo("alarm");
      assertThat(thingEvent.get("data").get("value").get("level").asInt()).isEqualTo(1);
    }
    JsonNode offline = receiver.next("status");
    assertThat(offline.get("data").get("status").asString()).isEqualTo("offline");
    assertThat(offline.get("data").get("reason").asString()).isEqualTo("client_disconnect");
    assertThat(receiver.badSignatures()).isEmpty();

    JsonNode resource = server.rest().get("/webhooks/" + hook.get("id").asString()).json();
    assertThat(resource.get("delivery").get("lastSuccessAt").isNull()).isFalse();
    assertThat(resource.get("delivery").get("failures").asInt()).isZero();
  }

  @Test
  void filtersByProductAndEventType() throws Exception {
    server.rest().createProduct("onenet", "whkeep01");
    server.rest().createProduct("onenet", "whskip01");
    server.rest().createDevice("whkeep01", "dev-1");
    server.rest().createDevice("whskip01", "dev-1");
    createWebhook(
        "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET
            + "\",\"productId\":\"whkeep01\",\"events\":[\"datapoints\"]}");
    try (MqttClients.Device other = MqttClients.connect(server, "whskip01", "dev-1")) {
      other.publish(other.topic("dp/post/json"), "{\"id\":1,\"dp\":{\"skip\":[{\"v\":1}]}}", MqttQos.AT_LEAST_ONCE);
    }
    try (MqttClients.Device d = MqttClients.connect(server, "whkeep01", "dev-1")) {
      d.publish(d.topic("dp/post/json"), "{\"id\":2,\"dp\":{\"keep\":[{\"v\":2}]}}", MqttQos.AT_LEAST_ONCE);
    }
    // The first event that arrives is the wanted one: no status, no other product.
    JsonNode first = receiver.next();
    assertThat(first.get("type").asString()).isEqualTo("datapoints");
    assertThat(first.get("productId").asString()).isEqualTo("whkeep01");
    assertThat(first.get("data").get("points").get(0).get("stream").asString()).isEqualTo("keep");
  }

  @Test
  void aReceiverDownAcrossARestartGetsEverythingInOrder() throws Exception {
    server.rest().createProduct("onenet", "whdown01");
    server.rest().createDevice("whdown01", "dev-1");
    JsonNode hook =
        createWebhook(
            "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"datapoints\"]}");
    String id = hook.get("id").asString();
    receiver.down();
    int n = 30;
    try (MqttClients.Device d = MqttClients.connect(server, "whdown01", "dev-1")) {
      for (int i = 1; i <= n; i++) {
        // QoS 1: acknowledged only once stored and queued for the webhook.
        d.publish(d.topic("dp/post/json"), "{\"id\":" + i + ",\"dp\":{\"seq\":[{\"v\":" + i + "}]}}", MqttQos.AT_LEAST_ONCE);
      }
    }
    // The receiver refused at least once; the resource says so.
    while (receiver.refused() == 0) {
      Thread.sleep(50);
    }
    JsonNode delivery = server.rest().get("/webhooks/" + id).json().get("delivery");
    assertThat(delivery.get("pending").asLong()).isEqualTo(n);
    assertThat(delivery.get("lastError").asString()).isEqualTo("HTTP 503");

    server.restart();
    receiver.up();
    List<Integer> received = new ArrayList<>();
    while (received.size() < n) {
      JsonNode e = receiver.next("datapoints");
      received.add(e.get("data").get("points").get(0).get("value").asInt());
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      expected.add(i);
    }
    assertThat(received).isEqualTo(expected);
    assertThat(receiver.badSignatures()).isEmpty();
  }

  @Test
  void restValidatesAndManagesWebhooks() {
    RestClient rest = server.rest();
    assertThat(rest.post("/webhooks", "{\"url\":\"ftp://x/y\",\"secret\":\"" + SECRET + "\"}").status()).isEqualTo(400);
    assertThat(rest.post("/webhooks", "{\"url\":\"" + receiver.url() + "\",\"secret\":\"short\"}").status()).isEqualTo(400);
    assertThat(rest.post("/webhooks", "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"nope\"]}").status())
        .isEqualTo(400);
    assertThat(rest.post("/webhooks", "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET + "\",\"events\":[]}").status())
        .isEqualTo(400);
    assertThat(rest.post("/webhooks", "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET + "\",\"productId\":\"nope0000\"}").status())
        .isEqualTo(404);

    JsonNode hook = createWebhook("{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"status\"]}");
    String id = hook.get("id").asString();
    assertThat(rest.get("/webhooks").json().get("items")).hasSize(1);
    RestClient.Response patched = rest.patch("/webhooks/" + id, "{\"enabled\":false,\"events\":[\"status\",\"commands\"]}");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().get("enabled").asBoolean()).isFalse();
    assertThat(patched.json().get("events")).hasSize(2);
    assertThat(patched.body()).doesNotContain(SECRET);
    assertThat(rest.delete("/webhooks/" + id).status()).isEqualTo(204);
    assertThat(rest.get("/webhooks/" + id).status()).isEqualTo(404);
    assertThat(rest.delete("/webhooks/" + id).json().get("code").asString()).isEqualTo("webhook_not_found");
  }
}
