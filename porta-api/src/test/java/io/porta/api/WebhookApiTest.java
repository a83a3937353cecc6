package io.porta.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventType;
import io.porta.core.webhook.DeliveryState;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /webhooks}: validation, the write-only secret, and the delivery status with pending and lag. */
class WebhookApiTest extends ApiTestBase {
  static final String SECRET = "0123456789abcdef-secret";
  static final String URL = "https://apps.example.com/porta";

  JsonNode create(String extra) {
    Response r = post("/api/v1/webhooks", "{\"url\":\"" + URL + "\",\"secret\":\"" + SECRET + "\"" + extra + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  @Test
  void createDefaultsToEveryEventTypeAndNeverShowsTheSecret() {
    JsonNode w = create("");
    assertThat(w.get("id").stringValue()).startsWith("wh_");
    assertThat(w.get("url").stringValue()).isEqualTo(URL);
    assertThat(w.get("productId").isNull()).isTrue();
    assertThat(w.get("events")).extracting(JsonNode::stringValue)
        .containsExactly("datapoints", "messages", "status", "commands", "events");
    assertThat(w.get("enabled").booleanValue()).isTrue();
    assertThat(w.has("secret")).isFalse();
    assertThat(get("/api/v1/webhooks").body()).doesNotContain(SECRET);
    assertThat(get("/api/v1/webhooks/" + w.get("id").stringValue()).body()).doesNotContain(SECRET);
  }

  @Test
  void invalidBodiesAre400WithTheField() {
    String base = "{\"url\":\"" + URL + "\",\"secret\":\"" + SECRET + "\"";
    assertThat(post("/api/v1/webhooks", "{\"secret\":\"" + SECRET + "\"}").problem(400, "invalid_body").get("detail").stringValue())
        .startsWith("url");
    assertThat(post("/api/v1/webhooks", "{\"url\":\"mqtt://x\",\"secret\":\"" + SECRET + "\"}").problem(400, "invalid_body")
        .get("detail").stringValue()).startsWith("url");
    assertThat(post("/api/v1/webhooks", "{\"url\":\"/relative\",\"secret\":\"" + SECRET + "\"}").status()).isEqualTo(400);
    assertThat(post("/api/v1/webhooks", "{\"url\":\"" + URL + "\",\"secret\":\"short\"}").problem(400, "invalid_body")
        .get("detail").stringValue()).startsWith("secret");
    assertThat(post("/api/v1/webhooks", base + ",\"events\":[\"telemetry\"]}").problem(400, "invalid_body")
        .get("detail").stringValue()).startsWith("events");
    assertThat(post("/api/v1/webhooks", base + ",\"events\":\"status\"}").status()).isEqualTo(400);
    assertThat(post("/api/v1/webhooks", base + ",\"color\":\"red\"}").status()).isEqualTo(400);
    post("/api/v1/webhooks", base + ",\"productId\":\"missing1\"}").problem(404, "product_not_found");
  }

  @Test
  void deliveryShowsPendingLagAndTheLastFailure() {
    // An event before the webhook exists is not for it.
    webhookStore.add(DeviceEvent.of(NOW.minusSeconds(60), "p1", "d1", EventType.STATUS, "{}"));
    JsonNode w = create(",\"events\":[\"datapoints\"]");
    String id = w.get("id").stringValue();
    webhookStore.add(DeviceEvent.of(NOW.minusSeconds(30), "p1", "d1", EventType.DATAPOINTS, "{}"));
    webhookStore.add(DeviceEvent.of(NOW.minusSeconds(10), "p1", "d1", EventType.STATUS, "{}"));
    webhookStore.add(DeviceEvent.of(NOW.minusSeconds(5), "p2", "d1", EventType.DATAPOINTS, "{}"));
    webhookStore.saveState(id, new DeliveryState(1, null, NOW.minusSeconds(1), "HTTP 503", 4, 0));

    JsonNode d = get("/api/v1/webhooks/" + id).json().get("delivery");
    assertThat(d.get("pending").longValue()).isEqualTo(2);
    assertThat(d.get("lagMs").longValue()).isEqualTo(30_000);
    assertThat(d.get("lastError").stringValue()).isEqualTo("HTTP 503");
    assertThat(d.get("failures").intValue()).isEqualTo(4);
    assertThat(d.get("lastFailureAt").stringValue()).isEqualTo(NOW.minusSeconds(1).toString());
    assertThat(d.get("lastSuccessAt").isNull()).isTrue();
  }

  @Test
  void patchChangesOnlyWhatIsGivenAndDeleteRemoves() {
    String id = create(",\"events\":[\"status\"]").get("id").stringValue();
    JsonNode p = patch("/api/v1/webhooks/" + id, "{\"enabled\":false}").json();
    assertThat(p.get("enabled").booleanValue()).isFalse();
    assertThat(p.get("events")).extracting(JsonNode::stringValue).containsExactly("status");
    assertThat(p.get("url").stringValue()).isEqualTo(URL);
    assertThat(webhookStore.find(id).orElseThrow().secret()).isEqualTo(SECRET);
    patch("/api/v1/webhooks/" + id, "{\"secret\":\"tiny\"}").problem(400, "invalid_body");
    assertThat(delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
    get("/api/v1/webhooks/" + id).problem(404, "webhook_not_found");
    patch("/api/v1/webhooks/" + id, "{\"enabled\":true}").problem(404, "webhook_not_found");
  }
}
