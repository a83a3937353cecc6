package io.porta.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.session.DisconnectReason;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DeviceApiTest extends ApiTestBase {
  private static final String DEVICES = "/api/v1/products/p1/devices";
  private Product product;

  @BeforeEach
  void product() {
    product = createProduct("p1");
  }

  @Test
  void createReturns201WithGeneratedSecret() {
    Response r = post(DEVICES, "{\"name\":\"meter-0001\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode d = r.json();
    assertThat(d.get("productId").stringValue()).isEqualTo("p1");
    assertThat(d.get("name").stringValue()).isEqualTo("meter-0001");
    assertThat(Base64.getDecoder().decode(d.get("secret").stringValue())).hasSize(32);
    assertThat(d.get("enabled").booleanValue()).isTrue();
    assertThat(d.get("createdAt").stringValue()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(devices.find(new DeviceKey("p1", "meter-0001"))).isPresent();
  }

  @Test
  void createKeepsAValidGivenSecretAndRefusesAnInvalidOne() {
    String key = "EnW4T71eIE55xOIQMN6pFMKuqel5T5HTzsGJRPiDhlM=";
    Response r = post(DEVICES, "{\"name\":\"meter-0001\",\"secret\":\"" + key + "\"}");
    assertThat(r.json().get("secret").stringValue()).isEqualTo(key);
    JsonNode p = post(DEVICES, "{\"name\":\"meter-0002\",\"secret\":\"abc\"}").problem(400, "invalid_body");
    assertThat(p.get("detail").stringValue()).startsWith("secret");
  }

  @Test
  void deviceShowsItsTagsAndFirmwareVersion() {
    createDevice("p1", "meter-0001");
    JsonNode fresh = get(DEVICES + "/meter-0001").json();
    assertThat(fresh.get("tags").isObject()).isTrue();
    assertThat(fresh.get("tags")).isEmpty();
    assertThat(fresh.get("firmwareVersion").isNull()).isTrue();
    DeviceKey key = new DeviceKey("p1", "meter-0001");
    devices.mergeTags(key, java.util.Map.of("room", "kitchen", "floor", "2"));
    devices.setFirmwareVersion(key, "1.0.3");
    JsonNode d = get(DEVICES + "/meter-0001").json();
    assertThat(d.get("tags").get("room").stringValue()).isEqualTo("kitchen");
    assertThat(d.get("tags").get("floor").stringValue()).isEqualTo("2");
    assertThat(d.get("firmwareVersion").stringValue()).isEqualTo("1.0.3");
    JsonNode listed = get(DEVICES).json().get("items").get(0);
    assertThat(listed.get("tags").get("room").stringValue()).isEqualTo("kitchen");
    assertThat(listed.get("firmwareVersion").stringValue()).isEqualTo("1.0.3");
  }

  @Test
  void invalidNamesAre400() {
    for (String body :
        new String[] {"{}", "{\"name\":\"abc\"}", "{\"name\":\"has space\"}", "{\"name\":\"" + "a".repeat(65) + "\"}"}) {
      JsonNode p = post(DEVICES, body).problem(400, "invalid_body");
      assertThat(p.get("detail").stringValue()).as(body).startsWith("name");
    }
    assertThat(post(DEVICES, "{\"name\":\"a.b@c:d_e-f\"}").status()).isEqualTo(201);
  }

  @Test
  void duplicateNameIs409DeviceExists() {
    createDevice("p1", "meter-0001");
    post(DEVICES, "{\"name\":\"meter-0001\"}").problem(409, "device_exists");
  }

  @Test
  void unknownProductIs404() {
    post("/api/v1/products/nope/devices", "{\"name\":\"meter-0001\"}").problem(404, "product_not_found");
    get("/api/v1/products/nope/devices").problem(404, "product_not_found");
    get("/api/v1/products/nope/devices/meter-0001").problem(404, "product_not_found");
  }

  @Test
  void listPagesWithTotal() {
    for (int i = 1; i <= 5; i++) {
      createDevice("p1", "dev-" + i);
    }
    JsonNode all = get(DEVICES).json();
    assertThat(all.get("total").longValue()).isEqualTo(5);
    assertThat(all.get("items")).hasSize(5);
    JsonNode page = get(DEVICES + "?offset=1&limit=2").json();
    assertThat(page.get("total").longValue()).isEqualTo(5);
    assertThat(page.get("items")).hasSize(2);
    assertThat(page.get("items").get(0).get("name").stringValue()).isEqualTo("dev-2");
    assertThat(page.get("items").get(0).get("online").booleanValue()).isFalse();
  }

  @Test
  void listFiltersByOnlineState() {
    for (int i = 1; i <= 4; i++) {
      createDevice("p1", "dev-" + i);
    }
    sessions.connect(product, "dev-2", null);
    sessions.connect(product, "dev-4", null);
    JsonNode online = get(DEVICES + "?online=true").json();
    assertThat(online.get("total").longValue()).isEqualTo(2);
    assertThat(online.get("items").get(0).get("name").stringValue()).isEqualTo("dev-2");
    assertThat(online.get("items").get(1).get("online").booleanValue()).isTrue();
    JsonNode offline = get(DEVICES + "?online=false&limit=1").json();
    assertThat(offline.get("total").longValue()).isEqualTo(2);
    assertThat(offline.get("items")).hasSize(1);
    assertThat(offline.get("items").get(0).get("name").stringValue()).isEqualTo("dev-1");
  }

  @Test
  void invalidListParamsAre400() {
    get(DEVICES + "?online=yes").problem(400, "invalid_param");
    get(DEVICES + "?limit=0").problem(400, "invalid_param");
    get(DEVICES + "?limit=1001").problem(400, "invalid_param");
    get(DEVICES + "?offset=-1").problem(400, "invalid_param");
    assertThat(get(DEVICES + "?limit=abc").problem(400, "invalid_param").get("detail").stringValue())
        .startsWith("limit");
  }

  @Test
  void getOfflineDeviceHasNullConnectionFields() {
    createDevice("p1", "meter-0001");
    JsonNode d = get(DEVICES + "/meter-0001").json();
    assertThat(d.get("name").stringValue()).isEqualTo("meter-0001");
    assertThat(d.get("online").booleanValue()).isFalse();
    for (String f : new String[] {"connectedAt", "lastSeenAt", "remoteAddress", "protocolLevel", "keepAlive", "cleanSession"}) {
      assertThat(d.get(f).isNull()).as(f).isTrue();
    }
  }

  @Test
  void getOnlineDeviceShowsItsSession() {
    createDevice("p1", "meter-0001");
    sessions.connect(product, "meter-0001", null);
    JsonNode d = get(DEVICES + "/meter-0001").json();
    assertThat(d.get("online").booleanValue()).isTrue();
    assertThat(d.get("connectedAt").stringValue()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(d.get("lastSeenAt").stringValue()).isEqualTo("2025-01-02T03:05:00Z");
    assertThat(d.get("remoteAddress").stringValue()).isEqualTo("10.0.0.7:50123");
    assertThat(d.get("protocolLevel").intValue()).isEqualTo(4);
    assertThat(d.get("keepAlive").intValue()).isEqualTo(120);
    assertThat(d.get("cleanSession").booleanValue()).isTrue();
  }

  @Test
  void getUnknownDeviceIs404() {
    get(DEVICES + "/meter-9999").problem(404, "device_not_found");
  }

  @Test
  void patchEnabledFalseDisablesAndDisconnects() {
    createDevice("p1", "meter-0001");
    sessions.connect(product, "meter-0001", null);
    Response r = patch(DEVICES + "/meter-0001", "{\"enabled\":false}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("enabled").booleanValue()).isFalse();
    DeviceKey key = new DeviceKey("p1", "meter-0001");
    assertThat(devices.find(key).orElseThrow().enabled()).isFalse();
    assertThat(sessions.disconnects).containsExactly(new FakeSessions.Disconnect(key, DisconnectReason.DEVICE_DISABLED));

    assertThat(patch(DEVICES + "/meter-0001", "{\"enabled\":true}").json().get("enabled").booleanValue()).isTrue();
    assertThat(devices.find(key).orElseThrow().enabled()).isTrue();
  }

  @Test
  void invalidPatchIs400AndUnknownDevice404() {
    createDevice("p1", "meter-0001");
    patch(DEVICES + "/meter-0001", "{\"enabled\":\"no\"}").problem(400, "invalid_body");
    patch(DEVICES + "/meter-0001", "{}").problem(400, "invalid_body");
    patch(DEVICES + "/meter-0001", "{\"secret\":\"x\"}").problem(400, "invalid_body");
    patch(DEVICES + "/meter-9999", "{\"enabled\":false}").problem(404, "device_not_found");
  }

  @Test
  void deleteIs204AndDisconnects() {
    createDevice("p1", "meter-0001");
    sessions.connect(product, "meter-0001", null);
    Response r = delete(DEVICES + "/meter-0001");
    assertThat(r.status()).isEqualTo(204);
    DeviceKey key = new DeviceKey("p1", "meter-0001");
    assertThat(devices.find(key)).isEmpty();
    assertThat(sessions.disconnects).containsExactly(new FakeSessions.Disconnect(key, DisconnectReason.DEVICE_DELETED));
    delete(DEVICES + "/meter-0001").problem(404, "device_not_found");
  }

  @Test
  void connectionGivesMqttParametersFromTheDialect() {
    createDevice("p1", "meter-0001");
    JsonNode c = get(DEVICES + "/meter-0001/connection").json();
    assertThat(c.get("host").stringValue()).isEqualTo("127.0.0.1");
    assertThat(c.get("port").intValue()).isEqualTo(1883);
    assertThat(c.get("tlsPort").intValue()).isEqualTo(8883);
    assertThat(c.get("clientId").stringValue()).isEqualTo("meter-0001");
    assertThat(c.get("username").stringValue()).isEqualTo("p1");
    assertThat(c.get("password").stringValue()).isEqualTo("token-ttl-31536000");
    assertThat(get(DEVICES + "/meter-0001/connection?ttl=60").json().get("password").stringValue())
        .isEqualTo("token-ttl-60");
  }

  @Test
  void connectionWithBadTtlIs400AndUnknownDevice404() {
    createDevice("p1", "meter-0001");
    get(DEVICES + "/meter-0001/connection?ttl=0").problem(400, "invalid_param");
    get(DEVICES + "/meter-0001/connection?ttl=soon").problem(400, "invalid_param");
    get(DEVICES + "/meter-9999/connection").problem(404, "device_not_found");
  }
}
