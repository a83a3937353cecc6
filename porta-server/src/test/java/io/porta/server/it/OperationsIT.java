package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Start-up files, token auth, problem+json and the operations endpoints of a real server. */
class OperationsIT {
  static PortaTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = PortaTestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void portsJsonNamesTheBoundPorts() throws Exception {
    JsonNode ports = JsonMapper.builder().build().readTree(Files.readString(server.dataDir().resolve("ports.json")));
    assertThat(ports.get("mqtt").asInt()).isEqualTo(server.mqttPort()).isPositive();
    assertThat(ports.get("mqtts").asInt()).isEqualTo(server.mqttsPort()).isPositive();
    assertThat(ports.get("http").asInt()).isEqualTo(server.httpPort()).isPositive();
  }

  @Test
  void apiTokenIsGeneratedIntoTheDataDirectory() throws Exception {
    assertThat(Files.readString(server.dataDir().resolve("api-token")).trim()).isEqualTo(server.apiToken());
    assertThat(server.apiToken()).hasSizeGreaterThanOrEqualTo(32);
  }

  @Test
  void selfSignedCertificateIsGenerated() {
    assertThat(server.dataDir().resolve("tls/server.crt")).exists();
    assertThat(server.dataDir().resolve("tls/server.key")).exists();
  }

  @Test
  void apiWithoutOrWithWrongTokenIs401ProblemJson() {
    RestClient anonymous = new RestClient("http://127.0.0.1:" + server.httpPort(), null);
    RestClient.Response r = anonymous.get("/products");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("code").asText()).isNotBlank();
    assertThat(new RestClient("http://127.0.0.1:" + server.httpPort(), "wrong").get("/products").status()).isEqualTo(401);
  }

  @Test
  void operationsNeedNoToken() {
    RestClient anonymous = new RestClient("http://127.0.0.1:" + server.httpPort(), null);
    assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
    assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
    RestClient.Response metrics = anonymous.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");
  }

  @Test
  void readyzIs503OnceTheListenersAreStopped() throws Exception {
    try (PortaTestServer own = PortaTestServer.start()) {
      RestClient anonymous = new RestClient("http://127.0.0.1:" + own.httpPort(), null);
      assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
      own.server().mqttServer().stop();
      RestClient.Response r = anonymous.get("/readyz");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(anonymous.get("/healthz").status()).isEqualTo(200); // alive, just not ready
    }
  }

  @Test
  void readyzIs503OnceTheStoreIsClosed() throws Exception {
    try (PortaTestServer own = PortaTestServer.start()) {
      RestClient anonymous = new RestClient("http://127.0.0.1:" + own.httpPort(), null);
      assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
      own.server().database().close();
      assertThat(anonymous.get("/readyz").status()).isEqualTo(503);
    }
  }

  @Test
  void unknownProductIs404WithCode() {
    RestClient.Response r = server.rest().get("/products/nope");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("status").asInt()).isEqualTo(404);
    assertThat(r.json().get("code").asText()).isNotBlank();
  }

  @Test
  void productAndDeviceLifecycle() {
    RestClient rest = server.rest();
    JsonNode p = rest.createProduct("onenet", "onops01");
    assertThat(p.get("secret").asText()).isNotBlank();
    assertThat(rest.post("/products", "{\"name\":\"x\",\"dialect\":\"onenet\",\"id\":\"onops01\"}").status()).isEqualTo(409);
    assertThat(rest.post("/products", "{\"name\":\"x\",\"dialect\":\"klingon\"}").status()).isEqualTo(400);
    rest.createDevice("onops01", "dev-1");
    assertThat(rest.post("/products/onops01/devices", "{\"name\":\"dev-1\"}").status()).isEqualTo(409);
    assertThat(rest.post("/products/onops01/devices", "{\"name\":\"no\"}").status()).isEqualTo(400);
    JsonNode list = rest.get("/products/onops01/devices").json();
    assertThat(list.get("total").asInt()).isEqualTo(1);
    assertThat(rest.delete("/products/onops01").status()).isEqualTo(409);
    assertThat(rest.delete("/products/onops01?force=true").status()).isEqualTo(204);
    assertThat(rest.get("/products/onops01").status()).isEqualTo(404);
  }
}
