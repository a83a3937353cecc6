package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.porta.server.it.RawMqttClient.Packet;
import io.porta.server.it.RawMqttClient.Publish;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OneNET gateways and sub-devices end to end (issue 5 §4, protocols.md A.7.5): topology proven with
 * each sub-device's own {@code sasToken}, login and logout, sub-device data in pack and history posts
 * stored as the sub-device's, REST property set and service calls answered through the gateway,
 * topology change notices, batch limits, and a gateway that never speaks for devices outside its
 * topology. Real server, raw MQTT client over a real socket.
 */
class OneNetGatewayIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String GW_PID = "GwProd0001";
  static final String SUB_PID = "SubProd001";
  static final int MAX_LOGIN_BATCH = 3;
  static final int MAX_PACK_ENTRIES = 4;
  static PortaTestServer server;
  static final Map<String, String> keys = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    server =
        PortaTestServer.start(
            Map.of(
                "porta.gateways.max-login-batch", String.valueOf(MAX_LOGIN_BATCH),
                "porta.gateways.max-pack-entries", String.valueOf(MAX_PACK_ENTRIES),
                "porta.onenet.rate-limits.connect", "10000",
                "porta.onenet.rate-limits.publish-qos0", "100000",
                "porta.onenet.rate-limits.publish-qos1", "100000"));
    server.rest().createProduct("onenet", GW_PID);
    server.rest().createProduct("onenet", SUB_PID);
    for (String gw : new String[] {"gw-1", "gw-2", "gw-3", "gw-4", "gw-5"}) {
      server.rest().createDevice(GW_PID, gw);
    }
    for (String sub : new String[] {"sub-1", "sub-2", "sub-3", "sub-4", "sub-5", "sub-6", "sub-7", "sub-8", "stranger"}) {
      keys.put(sub, server.rest().createDevice(SUB_PID, sub).get("secret").asText());
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aGatewayWithSeveralSubDevicesEndToEnd() throws Exception {
    try (RawMqttClient gw = login("gw-1")) {
      // Topology: each sub-device proven by a token signed with its own key; a wrong one adds nothing.
      assertThat(request(gw, "gw-1", "thing/sub/topo/add", "\"101\"", added("sub-1")).get("code").asInt()).isEqualTo(200);
      JsonNode both = request(gw, "gw-1", "thing/sub/topo/add", "\"102\"", "[" + added("sub-2") + "," + added("sub-3") + "]");
      assertThat(both.get("id").asText()).isEqualTo("102"); // echoed verbatim
      assertThat(both.get("code").asInt()).isEqualTo(200);
      assertThat(both.get("msg").asText()).isEqualTo("success");
      JsonNode forged = request(gw, "gw-1", "thing/sub/topo/add", "\"103\"", sub("sub-4", token("sub-4", keys.get("sub-1"))));
      assertThat(forged.get("code").asInt()).isEqualTo(401);
      JsonNode topology = request(gw, "gw-1", "thing/sub/topo/get", "\"104\"", "{}");
      assertThat(topology.get("data")).extracting(s -> s.get("deviceName").asText()).containsExactly("sub-1", "sub-2", "sub-3");
      assertThat(topology.get("data").get(0).get("productID").asText()).isEqualTo(SUB_PID);
      // The gateway confirms its sync; Porta takes it without an answer.
      gw.write(RawMqttClient.publish(topic("gw-1", "thing/sub/topo/get/result"), 1, false, 5, "{\"id\":\"104\",\"code\":200,\"msg\":\"ok\"}".getBytes(StandardCharsets.UTF_8)));
      assertThat(gw.read().type()).isEqualTo(4); // PUBACK
      JsonNode rest = server.rest().get("/products/" + GW_PID + "/devices/gw-1/subdevices").json().get("items");
      assertThat(rest).extracting(i -> i.get("name").asText()).containsExactly("sub-1", "sub-2", "sub-3");
      assertThat(server.rest().get("/products/" + SUB_PID + "/devices/sub-1").json().get("gateway").get("name").asText()).isEqualTo("gw-1");

      // Login: one, then a list; online in REST and as status events.
      assertThat(request(gw, "gw-1", "thing/sub/login", "\"105\"", sub("sub-1", null)).get("code").asInt()).isEqualTo(200);
      assertThat(request(gw, "gw-1", "thing/sub/login", "\"106\"", "[" + sub("sub-2", null) + "," + sub("sub-3", null) + "]").get("code").asInt())
          .isEqualTo(200);
      for (String s : new String[] {"sub-1", "sub-2", "sub-3"}) {
        assertThat(online(s)).as(s).isTrue();
      }
      await().until(() -> "online".equals(latestStatus("sub-1"))); // the event history is written in batches

      // The gateway's own property post, then one pack post carrying each sub-device, and a history post.
      assertThat(request(gw, "gw-1", "thing/property/post", "\"107\"", "{\"Uptime\":{\"value\":7}}").get("code").asInt()).isEqualTo(200);
      String pack = "[" + entry("sub-1", "Temp", "21.5", 1000) + "," + entry("sub-2", "Temp", "19", 1000) + "," + entry("sub-3", "Temp", "30", 1000)
          + ",{\"properties\":{\"Uptime\":{\"value\":8,\"time\":1000}}}]";
      assertThat(request(gw, "gw-1", "thing/pack/post", "\"108\"", pack).get("code").asInt()).isEqualTo(200);
      String history = "[{\"identity\":{\"productID\":\"" + SUB_PID + "\",\"deviceName\":\"sub-1\"},"
          + "\"properties\":{\"Temp\":[{\"value\":20,\"time\":500},{\"value\":20.5,\"time\":700}]}}]";
      assertThat(request(gw, "gw-1", "thing/history/post", "\"109\"", history).get("code").asInt()).isEqualTo(200);
      assertThat(points("sub-1", "Temp")).containsExactly("20", "20.5", "21.5");
      assertThat(points("sub-2", "Temp")).containsExactly("19");
      assertThat(points("sub-3", "Temp")).containsExactly("30");
      assertThat(server.rest().get("/products/" + GW_PID + "/devices/gw-1/datapoints?stream=Temp").json().get("items")).isEmpty();

      // REST property set on sub-2 reaches it through the gateway, which answers for it.
      CompletableFuture<RestClient.Response> set =
          CompletableFuture.supplyAsync(
              () -> server.rest().put("/products/" + SUB_PID + "/devices/sub-2/properties", "{\"params\":{\"Power\":\"on\"},\"timeoutMs\":20000}"));
      Publish setRequest = gw.readPublish();
      assertThat(setRequest.topic()).isEqualTo(topic("gw-1", "thing/sub/property/set"));
      JsonNode setBody = JSON.readTree(setRequest.text());
      assertThat(setBody.get("params")).isEqualTo(JSON.readTree("{\"productID\":\"" + SUB_PID + "\",\"deviceName\":\"sub-2\",\"params\":{\"Power\":\"on\"}}"));
      String setId = setBody.get("id").asText();
      assertThat(setId).matches("[0-9]{1,13}");
      gw.write(RawMqttClient.publish(topic("gw-1", "thing/sub/property/set_reply"), 0, false, 0,
          ("{\"id\":\"" + setId + "\",\"code\":200,\"msg\":\"done\"}").getBytes(StandardCharsets.UTF_8)));
      RestClient.Response setAnswer = set.join();
      assertThat(setAnswer.status()).as(setAnswer.body()).isEqualTo(200);
      assertThat(setAnswer.json().get("message").asText()).isEqualTo("done");

      // A service call on sub-3, answered with output data.
      CompletableFuture<RestClient.Response> invoke =
          CompletableFuture.supplyAsync(
              () -> server.rest().post("/products/" + SUB_PID + "/devices/sub-3/services/reboot", "{\"params\":{\"delay\":1},\"timeoutMs\":20000}"));
      Publish invokeRequest = gw.readPublish();
      assertThat(invokeRequest.topic()).isEqualTo(topic("gw-1", "thing/sub/service/invoke"));
      JsonNode invokeBody = JSON.readTree(invokeRequest.text());
      assertThat(invokeBody.get("params").get("identifier").asText()).isEqualTo("reboot");
      assertThat(invokeBody.get("params").get("deviceName").asText()).isEqualTo("sub-3");
      assertThat(invokeBody.get("params").get("input")).isEqualTo(JSON.readTree("{\"delay\":1}"));
      gw.write(RawMqttClient.publish(topic("gw-1", "thing/sub/service/invoke_reply"), 0, false, 0,
          ("{\"id\":\"" + invokeBody.get("id").asText() + "\",\"code\":200,\"msg\":\"success\",\"data\":{\"productID\":\"" + SUB_PID
                  + "\",\"deviceName\":\"sub-3\",\"identifier\":\"reboot\",\"output\":{\"ok\":true}}}").getBytes(StandardCharsets.UTF_8)));
      RestClient.Response invokeAnswer = invoke.join();
      assertThat(invokeAnswer.status()).as(invokeAnswer.body()).isEqualTo(200);
      assertThat(invokeAnswer.json().get("data").get("output").get("ok").asBoolean()).isTrue();

      // Plain commands have no topic a gateway could carry for its sub-device.
      assertThat(server.rest().post("/products/" + SUB_PID + "/devices/sub-2/commands", "{\"payload\":\"x\"}").status()).isEqualTo(400);

      // Logout: offline, with a status event.
      assertThat(request(gw, "gw-1", "thing/sub/logout", "\"110\"", sub("sub-1", null)).get("code").asInt()).isEqualTo(200);
      assertThat(online("sub-1")).isFalse();
      await().until(() -> "offline".equals(latestStatus("sub-1")));
      assertThat(server.rest().put("/products/" + SUB_PID + "/devices/sub-1/properties", "{\"params\":{\"Power\":\"on\"}}").status()).isEqualTo(409);
      gw.write(RawMqttClient.disconnect());
    }
    // The gateway's connection ends: its sub-devices go offline with it.
    await().until(() -> !online("sub-2") && !online("sub-3"));
  }

  @Test
  void aGatewayNeverSpeaksForDevicesOutsideItsTopology() throws Exception {
    try (RawMqttClient gw = login("gw-2")) {
      // stranger exists but was never added: no login, no data stored for it.
      assertThat(request(gw, "gw-2", "thing/sub/login", "\"201\"", sub("stranger", null)).get("code").asInt()).isEqualTo(403);
      assertThat(online("stranger")).isFalse();
      JsonNode pack = request(gw, "gw-2", "thing/pack/post", "\"202\"", "[" + entry("stranger", "Temp", "1", 1000) + "]");
      assertThat(pack.get("code").asInt()).isEqualTo(403);
      assertThat(points("stranger", "Temp")).isEmpty();
      // A token signed with another device's key, an unknown device, a device not in this topology.
      assertThat(request(gw, "gw-2", "thing/sub/topo/add", "\"203\"", sub("stranger", token("stranger", keys.get("sub-5")))).get("code").asInt())
          .isEqualTo(401);
      assertThat(request(gw, "gw-2", "thing/sub/topo/add", "\"204\"", sub("nobody", token("nobody", keys.get("sub-5")))).get("code").asInt())
          .isEqualTo(404);
      // Signed with the sub-device's own key, but expired an hour ago.
      String expired = token("stranger", keys.get("stranger"), System.currentTimeMillis() / 1000 - 3600);
      assertThat(request(gw, "gw-2", "thing/sub/topo/add", "\"207\"", sub("stranger", expired)).get("code").asInt())
          .isEqualTo(401);
      assertThat(request(gw, "gw-2", "thing/sub/topo/delete", "\"205\"", added("stranger")).get("code").asInt()).isEqualTo(403);
      assertThat(request(gw, "gw-2", "thing/sub/topo/add", "\"206\"", "{\"productID\":\"" + SUB_PID + "\"}").get("code").asInt()).isEqualTo(400);
      assertThat(server.rest().get("/products/" + GW_PID + "/devices/gw-2/subdevices").json().get("items")).isEmpty();
      assertThat(gw.pings()).isTrue();
    }
  }

  @Test
  void aGatewayIsToldWhenItsTopologyChangesWithoutItAsking() throws Exception {
    try (RawMqttClient first = login("gw-3"); RawMqttClient second = login("gw-4")) {
      assertThat(request(first, "gw-3", "thing/sub/topo/add", "\"301\"", "[" + added("sub-5") + "," + added("sub-6") + "]").get("code").asInt())
          .isEqualTo(200);
      // gw-4 takes sub-5 over: gw-3 learns its whole new topology.
      assertThat(request(second, "gw-4", "thing/sub/topo/add", "\"302\"", added("sub-5")).get("code").asInt()).isEqualTo(200);
      Publish change = first.readPublish();
      assertThat(change.topic()).isEqualTo(topic("gw-3", "thing/sub/topo/change"));
      JsonNode body = JSON.readTree(change.text());
      assertThat(body.get("params").get("subList")).extracting(s -> s.get("deviceName").asText()).containsExactly("sub-6");
      first.write(RawMqttClient.publish(topic("gw-3", "thing/sub/topo/change_reply"), 1, false, 7,
          ("{\"id\":\"" + body.get("id").asText() + "\",\"code\":200,\"msg\":\"ok\"}").getBytes(StandardCharsets.UTF_8)));
      assertThat(first.read().type()).isEqualTo(4); // PUBACK, no answer
      // Deleting a sub-device over REST tells its gateway too.
      assertThat(server.rest().delete("/products/" + GW_PID + "/devices/gw-3/subdevices/" + SUB_PID + "/sub-6").status()).isEqualTo(204);
      Publish emptied = first.readPublish();
      assertThat(emptied.topic()).isEqualTo(topic("gw-3", "thing/sub/topo/change"));
      assertThat(JSON.readTree(emptied.text()).get("params").get("subList")).isEmpty();
      assertThat(server.rest().get("/products/" + GW_PID + "/devices/gw-3/subdevices").json().get("items")).isEmpty();
      // Deleting a sub-device takes it out of the topology, and its gateway is told.
      assertThat(request(first, "gw-3", "thing/sub/topo/add", "\"303\"", added("sub-8")).get("code").asInt()).isEqualTo(200);
      assertThat(server.rest().delete("/products/" + SUB_PID + "/devices/sub-8").status()).isEqualTo(204);
      Publish deleted = first.readPublish();
      assertThat(deleted.topic()).isEqualTo(topic("gw-3", "thing/sub/topo/change"));
      assertThat(JSON.readTree(deleted.text()).get("params").get("subList")).isEmpty();
      // A device created again under that name is no sub-device until proven again.
      keys.put("sub-8", server.rest().createDevice(SUB_PID, "sub-8").get("secret").asText());
      assertThat(request(first, "gw-3", "thing/sub/login", "\"304\"", sub("sub-8", null)).get("code").asInt()).isEqualTo(403);
    }
  }

  @Test
  void batchesOverTheirLimitAreRefusedAndCounted() throws Exception {
    try (RawMqttClient gw = login("gw-5")) {
      assertThat(request(gw, "gw-5", "thing/sub/topo/add", "\"401\"", "[" + added("sub-7") + "]").get("code").asInt()).isEqualTo(200);
      double logins = server.rest().metric("porta_gateway_limit_hits_total{limit=\"login_batch\"}");
      StringBuilder tooMany = new StringBuilder("[");
      for (int i = 0; i <= MAX_LOGIN_BATCH; i++) {
        tooMany.append(i == 0 ? "" : ",").append(sub("sub-7", null));
      }
      assertThat(request(gw, "gw-5", "thing/sub/login", "\"402\"", tooMany + "]").get("code").asInt()).isEqualTo(400);
      assertThat(server.rest().metric("porta_gateway_limit_hits_total{limit=\"login_batch\"}")).isEqualTo(logins + 1);
      assertThat(online("sub-7")).isFalse();

      double packs = server.rest().metric("porta_gateway_limit_hits_total{limit=\"pack_entries\"}");
      StringBuilder entries = new StringBuilder("[");
      for (int i = 0; i <= MAX_PACK_ENTRIES; i++) {
        entries.append(i == 0 ? "" : ",").append(entry("sub-7", "Temp", String.valueOf(i), 1000 + i));
      }
      assertThat(request(gw, "gw-5", "thing/pack/post", "\"403\"", entries + "]").get("code").asInt()).isEqualTo(400);
      assertThat(server.rest().metric("porta_gateway_limit_hits_total{limit=\"pack_entries\"}")).isEqualTo(packs + 1);
      assertThat(points("sub-7", "Temp")).isEmpty();

      // porta.gateways.max-topology-batch keeps its default, 50.
      double topologies = server.rest().metric("porta_gateway_limit_hits_total{limit=\"topology_batch\"}");
      StringBuilder removals = new StringBuilder("[");
      for (int i = 0; i <= 50; i++) {
        removals.append(i == 0 ? "" : ",").append(added("sub-7"));
      }
      assertThat(request(gw, "gw-5", "thing/sub/topo/delete", "\"404\"", removals + "]").get("code").asInt()).isEqualTo(400);
      assertThat(server.rest().metric("porta_gateway_limit_hits_total{limit=\"topology_batch\"}")).isEqualTo(topologies + 1);
      assertThat(server.rest().get("/products/" + GW_PID + "/devices/gw-5/subdevices").json().get("items")).hasSize(1);
      assertThat(gw.pings()).isTrue();
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  static RawMqttClient login(String gw) throws IOException {
    JsonNode c = server.rest().connection(GW_PID, gw);
    RawMqttClient client = new RawMqttClient(server.mqttPort());
    client.write(RawMqttClient.connect(4, 0xC2, 60, c.get("clientId").asText(), c.get("username").asText(), c.get("password").asText()));
    Packet ack = client.read();
    assertThat(RawMqttClient.connackCode(ack)).as(RawMqttClient.describe(ack)).isZero();
    // Level 5 wildcard (A.6): the replies and the platform's requests.
    assertThat(client.subscribeCode(1, "$sys/" + GW_PID + "/" + gw + "/thing/#")).isZero();
    return client;
  }

  static String topic(String gw, String path) {
    return "$sys/" + GW_PID + "/" + gw + "/" + path;
  }

  /** Publishes a OneJSON request and returns its {@code /reply}. */
  static JsonNode request(RawMqttClient gw, String name, String path, String idJson, String params) throws IOException {
    String body = "{\"id\":" + idJson + ",\"version\":\"1.0\",\"params\":" + params + "}";
    gw.write(RawMqttClient.publish(topic(name, path), 0, false, 0, body.getBytes(StandardCharsets.UTF_8)));
    Publish reply = gw.readPublish();
    assertThat(reply.topic()).isEqualTo(topic(name, path) + "/reply");
    return JSON.readTree(reply.text());
  }

  static String added(String sub) throws Exception {
    return sub(sub, token(sub, keys.get(sub)));
  }

  static String sub(String sub, String sasToken) {
    return "{\"productID\":\"" + SUB_PID + "\",\"deviceName\":\"" + sub + "\""
        + (sasToken == null ? "" : ",\"sasToken\":\"" + sasToken + "\"") + "}";
  }

  static String entry(String sub, String property, String value, long time) {
    return "{\"identity\":{\"productID\":\"" + SUB_PID + "\",\"deviceName\":\"" + sub + "\"},\"properties\":{\""
        + property + "\":{\"value\":" + value + ",\"time\":" + time + "}}}";
  }

  /** A §A.3 token over the sub-device's res, as the gateway computes it with the sub-device's key. */
  static String token(String sub, String base64Key) throws Exception {
    return token(sub, base64Key, System.currentTimeMillis() / 1000 + 3600);
  }

  /** @param et the token's expiry, seconds since the epoch */
  static String token(String sub, String base64Key, long et) throws Exception {
    String res = "products/" + SUB_PID + "/devices/" + sub;
    String content = et + "\nsha256\n" + res + "\n2018-10-31";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
    String sign = Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    return "version=2018-10-31&res=" + URLEncoder.encode(res, StandardCharsets.UTF_8) + "&et=" + et + "&method=sha256&sign="
        + URLEncoder.encode(sign, StandardCharsets.UTF_8);
  }

  static boolean online(String sub) {
    return server.rest().get("/products/" + SUB_PID + "/devices/" + sub).json().get("online").asBoolean();
  }

  /** The newest status event of the sub-device ("online", "offline"), or null when none is stored yet. */
  static String latestStatus(String sub) {
    JsonNode items = server.rest().get("/products/" + SUB_PID + "/devices/" + sub + "/events?type=status").json().get("items");
    return items.isEmpty() ? null : items.get(0).get("identifier").asText();
  }

  static java.util.List<String> points(String sub, String stream) {
    JsonNode items = server.rest().get("/products/" + SUB_PID + "/devices/" + sub + "/datapoints?stream=" + stream + "&order=asc").json().get("items");
    java.util.List<String> values = new java.util.ArrayList<>();
    items.forEach(p -> values.add(p.get("value").asText()));
    return values;
  }
}
