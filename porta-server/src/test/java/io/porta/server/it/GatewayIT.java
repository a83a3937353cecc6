package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.porta.server.it.RawMqttClient.Packet;
import io.porta.server.it.RawMqttClient.Publish;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alibaba gateways and sub-devices end to end (issue 5 §4, protocols.md B.9): topology with signed
 * sub-devices, sub-device login and logout over the gateway's connection, sub-device traffic on its own
 * topics under its own permissions, a command to a sub-device through its gateway, the per-gateway
 * limit, and a gateway that never reaches devices outside its topology.
 */
class GatewayIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final int MAX_SUBS = 2;
  static PortaTestServer server;
  static String gwPk;
  static String subPk;
  static final Map<String, String> secrets = new java.util.HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    server =
        PortaTestServer.start(
            Map.of(
                "porta.gateways.max-sub-devices", String.valueOf(MAX_SUBS),
                "porta.aliyun.rate-limits.connect", "10000"));
    gwPk = server.rest().post("/products", "{\"name\":\"gateways\",\"dialect\":\"aliyun\"}").json().get("id").asText();
    subPk = server.rest().post("/products", "{\"name\":\"sensors\",\"dialect\":\"aliyun\"}").json().get("id").asText();
    for (String gw : new String[] {"gw-1", "gw-2", "gw-3"}) {
      server.rest().createDevice(gwPk, gw);
    }
    for (String sub : new String[] {"sub-1", "sub-2", "sub-3", "sub-4", "sub-5", "stranger"}) {
      secrets.put(sub, server.rest().createDevice(subPk, sub).get("secret").asText());
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void topologyLoginTrafficCommandAndLogout() throws Exception {
    try (RawMqttClient gw = login("gw-1")) {
      subscribeReplies(gw, "gw-1");

      // Topology: two signed sub-devices join; a wrong signature is refused and nothing is added.
      JsonNode added = request(gw, topo("gw-1", "add"), "\"1|exp\"", "[" + signed("sub-1", "hmacsha256") + "," + signed("sub-2", "hmacsha1") + "]");
      assertThat(added.get("id").asText()).isEqualTo("1|exp"); // echoed verbatim
      assertThat(added.get("code").asInt()).isEqualTo(200);
      assertThat(added.get("message").asText()).isEqualTo("success");
      assertThat(added.get("data").toString()).contains("sub-1").contains("sub-2");
      JsonNode forged = request(gw, topo("gw-1", "add"), "\"2\"", "[" + forged("sub-3") + "]");
      assertThat(forged.get("code").asInt()).isEqualTo(6401);
      JsonNode topology = request(gw, topo("gw-1", "get"), "\"3\"", "{}");
      assertThat(topology.get("data").toString()).contains("sub-1").contains("sub-2").doesNotContain("sub-3");
      JsonNode rest = server.rest().get("/products/" + gwPk + "/devices/gw-1/subdevices").json().get("items");
      assertThat(rest).extracting(i -> i.get("name").asText()).containsExactly("sub-1", "sub-2");
      JsonNode sub1 = server.rest().get("/products/" + subPk + "/devices/sub-1").json();
      assertThat(sub1.get("gateway").get("productId").asText()).isEqualTo(gwPk);
      assertThat(sub1.get("gateway").get("name").asText()).isEqualTo("gw-1");

      // Before login the gateway may not speak for sub-1.
      assertThat(gw.subscribeCode(10, "/sys/" + subPk + "/sub-1/rrpc/request/+")).isEqualTo(0x80);

      JsonNode loggedIn = request(gw, session("gw-1", "login"), "\"4\"", loginParams("sub-1"));
      assertThat(loggedIn.get("code").asInt()).as(loggedIn.toString()).isEqualTo(200);
      assertThat(online("sub-1")).isTrue();
      assertThat(server.rest().get("/products/" + gwPk + "/devices/gw-1/subdevices").json().get("items").get(0).get("online").asBoolean())
          .isTrue();
      assertThat(gw.subscribeCode(11, "/sys/" + subPk + "/sub-1/rrpc/request/+")).isIn(0, 1);

      // Sub-device traffic on its own topic lands in its own log.
      gw.write(RawMqttClient.publish("/" + subPk + "/sub-1/update", 1, false, 12, "{\"t\":1}".getBytes(StandardCharsets.UTF_8)));
      assertThat(gw.read().type()).isEqualTo(4); // PUBACK
      await().until(() -> server.rest().get("/products/" + subPk + "/devices/sub-1/messages").json().get("items").size() == 1);

      // A command to the sub-device reaches it through the gateway, and its answer comes back.
      CompletableFuture<RestClient.Response> call =
          CompletableFuture.supplyAsync(
              () -> server.rest().post("/products/" + subPk + "/devices/sub-1/commands", "{\"payload\":\"ping\",\"timeoutMs\":8000}"));
      Publish request = gw.readPublish();
      assertThat(request.topic()).startsWith("/sys/" + subPk + "/sub-1/rrpc/request/");
      String id = request.topic().substring(request.topic().lastIndexOf('/') + 1);
      gw.write(RawMqttClient.publish("/sys/" + subPk + "/sub-1/rrpc/response/" + id, 0, false, 0, "pong".getBytes(StandardCharsets.UTF_8)));
      RestClient.Response answer = call.join();
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.json().get("response").asText()).isEqualTo("pong");

      // Logout: offline, and the gateway no longer speaks for it.
      assertThat(request(gw, session("gw-1", "logout"), "\"5\"", "{\"productKey\":\"" + subPk + "\",\"deviceName\":\"sub-1\"}").get("code").asInt())
          .isEqualTo(200);
      assertThat(online("sub-1")).isFalse();
      gw.write(RawMqttClient.publish("/" + subPk + "/sub-1/update", 1, false, 13, "{\"t\":2}".getBytes(StandardCharsets.UTF_8)));
      assertThat(gw.read().type()).isEqualTo(4); // acknowledged and dropped (B.5)
      assertThat(gw.pings()).isTrue();
      assertThat(server.rest().get("/products/" + subPk + "/devices/sub-1/messages").json().get("items").size()).isEqualTo(1);
    }
  }

  @Test
  void aGatewayNeverReachesDevicesOutsideItsTopology() throws Exception {
    try (RawMqttClient gw = login("gw-2")) {
      subscribeReplies(gw, "gw-2");
      // stranger is signed correctly but was never added: no login, no topics.
      JsonNode refused = request(gw, session("gw-2", "login"), "\"1\"", loginParams("stranger"));
      assertThat(refused.get("code").asInt()).isEqualTo(6402);
      assertThat(online("stranger")).isFalse();
      assertThat(gw.subscribeCode(20, "/sys/" + subPk + "/stranger/rrpc/request/+")).isEqualTo(0x80);
      gw.write(RawMqttClient.publish("/" + subPk + "/stranger/update", 1, false, 21, "x".getBytes(StandardCharsets.UTF_8)));
      assertThat(gw.read().type()).isEqualTo(4);
      // A device of another gateway (sub-2 belongs to gw-1 once the first test ran; bind it here to be sure).
      JsonNode stolen = request(gw, session("gw-2", "login"), "\"2\"", loginParams("sub-5"));
      assertThat(stolen.get("code").asInt()).isEqualTo(6402);
      // Unknown sub-devices and bad parameters.
      JsonNode unknown = request(gw, topo("gw-2", "add"), "\"3\"", "[" + signedAs("nobody", "secret", "hmacsha256") + "]");
      assertThat(unknown.get("code").asInt()).isEqualTo(6100);
      assertThat(request(gw, topo("gw-2", "add"), "\"4\"", "{}").get("code").asInt()).isEqualTo(460);
      assertThat(gw.pings()).isTrue();
    }
    assertThat(server.rest().get("/products/" + subPk + "/devices/stranger/messages").json().get("items")).isEmpty();
  }

  @Test
  void subDevicesGoOfflineWithTheirGatewayAndTheLimitIsCounted() throws Exception {
    try (RawMqttClient gw = login("gw-3")) {
      subscribeReplies(gw, "gw-3");
      JsonNode added =
          request(gw, topo("gw-3", "add"), "\"1\"", "[" + signed("sub-3", "hmacmd5") + "," + signed("sub-4", "hmacsha1") + "," + signed("sub-5", "hmacsha256") + "]");
      assertThat(added.get("code").asInt()).isEqualTo(200);
      String batch =
          "{\"signMethod\":\"hmacsha256\",\"deviceList\":[" + loginItem("sub-3", "hmacsha256") + "," + loginItem("sub-4", "hmacsha256") + "]}";
      assertThat(request(gw, session("gw-3", "batch_login"), "\"2\"", batch).get("code").asInt()).isEqualTo(200);
      assertThat(online("sub-3")).isTrue();
      assertThat(online("sub-4")).isTrue();

      // The thing model through the gateway: each sub-device posts its own properties.
      int packet = 30;
      for (String sub : new String[] {"sub-3", "sub-4"}) {
        String post = "/sys/" + subPk + "/" + sub + "/thing/event/property/post";
        assertThat(gw.subscribeCode(packet++, post + "_reply")).isIn(0, 1);
        String value = sub.equals("sub-3") ? "21.5" : "19.0";
        gw.write(RawMqttClient.publish(post, 0, false, 0,
            ("{\"id\":\"p-" + sub + "\",\"version\":\"1.0\",\"params\":{\"Temp\":" + value + "},\"method\":\"thing.event.property.post\"}")
                .getBytes(StandardCharsets.UTF_8)));
        Publish reply = gw.readPublish();
        assertThat(reply.topic()).isEqualTo(post + "_reply");
        assertThat(JSON.readTree(reply.text()).get("code").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(reply.text()).get("id").asText()).isEqualTo("p-" + sub);
        assertThat(server.rest().get("/products/" + subPk + "/devices/" + sub + "/properties").body()).contains("Temp").contains(value);
      }

      double before = server.rest().metric("porta_gateway_limit_hits_total{limit=\"sub_devices_per_gateway\"}");
      JsonNode over = request(gw, session("gw-3", "login"), "\"3\"", loginParams("sub-5"));
      assertThat(over.get("code").asInt()).isEqualTo(6403);
      assertThat(server.rest().metric("porta_gateway_limit_hits_total{limit=\"sub_devices_per_gateway\"}")).isEqualTo(before + 1);
      gw.write(RawMqttClient.disconnect());
    }
    await().until(() -> !online("sub-3") && !online("sub-4"));
    // the event history is written in batches: the offline event may land after the state changes
    await().until(() -> "offline".equals(server.rest().get("/products/" + subPk + "/devices/sub-3/events?type=status")
        .json().get("items").get(0).get("identifier").asText()));
    JsonNode events = server.rest().get("/products/" + subPk + "/devices/sub-3/events?type=status").json().get("items");
    assertThat(events.get(0).get("identifier").asText()).isEqualTo("offline");
    assertThat(events.get(0).get("data").get("reason").asText()).isEqualTo("client_disconnect");
  }

  // ---- helpers --------------------------------------------------------------------------------

  static RawMqttClient login(String gw) throws IOException {
    JsonNode c = server.rest().connection(gwPk, gw);
    RawMqttClient client = new RawMqttClient(server.mqttPort());
    client.write(RawMqttClient.connect(4, 0xC2, 60, c.get("clientId").asText(), c.get("username").asText(), c.get("password").asText()));
    Packet ack = client.read();
    assertThat(RawMqttClient.connackCode(ack)).as(RawMqttClient.describe(ack)).isZero();
    return client;
  }

  static void subscribeReplies(RawMqttClient gw, String name) throws IOException {
    assertThat(gw.subscribeCode(1, "/sys/" + gwPk + "/" + name + "/thing/topo/+")).isIn(0, 1);
    assertThat(gw.subscribeCode(2, "/ext/session/" + gwPk + "/" + name + "/combine/+")).isIn(0, 1);
  }

  static String topo(String gw, String op) {
    return "/sys/" + gwPk + "/" + gw + "/thing/topo/" + op;
  }

  static String session(String gw, String op) {
    return "/ext/session/" + gwPk + "/" + gw + "/combine/" + op;
  }

  /** Publishes an Alink request and returns its {@code _reply}. */
  static JsonNode request(RawMqttClient gw, String topic, String idJson, String params) throws IOException {
    String body = "{\"id\":" + idJson + ",\"version\":\"1.0\",\"params\":" + params + "}";
    gw.write(RawMqttClient.publish(topic, 0, false, 0, body.getBytes(StandardCharsets.UTF_8)));
    Publish reply = gw.readPublish();
    assertThat(reply.topic()).isEqualTo(topic + "_reply");
    return JSON.readTree(reply.text());
  }

  static String signed(String sub, String method) throws Exception {
    return signedAs(sub, secrets.get(sub), method);
  }

  static String forged(String sub) throws Exception {
    return signedAs(sub, "not-" + secrets.get(sub), "hmacsha256");
  }

  /** topo/add item: B.9 content rule, keyed with the sub-device's secret. */
  static String signedAs(String sub, String secret, String method) throws Exception {
    return signedAs(subPk, sub, secret, method);
  }

  static String signedAs(String pk, String sub, String secret, String method) throws Exception {
    String clientId = pk + "." + sub;
    String ts = "1581417203000";
    return "{\"productKey\":\"" + pk + "\",\"deviceName\":\"" + sub + "\",\"clientId\":\"" + clientId
        + "\",\"timestamp\":\"" + ts + "\",\"signmethod\":\"" + method + "\",\"sign\":\""
        + sign(method, secret, clientId, pk, sub, ts) + "\"}";
  }

  static String loginParams(String sub) throws Exception {
    String item = loginItem(sub, "hmacsha256");
    return item.substring(0, item.length() - 1) + ",\"signMethod\":\"hmacsha256\"}";
  }

  static String loginItem(String sub, String method) throws Exception {
    String clientId = subPk + "&" + sub;
    String ts = "1581417203000";
    return "{\"productKey\":\"" + subPk + "\",\"deviceName\":\"" + sub + "\",\"clientId\":\"" + clientId
        + "\",\"timestamp\":\"" + ts + "\",\"sign\":\"" + sign(method, secrets.get(sub), clientId, subPk, sub, ts)
        + "\",\"cleanSession\":\"true\"}";
  }

  static String sign(String method, String secret, String clientId, String pk, String dn, String ts) throws Exception {
    String algorithm =
        switch (method) {
          case "hmacmd5" -> "HmacMD5";
          case "hmacsha1" -> "HmacSHA1";
          default -> "HmacSHA256";
        };
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance(algorithm);
    mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
    String content = "clientId" + clientId + "deviceName" + dn + "productKey" + pk + "timestamp" + ts;
    return java.util.HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
  }

  static boolean online(String sub) {
    return server.rest().get("/products/" + subPk + "/devices/" + sub).json().get("online").asBoolean();
  }
}
