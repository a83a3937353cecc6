package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.server.it.RawMqttClient.Packet;
import io.porta.server.it.RawMqttClient.Publish;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Device shadows (issue 5 §3), both dialects side by side in one server: the OneNET image
 * ({@code image/update|get} with accepted, rejected, delta; codes of A.7.3) and the Alibaba shadow
 * ({@code /shadow/update} → {@code reply}/{@code control} on {@code /shadow/get}; codes of B.11),
 * REST read and desired state with versions, durable across a restart.
 */
class ShadowIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String PID = "shadowon1";
  static PortaTestServer server;
  static String pk;

  @BeforeAll
  static void start() throws Exception {
    server =
        PortaTestServer.start(
            Map.of("porta.onenet.rate-limits.connect", "10000", "porta.aliyun.rate-limits.connect", "10000"));
    server.rest().createProduct("onenet", PID);
    pk = server.rest().post("/products", "{\"name\":\"lamps\",\"dialect\":\"aliyun\"}").json().get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---- OneNET image ------------------------------------------------------------------------------

  @Test
  void oneNetImageUpdateGetAndDeltaFromRest() throws Exception {
    String dn = "img-1";
    server.rest().createDevice(PID, dn);
    String image = "$sys/" + PID + "/" + dn + "/image/";
    try (RawMqttClient d = login(PID, dn)) {
      assertThat(d.subscribeCode(1, image + "#")).isZero();

      publish(d, image + "update", "{\"state\":{\"reported\":{\"temp\":20,\"mode\":\"eco\"}}}");
      Publish accepted = d.readPublish();
      assertThat(accepted.topic()).isEqualTo(image + "update/accepted");
      assertThat(json(accepted).get("version").asLong()).isEqualTo(1);

      // The application wants 25 degrees: the connected device hears the difference at once.
      RestClient.Response put =
          server.rest().put("/products/" + PID + "/devices/" + dn + "/shadow", "{\"state\":{\"desired\":{\"temp\":25,\"mode\":\"eco\"}}}");
      assertThat(put.status()).as(put.body()).isEqualTo(200);
      assertThat(put.json().get("version").asLong()).isEqualTo(2);
      Publish delta = d.readPublish();
      assertThat(delta.topic()).isEqualTo(image + "update/delta");
      JsonNode dj = json(delta);
      assertThat(dj.get("state").toString()).isEqualTo("{\"temp\":25}"); // mode is already eco
      assertThat(dj.get("metadata").get("temp").get("timestamp").asLong()).isBetween(1_000_000_000L, 10_000_000_000L);
      assertThat(dj.get("version").asLong()).isEqualTo(2);

      publish(d, image + "get", "");
      Publish got = d.readPublish();
      assertThat(got.topic()).isEqualTo(image + "get/accepted");
      JsonNode gj = json(got);
      assertThat(gj.get("state").get("desired").get("temp").asInt()).isEqualTo(25);
      assertThat(gj.get("state").get("reported").get("temp").asInt()).isEqualTo(20);
      assertThat(gj.get("version").asLong()).isEqualTo(2);

      // The device catches up: accepted, and no delta left to send.
      publish(d, image + "update", "{\"state\":{\"reported\":{\"temp\":25}}}");
      assertThat(d.readPublish().topic()).isEqualTo(image + "update/accepted");
      assertThat(d.pings()).as("no delta before the PINGRESP").isTrue();
    }
    JsonNode doc = server.rest().get("/products/" + PID + "/devices/" + dn + "/shadow").json();
    assertThat(doc.get("state").get("reported").get("temp").asInt()).isEqualTo(25);
    assertThat(doc.get("version").asLong()).isEqualTo(3);
    assertThat(doc.get("metadata").get("reported").get("temp").get("timestamp").asLong()).isGreaterThan(1_000_000_000_000L);
  }

  @Test
  void oneNetImageErrorsCarryTheDocumentedCodes() throws Exception {
    String dn = "img-err";
    server.rest().createDevice(PID, dn);
    String image = "$sys/" + PID + "/" + dn + "/image/";
    try (RawMqttClient d = login(PID, dn)) {
      assertThat(d.subscribeCode(1, image + "#")).isZero();
      assertThat(rejected(d, image + "update", "{not json")).isEqualTo(160);
      assertThat(rejected(d, image + "update", "{\"reported\":{\"a\":1}}")).isEqualTo(163);
      assertThat(rejected(d, image + "update", "{\"state\":{}}")).isEqualTo(164);
      assertThat(rejected(d, image + "update", "{\"state\":{\"reported\":{\"bad-key\":1}}}")).isEqualTo(165);
      assertThat(rejected(d, image + "update", "{\"state\":{\"reported\":{\"s\":\"" + "x".repeat(600) + "\"}}}")).isEqualTo(165);
      assertThat(rejected(d, image + "update", "{\"state\":{\"reported\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}}}")).isEqualTo(162);
      assertThat(rejected(d, image + "update", "{\"state\":{\"reported\":{\"big\":\"" + "y".repeat(500) + "\",\"pad\":\"" + "z".repeat(4000) + "\"}}}"))
          .isEqualTo(161);
      assertThat(rejected(d, image + "get", "{}")).isEqualTo(98);
      assertThat(d.pings()).as("rejections keep the connection").isTrue();
    }
    assertThat(server.rest().get("/products/" + PID + "/devices/" + dn + "/shadow").json().get("version").asLong()).isZero();
  }

  // ---- Alibaba shadow ----------------------------------------------------------------------------

  @Test
  void aliyunShadowUpdateGetControlClearAndDelete() throws Exception {
    String dn = "lamp-shadow";
    server.rest().createDevice(pk, dn);
    String get = "/shadow/get/" + pk + "/" + dn;
    String update = "/shadow/update/" + pk + "/" + dn;
    try (RawMqttClient d = login(pk, dn)) {
      assertThat(d.subscribeCode(1, get)).isIn(0, 1);

      publish(d, update, "{\"method\":\"update\",\"state\":{\"reported\":{\"Power\":\"off\",\"Brightness\":40}},\"clientToken\":\"tok|1\",\"version\":1}");
      JsonNode reply = json(d.readPublish());
      assertThat(reply.get("method").asText()).isEqualTo("reply");
      assertThat(reply.get("clientToken").asText()).isEqualTo("tok|1");
      assertThat(reply.get("payload").get("status").asText()).isEqualTo("success");
      assertThat(reply.get("payload").get("version").asLong()).isEqualTo(1);

      // B.11: a version not above the stored one is refused (403).
      publish(d, update, "{\"method\":\"update\",\"state\":{\"reported\":{\"Power\":\"on\"}},\"clientToken\":\"tok-2\",\"version\":1}");
      JsonNode stale = json(d.readPublish());
      assertThat(stale.get("payload").get("status").asText()).isEqualTo("error");
      assertThat(stale.get("payload").get("content").get("errorcode").asText()).isEqualTo("403");
      assertThat(stale.get("clientToken").asText()).isEqualTo("tok-2");

      // The application turns the lamp on: the device gets control with the whole document.
      RestClient.Response put =
          server.rest().put("/products/" + pk + "/devices/" + dn + "/shadow", "{\"state\":{\"desired\":{\"Power\":\"on\"}},\"version\":1}");
      assertThat(put.status()).as(put.body()).isEqualTo(200);
      JsonNode control = json(d.readPublish());
      assertThat(control.get("method").asText()).isEqualTo("control");
      assertThat(control.get("payload").get("state").get("desired").get("Power").asText()).isEqualTo("on");
      assertThat(control.get("payload").get("state").get("reported").get("Power").asText()).isEqualTo("off");
      assertThat(control.get("version").asLong()).isEqualTo(2);

      publish(d, update, "{\"method\":\"get\",\"clientToken\":\"g\"}");
      JsonNode got = json(d.readPublish());
      assertThat(got.get("payload").get("state").get("desired").get("Power").asText()).isEqualTo("on");
      assertThat(got.get("payload").get("metadata").get("reported").get("Brightness").get("timestamp").asLong())
          .isBetween(1_000_000_000L, 10_000_000_000L);

      // The device acted: reports on, clears desired (the SDK's "desired":"null"), then deletes Brightness.
      publish(d, update, "{\"method\":\"update\",\"state\":{\"reported\":{\"Power\":\"on\"},\"desired\":\"null\"},\"clientToken\":\"c\",\"version\":3}");
      assertThat(json(d.readPublish()).get("payload").get("status").asText()).isEqualTo("success");
      publish(d, update, "{\"method\":\"delete\",\"state\":{\"reported\":{\"Brightness\":\"null\"}},\"clientToken\":\"d\",\"version\":4}");
      assertThat(json(d.readPublish()).get("payload").get("status").asText()).isEqualTo("success");
    }
    JsonNode doc = server.rest().get("/products/" + pk + "/devices/" + dn + "/shadow").json();
    assertThat(doc.get("state").get("desired").isEmpty()).isTrue();
    assertThat(doc.get("state").get("reported").toString()).isEqualTo("{\"Power\":\"on\"}");
    assertThat(doc.get("version").asLong()).isEqualTo(4);
  }

  @Test
  void aliyunShadowErrorsCarryTheDocumentedCodes() throws Exception {
    String dn = "lamp-errors";
    server.rest().createDevice(pk, dn);
    String update = "/shadow/update/" + pk + "/" + dn;
    try (RawMqttClient d = login(pk, dn)) {
      assertThat(d.subscribeCode(1, "/shadow/get/" + pk + "/" + dn)).isIn(0, 1);
      assertThat(aliyunError(d, update, "not json")).isEqualTo("400");
      assertThat(aliyunError(d, update, "{\"state\":{}}")).isEqualTo("401");
      assertThat(aliyunError(d, update, "{\"method\":\"update\"}")).isEqualTo("402");
      assertThat(aliyunError(d, update, "{\"method\":\"delete\",\"state\":{}}")).isEqualTo("404");
      assertThat(aliyunError(d, update, "{\"method\":\"update\",\"state\":{\"reported\":{}}}")).isEqualTo("405");
      assertThat(aliyunError(d, update, "{\"method\":\"upsert\",\"state\":{}}")).isEqualTo("406");
      StringBuilder many = new StringBuilder("{\"method\":\"update\",\"state\":{\"reported\":{");
      for (int i = 0; i < 130; i++) {
        many.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":1");
      }
      assertThat(aliyunError(d, update, many.append("}}}").toString())).isEqualTo("408");
      assertThat(d.pings()).isTrue();
    }
  }

  // ---- REST and durability -----------------------------------------------------------------------

  @Test
  void restVersionConflictsAndBadBodiesAreRefused() {
    String dn = "img-rest";
    server.rest().createDevice(PID, dn);
    String path = "/products/" + PID + "/devices/" + dn + "/shadow";
    assertThat(server.rest().get(path).json().get("version").asLong()).isZero();
    assertThat(server.rest().put(path, "{\"state\":{\"desired\":{\"a\":1}},\"version\":0}").status()).isEqualTo(200);
    RestClient.Response conflict = server.rest().put(path, "{\"state\":{\"desired\":{\"a\":2}},\"version\":0}");
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().get("code").asText()).isEqualTo("version_conflict");
    assertThat(server.rest().put(path, "{\"state\":{\"reported\":{\"a\":2}}}").status()).isEqualTo(400);
    assertThat(server.rest().put(path, "{\"state\":{\"desired\":{\"bad key\":2}}}").status()).isEqualTo(400);
    assertThat(server.rest().put(path, "{\"desired\":{\"a\":2}}").status()).isEqualTo(400);
    assertThat(server.rest().put("/products/" + PID + "/devices/nobody/shadow", "{\"state\":{\"desired\":{\"a\":1}}}").status())
        .isEqualTo(404);
    // Removing an attribute with null.
    RestClient.Response removed = server.rest().put(path, "{\"state\":{\"desired\":{\"a\":null}}}");
    assertThat(removed.json().get("state").get("desired").isEmpty()).isTrue();
    assertThat(removed.json().get("version").asLong()).isEqualTo(2);
  }

  @Test
  void shadowsSurviveARestartAndDisappearWithTheDevice() throws Exception {
    String dn = "img-durable";
    server.rest().createDevice(PID, dn);
    String path = "/products/" + PID + "/devices/" + dn + "/shadow";
    assertThat(server.rest().put(path, "{\"state\":{\"desired\":{\"temp\":21}}}").status()).isEqualTo(200);

    server.restart();

    JsonNode doc = server.rest().get(path).json();
    assertThat(doc.get("state").get("desired").get("temp").asInt()).isEqualTo(21);
    assertThat(doc.get("version").asLong()).isEqualTo(1);
    assertThat(server.rest().delete("/products/" + PID + "/devices/" + dn).status()).isEqualTo(204);
    server.rest().createDevice(PID, dn);
    assertThat(server.rest().get(path).json().get("version").asLong()).as("a new device starts without a shadow").isZero();
  }

  // ---- helpers --------------------------------------------------------------------------------

  static RawMqttClient login(String pid, String dn) throws IOException {
    JsonNode c = server.rest().connection(pid, dn);
    RawMqttClient client = new RawMqttClient(server.mqttPort());
    client.write(
        RawMqttClient.connect(4, 0xC2, 60, c.get("clientId").asText(), c.get("username").asText(), c.get("password").asText()));
    Packet connack = client.read();
    assertThat(RawMqttClient.connackCode(connack)).as(RawMqttClient.describe(connack)).isZero();
    return client;
  }

  static void publish(RawMqttClient d, String topic, String payload) throws IOException {
    d.write(RawMqttClient.publish(topic, 0, false, 0, payload.getBytes(StandardCharsets.UTF_8)));
  }

  static JsonNode json(Publish p) {
    return JSON.readTree(p.text());
  }

  /** Publishes and returns the err_code of the rejection that follows. */
  static int rejected(RawMqttClient d, String topic, String payload) throws IOException {
    publish(d, topic, payload);
    Publish p = d.readPublish();
    assertThat(p.topic()).as("answer to %s", payload).endsWith("/rejected");
    return json(p).get("err_code").asInt();
  }

  static String aliyunError(RawMqttClient d, String topic, String payload) throws IOException {
    publish(d, topic, payload);
    JsonNode reply = json(d.readPublish());
    assertThat(reply.get("payload").get("status").asText()).as("answer to %s", payload).isEqualTo("error");
    return reply.get("payload").get("content").get("errorcode").asText();
  }
}
