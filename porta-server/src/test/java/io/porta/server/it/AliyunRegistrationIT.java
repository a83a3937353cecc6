package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.aliyun.AliyunSign;
import io.porta.server.it.RawMqttClient.Packet;
import io.porta.server.it.RawMqttClient.Publish;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alibaba dynamic registration end to end over TLS (protocols.md B.3): {@code register} for a
 * pre-created device, {@code regnwl} that creates the device, then the {@code connwl} login with the
 * returned token; the product switch, TLS only, and what a registration connection may not do.
 */
class AliyunRegistrationIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static PortaTestServer server;
  static TrustManagerFactory trust;

  @BeforeAll
  static void start() throws Exception {
    server = PortaTestServer.start();
    trust = TransportIT.trustGeneratedCertificate(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode product(String registration) {
    return server.rest()
        .post(
            "/products",
            "{\"name\":\"reg\",\"dialect\":\"aliyun\",\"options\":{\"dynamicRegistration\":\"" + registration + "\"}}")
        .json();
  }

  /** A registration CONNECT as Alibaba's SDKs send it (securemode -2, hmacsha256). */
  static byte[] registrationConnect(JsonNode product, String dn, String authType) {
    String pk = product.get("id").asText();
    String random = "8817";
    String password =
        AliyunSign.sign(
            "hmacsha256",
            product.get("secret").asText(),
            Map.of("deviceName", dn, "productKey", pk, "random", random));
    String clientId = dn + "|securemode=-2,authType=" + authType + ",random=" + random + ",signmethod=hmacsha256|";
    return RawMqttClient.connect(4, 0xC2, 60, clientId, dn + "&" + pk, password);
  }

  /** A normal login with the device secret (B.2), as the C SDK does it. */
  static int loginWithSecret(RawMqttClient client, String pk, String dn, String secret) throws Exception {
    String ts = "2524608000000";
    String clientId = pk + "." + dn;
    String password =
        AliyunSign.sign(
            "hmacsha1", secret, Map.of("clientId", clientId, "deviceName", dn, "productKey", pk, "timestamp", ts));
    client.write(
        RawMqttClient.connect(
            4, 0xC2, 60, clientId + "|securemode=2,signmethod=hmacsha1,timestamp=" + ts + "|", dn + "&" + pk, password));
    return RawMqttClient.connackCode(client.read());
  }

  @Test
  void regnwlCreatesTheDeviceAndItsTokenLogsIn() throws Exception {
    JsonNode product = product("regnwl");
    String pk = product.get("id").asText();
    String dn = "sensor-new-1";
    JsonNode answer;
    try (RawMqttClient reg = RawMqttClient.tls(server.mqttsPort(), trust)) {
      reg.write(registrationConnect(product, dn, "regnwl"));
      assertThat(RawMqttClient.connackCode(reg.read())).isZero();
      Publish p = reg.readPublish(); // sent without a SUBSCRIBE
      assertThat(p.topic()).isEqualTo("/ext/regnwl");
      answer = JSON.readTree(p.text());
      // A registration connection is not the device's session.
      assertThat(server.rest().get("/products/" + pk + "/devices/" + dn).json().get("online").asBoolean()).isFalse();
      reg.write(RawMqttClient.disconnect());
    }
    assertThat(answer.get("productKey").asText()).isEqualTo(pk);
    assertThat(answer.get("deviceName").asText()).isEqualTo(dn);
    assertThat(answer.get("deviceToken").asText()).isNotBlank();

    try (RawMqttClient device = new RawMqttClient(server.mqttPort())) {
      String clientId = answer.get("clientId").asText() + "|securemode=-2,authType=connwl,_ss=1,ext=3|";
      device.write(RawMqttClient.connect(4, 0xC2, 60, clientId, dn + "&" + pk, answer.get("deviceToken").asText()));
      assertThat(RawMqttClient.connackCode(device.read())).isZero();
      assertThat(server.rest().get("/products/" + pk + "/devices/" + dn).json().get("online").asBoolean()).isTrue();
    }
    try (RawMqttClient wrongToken = new RawMqttClient(server.mqttPort())) {
      wrongToken.write(
          RawMqttClient.connect(
              4, 0xC2, 60, pk + "." + dn + "|securemode=-2,authType=connwl|", dn + "&" + pk, "not-the-token"));
      assertThat(RawMqttClient.connackCode(wrongToken.read())).isEqualTo(4);
    }
  }

  @Test
  void registerIssuesANewSecretToAPreCreatedDeviceOnce() throws Exception {
    JsonNode product = product("register");
    String pk = product.get("id").asText();
    String dn = "sensor-known";
    server.rest().createDevice(pk, dn);
    String secret;
    try (RawMqttClient reg = RawMqttClient.tls(server.mqttsPort(), trust)) {
      reg.write(registrationConnect(product, dn, "register"));
      assertThat(RawMqttClient.connackCode(reg.read())).isZero();
      Publish p = reg.readPublish();
      assertThat(p.topic()).isEqualTo("/ext/register");
      JsonNode answer = JSON.readTree(p.text());
      assertThat(answer.get("productKey").asText()).isEqualTo(pk);
      assertThat(answer.get("deviceName").asText()).isEqualTo(dn);
      secret = answer.get("deviceSecret").asText();
    }
    try (RawMqttClient device = new RawMqttClient(server.mqttPort())) {
      assertThat(loginWithSecret(device, pk, dn, secret)).isZero();
    }
    // Activated now: registering again is refused (B.3), the secret stays valid.
    try (RawMqttClient again = RawMqttClient.tls(server.mqttsPort(), trust)) {
      again.write(registrationConnect(product, dn, "register"));
      assertThat(RawMqttClient.connackCode(again.read())).isEqualTo(5);
    }
    try (RawMqttClient device = new RawMqttClient(server.mqttPort())) {
      assertThat(loginWithSecret(device, pk, dn, secret)).isZero();
    }
  }

  @Test
  void registrationNeedsTlsAndTheProductSwitch() throws Exception {
    JsonNode on = product("regnwl");
    try (RawMqttClient plain = new RawMqttClient(server.mqttPort())) {
      plain.write(registrationConnect(on, "sensor-plain", "regnwl"));
      assertThat(RawMqttClient.connackCode(plain.read())).isEqualTo(5);
    }
    JsonNode off = product("off");
    try (RawMqttClient reg = RawMqttClient.tls(server.mqttsPort(), trust)) {
      reg.write(registrationConnect(off, "sensor-off", "regnwl"));
      assertThat(RawMqttClient.connackCode(reg.read())).isEqualTo(5);
    }
    assertThat(server.rest().get("/products/" + off.get("id").asText() + "/devices/sensor-off").status())
        .isEqualTo(404);
  }

  @Test
  void aRegistrationConnectionCannotPublishAsTheDevice() throws Exception {
    JsonNode product = product("regnwl");
    String pk = product.get("id").asText();
    String dn = "sensor-sneaky";
    try (RawMqttClient reg = RawMqttClient.tls(server.mqttsPort(), trust)) {
      reg.write(registrationConnect(product, dn, "regnwl"));
      Packet connack = reg.read();
      assertThat(RawMqttClient.connackCode(connack)).isZero();
      reg.write(RawMqttClient.publish("/" + pk + "/" + dn + "/update", 1, false, 7, "{}".getBytes()));
      assertThat(reg.awaitClose()).isTrue();
    }
    assertThat(server.rest().get("/products/" + pk + "/devices/" + dn + "/messages").json().get("items")).isEmpty();
  }
}
