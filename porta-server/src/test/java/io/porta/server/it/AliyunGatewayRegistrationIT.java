package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.server.it.RawMqttClient.Publish;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Alibaba gateways, continued (issue 5 §4, protocols.md B.9): sub-device dynamic registration
 * ({@code thing/sub/register}) under the sub-device product's switch, {@code thing/topo/change} when the
 * topology changes without the gateway asking, and batch limits refused with 460 and counted. Real
 * server, raw MQTT client over a real socket; the helpers and their fixture fields are {@link GatewayIT}'s
 * (test classes run one after the other, so this class's server takes those fields for its lifetime).
 */
class AliyunGatewayRegistrationIT {
  static final int MAX_LOGIN_BATCH = 2;
  static final int MAX_REGISTER_BATCH = 2;
  static String registerPk;
  static String openPk;
  static String closedPk;

  @BeforeAll
  static void start() throws Exception {
    GatewayIT.server =
        PortaTestServer.start(
            Map.of(
                "porta.gateways.max-login-batch", String.valueOf(MAX_LOGIN_BATCH),
                "porta.gateways.max-register-batch", String.valueOf(MAX_REGISTER_BATCH),
                "porta.aliyun.rate-limits.connect", "10000"));
    RestClient rest = GatewayIT.server.rest();
    GatewayIT.gwPk = rest.post("/products", "{\"name\":\"gateways\",\"dialect\":\"aliyun\"}").json().get("id").asText();
    GatewayIT.subPk = rest.post("/products", "{\"name\":\"sensors\",\"dialect\":\"aliyun\"}").json().get("id").asText();
    registerPk = product("register");
    openPk = product("regnwl");
    closedPk = product("off");
    for (String gw : new String[] {"gw-1", "gw-2", "gw-3", "gw-4"}) {
      rest.createDevice(GatewayIT.gwPk, gw);
    }
    for (String sub : new String[] {"sub-1", "sub-2", "sub-3"}) {
      GatewayIT.secrets.put(sub, rest.createDevice(GatewayIT.subPk, sub).get("secret").asText());
    }
    rest.createDevice(registerPk, "pre-1");
    rest.createDevice(closedPk, "shut-1");
  }

  @AfterAll
  static void stop() {
    GatewayIT.server.close();
  }

  static String product(String registration) {
    return GatewayIT.server.rest()
        .post("/products", "{\"name\":\"reg-" + registration + "\",\"dialect\":\"aliyun\",\"options\":{\"dynamicRegistration\":\"" + registration + "\"}}")
        .json().get("id").asText();
  }

  @Test
  void subDevicesRegisterOnlyWhereTheirProductAllowsIt() throws Exception {
    try (RawMqttClient gw = GatewayIT.login("gw-1")) {
      subscribe(gw, "gw-1");
      // register: a pre-created device gets its secret once, and it signs topo/add with it.
      JsonNode registered = GatewayIT.request(gw, register("gw-1"), "\"r|1\"", "[" + item(registerPk, "pre-1") + "]");
      assertThat(registered.get("id").asText()).isEqualTo("r|1");
      assertThat(registered.get("code").asInt()).as(registered.toString()).isEqualTo(200);
      JsonNode issued = registered.get("data").get(0);
      assertThat(issued.get("deviceName").asText()).isEqualTo("pre-1");
      String secret = issued.get("deviceSecret").asText();
      assertThat(secret).hasSizeGreaterThanOrEqualTo(16);
      JsonNode added =
          GatewayIT.request(gw, GatewayIT.topo("gw-1", "add"), "\"r2\"", "[" + GatewayIT.signedAs(registerPk, "pre-1", secret, "hmacsha256") + "]");
      assertThat(added.get("code").asInt()).as(added.toString()).isEqualTo(200);
      assertThat(GatewayIT.request(gw, register("gw-1"), "\"r3\"", "[" + item(registerPk, "pre-1") + "]").get("code").asInt())
          .as("a secret is issued once")
          .isEqualTo(6405);
      assertThat(GatewayIT.request(gw, register("gw-1"), "\"r4\"", "[" + item(registerPk, "absent") + "]").get("code").asInt()).isEqualTo(6100);

      // regnwl: an absent device is created.
      JsonNode created = GatewayIT.request(gw, register("gw-1"), "\"r5\"", "[" + item(openPk, "new-1") + "," + item(openPk, "new-2") + "]");
      assertThat(created.get("code").asInt()).isEqualTo(200);
      assertThat(created.get("data")).hasSize(2);
      assertThat(GatewayIT.server.rest().get("/products/" + openPk + "/devices/new-2").status()).isEqualTo(200);

      // off: nothing is issued, and all or nothing.
      JsonNode refused = GatewayIT.request(gw, register("gw-1"), "\"r6\"", "[" + item(openPk, "new-3") + "," + item(closedPk, "shut-1") + "]");
      assertThat(refused.get("code").asInt()).isEqualTo(6404);
      assertThat(GatewayIT.server.rest().get("/products/" + openPk + "/devices/new-3").status()).isEqualTo(404);
      assertThat(GatewayIT.request(gw, register("gw-1"), "\"r7\"", "{}").get("code").asInt()).isEqualTo(460);
    }
  }

  @Test
  void aGatewayIsToldWhenItsTopologyChangesWithoutItAsking() throws Exception {
    try (RawMqttClient first = GatewayIT.login("gw-2"); RawMqttClient second = GatewayIT.login("gw-3")) {
      subscribe(first, "gw-2");
      subscribe(second, "gw-3");
      JsonNode added = GatewayIT.request(first, GatewayIT.topo("gw-2", "add"), "\"1\"", "[" + GatewayIT.signed("sub-1", "hmacsha256") + "," + GatewayIT.signed("sub-2", "hmacsha1") + "]");
      assertThat(added.get("code").asInt()).isEqualTo(200);
      // gw-3 takes sub-1 over: gw-2 learns it lost it.
      assertThat(GatewayIT.request(second, GatewayIT.topo("gw-3", "add"), "\"2\"", "[" + GatewayIT.signed("sub-1", "hmacmd5") + "]").get("code").asInt())
          .isEqualTo(200);
      JsonNode moved = change(first, "gw-2");
      assertThat(moved.get("params").get("status").asInt()).isEqualTo(1);
      assertThat(moved.get("params").get("subList")).extracting(s -> s.get("deviceName").asText()).containsExactly("sub-1");
      // The gateway may answer; Porta takes it without a reply.
      first.write(RawMqttClient.publish(GatewayIT.topo("gw-2", "change_reply"), 1, false, 9,
          ("{\"id\":\"" + moved.get("id").asText() + "\",\"code\":200,\"data\":{}}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(first.read().type()).isEqualTo(4);

      // REST removes sub-2 from gw-2: told too.
      assertThat(GatewayIT.server.rest().delete("/products/" + GatewayIT.gwPk + "/devices/gw-2/subdevices/" + GatewayIT.subPk + "/sub-2").status())
          .isEqualTo(204);
      JsonNode removed = change(first, "gw-2");
      assertThat(removed.get("params").get("subList")).extracting(s -> s.get("deviceName").asText()).containsExactly("sub-2");
      assertThat(GatewayIT.server.rest().get("/products/" + GatewayIT.gwPk + "/devices/gw-2/subdevices").json().get("items")).isEmpty();
      assertThat(GatewayIT.server.rest().delete("/products/" + GatewayIT.gwPk + "/devices/gw-2/subdevices/" + GatewayIT.subPk + "/sub-2").status())
          .isEqualTo(404);
    }
  }

  @Test
  void batchesOverTheirLimitAreRefusedWith460AndCounted() throws Exception {
    try (RawMqttClient gw = GatewayIT.login("gw-4")) {
      subscribe(gw, "gw-4");
      double logins = GatewayIT.server.rest().metric("porta_gateway_limit_hits_total{limit=\"login_batch\"}");
      StringBuilder list = new StringBuilder();
      for (int i = 0; i <= MAX_LOGIN_BATCH; i++) {
        list.append(i == 0 ? "" : ",").append(GatewayIT.loginItem("sub-3", "hmacsha256"));
      }
      JsonNode login = GatewayIT.request(gw, GatewayIT.session("gw-4", "batch_login"), "\"1\"", "{\"signMethod\":\"hmacsha256\",\"deviceList\":[" + list + "]}");
      assertThat(login.get("code").asInt()).isEqualTo(460);
      assertThat(GatewayIT.server.rest().metric("porta_gateway_limit_hits_total{limit=\"login_batch\"}")).isEqualTo(logins + 1);

      double registers = GatewayIT.server.rest().metric("porta_gateway_limit_hits_total{limit=\"register_batch\"}");
      StringBuilder many = new StringBuilder("[");
      for (int i = 0; i <= MAX_REGISTER_BATCH; i++) {
        many.append(i == 0 ? "" : ",").append(item(openPk, "batch-" + i));
      }
      assertThat(GatewayIT.request(gw, register("gw-4"), "\"2\"", many + "]").get("code").asInt()).isEqualTo(460);
      assertThat(GatewayIT.server.rest().metric("porta_gateway_limit_hits_total{limit=\"register_batch\"}")).isEqualTo(registers + 1);
      assertThat(GatewayIT.server.rest().get("/products/" + openPk + "/devices/batch-0").status()).isEqualTo(404);
      assertThat(gw.pings()).isTrue();
    }
  }

  static void subscribe(RawMqttClient gw, String name) throws IOException {
    GatewayIT.subscribeReplies(gw, name);
    assertThat(gw.subscribeCode(3, "/sys/" + GatewayIT.gwPk + "/" + name + "/thing/sub/register_reply")).isIn(0, 1);
  }

  static String register(String gw) {
    return "/sys/" + GatewayIT.gwPk + "/" + gw + "/thing/sub/register";
  }

  static String item(String pk, String dn) {
    return "{\"productKey\":\"" + pk + "\",\"deviceName\":\"" + dn + "\"}";
  }

  /** The next {@code thing/topo/change} the gateway receives. */
  static JsonNode change(RawMqttClient gw, String name) throws IOException {
    Publish p = gw.readPublish();
    assertThat(p.topic()).isEqualTo(GatewayIT.topo(name, "change"));
    JsonNode body = GatewayIT.JSON.readTree(p.text());
    assertThat(body.get("method").asText()).isEqualTo("thing.topo.change");
    return body;
  }
}
