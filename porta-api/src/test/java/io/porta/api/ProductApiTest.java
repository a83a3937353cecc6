package io.porta.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.model.DeviceKey;
import io.porta.core.session.DisconnectReason;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProductApiTest extends ApiTestBase {

  @Test
  void createReturns201WithGeneratedIdSecretAndDefaultOptions() {
    Response r = post("/api/v1/products", "{\"name\":\"Meters\",\"dialect\":\"onenet\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode p = r.json();
    assertThat(p.get("id").stringValue()).isNotBlank();
    assertThat(p.get("name").stringValue()).isEqualTo("Meters");
    assertThat(p.get("dialect").stringValue()).isEqualTo("onenet");
    assertThat(Base64.getDecoder().decode(p.get("secret").stringValue())).hasSize(32);
    assertThat(p.get("createdAt").stringValue()).isEqualTo("2025-01-01T00:00:00Z");
    JsonNode o = p.get("options");
    assertThat(o.get("onenetWildcardLevel").intValue()).isEqualTo(5);
    assertThat(o.get("dynamicRegistration").stringValue()).isEqualTo("off");
    assertThat(o.get("requireTls").booleanValue()).isFalse();
    assertThat(products.find(p.get("id").stringValue())).isPresent();
  }

  @Test
  void createWithIdAndOptionsKeepsThem() {
    Response r =
        post(
            "/api/v1/products",
            "{\"name\":\"M\",\"dialect\":\"onenet\",\"id\":\"238322\","
                + "\"options\":{\"onenetWildcardLevel\":4,\"requireTls\":true}}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().get("id").stringValue()).isEqualTo("238322");
    assertThat(products.find("238322").orElseThrow().options().onenetWildcardLevel()).isEqualTo(4);
    assertThat(products.find("238322").orElseThrow().options().requireTls()).isTrue();
  }

  @Test
  void createWithGivenSecretKeepsItWhenValid() {
    String key = "EnW4T71eIE55xOIQMN6pFMKuqel5T5HTzsGJRPiDhlM=";
    Response r =
        post("/api/v1/products", "{\"name\":\"M\",\"dialect\":\"onenet\",\"id\":\"p1\",\"secret\":\"" + key + "\"}");
    assertThat(r.json().get("secret").stringValue()).isEqualTo(key);
    post("/api/v1/products", "{\"name\":\"M\",\"dialect\":\"onenet\",\"secret\":\"short\"}")
        .problem(400, "invalid_body");
  }

  @Test
  void createWithDuplicateIdIs409ProductExists() {
    createProduct("p1");
    post("/api/v1/products", "{\"name\":\"again\",\"dialect\":\"onenet\",\"id\":\"p1\"}")
        .problem(409, "product_exists");
  }

  @Test
  void invalidCreateBodiesAre400NamingTheField() {
    assertThat(post("/api/v1/products", "{\"dialect\":\"onenet\"}").problem(400, "invalid_body").get("detail").stringValue())
        .startsWith("name");
    assertThat(post("/api/v1/products", "{\"name\":\"x\"}").problem(400, "invalid_body").get("detail").stringValue())
        .startsWith("dialect");
    assertThat(
            post("/api/v1/products", "{\"name\":\"x\",\"dialect\":\"mqtt\"}")
                .problem(400, "invalid_body")
                .get("detail")
                .stringValue())
        .startsWith("dialect");
    assertThat(
            post("/api/v1/products", "{\"name\":\"x\",\"dialect\":\"onenet\",\"id\":\"bad id!\"}")
                .problem(400, "invalid_body")
                .get("detail")
                .stringValue())
        .startsWith("id");
    assertThat(
            post("/api/v1/products", "{\"name\":\"x\",\"dialect\":\"onenet\",\"id\":\"" + "a".repeat(65) + "\"}")
                .problem(400, "invalid_body")
                .get("detail")
                .stringValue())
        .startsWith("id");
    assertThat(post("/api/v1/products", "{\"name\":5,\"dialect\":\"onenet\"}").problem(400, "invalid_body").get("detail").stringValue())
        .startsWith("name");
    post("/api/v1/products", "not json").problem(400, "invalid_body");
    post("/api/v1/products", "[1,2]").problem(400, "invalid_body");
    post("/api/v1/products", "").problem(400, "invalid_body");
  }

  @Test
  void dialectTheServerDoesNotSpeakIs400() {
    JsonNode p = post("/api/v1/products", "{\"name\":\"x\",\"dialect\":\"aliyun\"}").problem(400, "invalid_body");
    assertThat(p.get("detail").stringValue()).startsWith("dialect");
  }

  @Test
  void unknownOrInvalidOptionIs400() {
    JsonNode p =
        post("/api/v1/products", "{\"name\":\"x\",\"dialect\":\"onenet\",\"options\":{\"colour\":\"red\"}}")
            .problem(400, "invalid_body");
    assertThat(p.get("detail").stringValue()).startsWith("options.colour");
    p =
        post("/api/v1/products", "{\"name\":\"x\",\"dialect\":\"onenet\",\"options\":{\"onenetWildcardLevel\":3}}")
            .problem(400, "invalid_body");
    assertThat(p.get("detail").stringValue()).startsWith("options.onenetWildcardLevel");
    p =
        post("/api/v1/products", "{\"name\":\"x\",\"dialect\":\"onenet\",\"options\":{\"dynamicRegistration\":\"yes\"}}")
            .problem(400, "invalid_body");
    assertThat(p.get("detail").stringValue()).startsWith("options.dynamicRegistration");
    p =
        post("/api/v1/products", "{\"name\":\"x\",\"dialect\":\"onenet\",\"options\":{\"requireTls\":\"yes\"}}")
            .problem(400, "invalid_body");
    assertThat(p.get("detail").stringValue()).startsWith("options.requireTls");
    assertThat(products.list()).isEmpty();
  }

  @Test
  void listReturnsItems() {
    createProduct("p1");
    createProduct("p2");
    JsonNode items = get("/api/v1/products").json().get("items");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).get("id").stringValue()).isEqualTo("p1");
    assertThat(items.get(1).get("secret").isString()).isTrue();
  }

  @Test
  void getReturnsTheProductOr404() {
    createProduct("p1");
    Response r = get("/api/v1/products/p1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("name").stringValue()).isEqualTo("Meter p1");
    get("/api/v1/products/nope").problem(404, "product_not_found");
  }

  @Test
  void patchMergesOptions() {
    createProduct("p1");
    Response r = patch("/api/v1/products/p1", "{\"options\":{\"onenetWildcardLevel\":4}}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("options").get("onenetWildcardLevel").intValue()).isEqualTo(4);
    r = patch("/api/v1/products/p1", "{\"options\":{\"requireTls\":true}}");
    assertThat(r.json().get("options").get("onenetWildcardLevel").intValue()).isEqualTo(4);
    assertThat(r.json().get("options").get("requireTls").booleanValue()).isTrue();
    assertThat(products.find("p1").orElseThrow().options().requireTls()).isTrue();
    assertThat(products.find("p1").orElseThrow().options().onenetWildcardLevel()).isEqualTo(4);
  }

  @Test
  void patchWithUnknownOptionOrOtherFieldIs400AndUnknownProduct404() {
    createProduct("p1");
    patch("/api/v1/products/p1", "{\"options\":{\"turbo\":true}}").problem(400, "invalid_body");
    patch("/api/v1/products/p1", "{\"name\":\"renamed\"}").problem(400, "invalid_body");
    patch("/api/v1/products/p1", "{}").problem(400, "invalid_body");
    patch("/api/v1/products/nope", "{\"options\":{\"requireTls\":true}}").problem(404, "product_not_found");
    assertThat(products.find("p1").orElseThrow().options().requireTls()).isFalse();
  }

  @Test
  void deleteWithoutDevicesIs204ThenGone() {
    createProduct("p1");
    assertThat(delete("/api/v1/products/p1").status()).isEqualTo(204);
    get("/api/v1/products/p1").problem(404, "product_not_found");
    delete("/api/v1/products/p1").problem(404, "product_not_found");
  }

  @Test
  void deleteWithDevicesIs409UnlessForced() {
    var product = createProduct("p1");
    createDevice("p1", "dev-1");
    createDevice("p1", "dev-2");
    sessions.connect(product, "dev-1", null);
    delete("/api/v1/products/p1").problem(409, "product_has_devices");
    assertThat(products.find("p1")).isPresent();

    assertThat(delete("/api/v1/products/p1?force=true").status()).isEqualTo(204);
    assertThat(products.find("p1")).isEmpty();
    assertThat(devices.count("p1")).isZero();
    assertThat(sessions.disconnects)
        .contains(new FakeSessions.Disconnect(new DeviceKey("p1", "dev-1"), DisconnectReason.DEVICE_DELETED));
    assertThat(sessions.onlineDevices("p1")).isEmpty();
  }

  @Test
  void invalidForceIs400() {
    createProduct("p1");
    delete("/api/v1/products/p1?force=maybe").problem(400, "invalid_param");
  }
}
