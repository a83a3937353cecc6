package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.aliyun.AliyunSign;
import io.porta.server.it.RawMqttClient.Packet;
import io.porta.server.it.RawMqttClient.Publish;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alibaba features against one real server that the other Alibaba ITs leave out: the login forms of
 * the real SDKs (protocols.md B.2), refusals (B.4), what the C SDK publishes right after connecting
 * (tags, firmware version; B.6.2), {@code requireTls}, keepalive / will / retain / QoS 2 (B.2.4), the
 * message log REST resource, topic categories driving permissions live (B.5), custom-topic and plain
 * RRPC (B.7), and QoS 0 downlinks (api.md "To devices").
 *
 * <p>Every test uses its own product and devices, so that custom topic categories and device state
 * of one test cannot influence another. "Eventually" means polling the REST resource for up to 10 s;
 * no assertion is about how long something took.
 */
class AliyunFeaturesIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  /** The C SDK's constant timestamp (year 2050), protocols.md B.2.1. */
  static final String C_SDK_TIMESTAMP = "2524608000000";

  static PortaTestServer server;
  static TrustManagerFactory trust;
  static final AtomicInteger productCounter = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    // Rate limits are not under test here: many logins per device must not trip a ban.
    server =
        PortaTestServer.start(
            Map.of(
                "porta.aliyun.rate-limits.connect", "100000",
                "porta.aliyun.rate-limits.subscribe-topics", "100000",
                "porta.aliyun.rate-limits.pingreq", "100000",
                "porta.aliyun.rate-limits.publish-qos0", "100000",
                "porta.aliyun.rate-limits.publish-qos1", "100000"));
    trust = TransportIT.trustGeneratedCertificate(server);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ==== 1. Login forms of the real SDKs =========================================================

  /** C SDK: {@code pk.dn|…hmacsha256,timestamp=2524608000000|}, upper-case hex, cleanSession 0 (over TLS, as it dials). */
  @Test
  void cSdkLoginFormIsAccepted() throws Exception {
    String pk = newProduct();
    String dn = "c-sdk-dev";
    String secret = createDevice(pk, dn);
    String cid = pk + "." + dn;
    String password =
        sign("hmacsha256", secret, cid, dn, pk, C_SDK_TIMESTAMP).toUpperCase(Locale.ROOT);
    String clientId = cid + "|securemode=2,signmethod=hmacsha256,timestamp=" + C_SDK_TIMESTAMP + "|";
    try (RawMqttClient c = RawMqttClient.tls(server.mqttsPort(), trust)) {
      assertThat(connect(c, 0xC0, 60, clientId, dn + "&" + pk, password)).as("CONNACK").isZero();
      JsonNode d = device(pk, dn);
      assertThat(d.get("online").asBoolean()).isTrue();
      assertThat(d.get("cleanSession").asBoolean()).as("cleanSession as the device sent it").isFalse();
      c.write(RawMqttClient.disconnect());
    }
  }

  /** Python SDK: {@code pk&dn|securemode=2,signmethod=hmacsha1,ext=1,_ss=1,lan=Python,_v=1.2.13,timestamp=<s>|}, lower-case hex. */
  @Test
  void pythonSdkLoginFormIsAccepted() throws Exception {
    String pk = newProduct();
    String dn = "py-sdk-dev";
    String secret = createDevice(pk, dn);
    String cid = pk + "&" + dn;
    String ts = Long.toString(System.currentTimeMillis() / 1000);
    String password = sign("hmacsha1", secret, cid, dn, pk, ts).toLowerCase(Locale.ROOT);
    String clientId = cid + "|securemode=2,signmethod=hmacsha1,ext=1,_ss=1,lan=Python,_v=1.2.13,timestamp=" + ts + "|";
    try (RawMqttClient c = RawMqttClient.tls(server.mqttsPort(), trust)) {
      assertThat(connect(c, 0xC2, 60, clientId, dn + "&" + pk, password)).as("CONNACK").isZero();
      assertThat(device(pk, dn).get("online").asBoolean()).isTrue();
      c.write(RawMqttClient.disconnect());
    }
  }

  /** Node.js SDK: {@code pk&dn|…signmethod=hmacmd5,timestamp=<ms>,lan=NODEJS…|}. */
  @Test
  void nodeSdkLoginFormIsAccepted() throws Exception {
    String pk = newProduct();
    String dn = "node-sdk-dev";
    String secret = createDevice(pk, dn);
    String cid = pk + "&" + dn;
    String ts = Long.toString(System.currentTimeMillis());
    String password = sign("hmacmd5", secret, cid, dn, pk, ts);
    String clientId = cid + "|securemode=3,signmethod=hmacmd5,timestamp=" + ts + ",lan=NODEJS,_v=sdk-node-1.2.4|";
    try (RawMqttClient c = new RawMqttClient(server.mqttPort())) {
      assertThat(connect(c, 0xC2, 60, clientId, dn + "&" + pk, password)).as("CONNACK").isZero();
      assertThat(device(pk, dn).get("online").asBoolean()).isTrue();
      c.write(RawMqttClient.disconnect());
    }
  }

  /** B.2.1: signmethod omitted → hmacmd5; no timestamp → not in the signed content. */
  @Test
  void loginWithoutSignmethodUsesHmacMd5() throws Exception {
    String pk = newProduct();
    String dn = "nosign-dev";
    String secret = createDevice(pk, dn);
    String cid = "SN-0042";
    String password = AliyunSign.sign("hmacmd5", secret, Map.of("clientId", cid, "deviceName", dn, "productKey", pk));
    // Control: the very same content signed with hmacsha256 is not what a method-less login means.
    String sha256 = AliyunSign.sign("hmacsha256", secret, Map.of("clientId", cid, "deviceName", dn, "productKey", pk));
    try (RawMqttClient c = new RawMqttClient(server.mqttPort())) {
      assertThat(connect(c, 0xC2, 60, cid + "|securemode=3|", dn + "&" + pk, sha256)).as("CONNACK with sha256").isEqualTo(4);
    }
    try (RawMqttClient c = new RawMqttClient(server.mqttPort())) {
      assertThat(connect(c, 0xC2, 60, cid + "|securemode=3|", dn + "&" + pk, password)).as("CONNACK").isZero();
      assertThat(device(pk, dn).get("online").asBoolean()).isTrue();
      c.write(RawMqttClient.disconnect());
    }
  }

  @Test
  void wrongPasswordGetsConnack4() throws Exception {
    String pk = newProduct();
    String dn = "wrongpw-dev";
    String secret = createDevice(pk, dn);
    String cid = pk + "." + dn;
    String clientId = cid + "|securemode=2,signmethod=hmacsha256,timestamp=" + C_SDK_TIMESTAMP + "|";
    String wrong = sign("hmacsha256", secret + "x", cid, dn, pk, C_SDK_TIMESTAMP);
    try (RawMqttClient c = new RawMqttClient(server.mqttPort())) {
      assertThat(connect(c, 0xC2, 60, clientId, dn + "&" + pk, wrong)).isEqualTo(4);
    }
    assertThat(device(pk, dn).get("online").asBoolean()).isFalse();
  }

  @Test
  void disabledDeviceGetsConnack5() throws Exception {
    String pk = newProduct();
    String dn = "disabled-dev";
    createDevice(pk, dn);
    JsonNode c = server.rest().connection(pk, dn);
    // Control: the same parameters log in while the device is enabled.
    try (RawMqttClient first = new RawMqttClient(server.mqttPort())) {
      assertThat(connect(first, c, 0xC2, 60)).isZero();
      first.write(RawMqttClient.disconnect());
    }
    RestClient.Response r = server.rest().patch("/products/" + pk + "/devices/" + dn, "{\"enabled\":false}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    try (RawMqttClient again = new RawMqttClient(server.mqttPort())) {
      assertThat(connect(again, c, 0xC2, 60)).isEqualTo(5);
    }
  }

  // ==== 2. What the C SDK publishes right after connecting ======================================

  @Test
  void deviceInfoTagsAndOtaVersionAfterConnectAreAcknowledgedAndStored() throws Exception {
    String pk = newProduct();
    String dn = "boot-dev";
    String secret = createDevice(pk, dn);
    String cid = pk + "." + dn;
    String clientId = cid + "|securemode=2,signmethod=hmacsha256,timestamp=" + C_SDK_TIMESTAMP + "|";
    String password = sign("hmacsha256", secret, cid, dn, pk, C_SDK_TIMESTAMP).toUpperCase(Locale.ROOT);
    try (RawMqttClient c = new RawMqttClient(server.mqttPort())) {
      assertThat(connect(c, 0xC0, 60, clientId, dn + "&" + pk, password)).isZero();
      publishAcked(
          c, 1, "/sys/" + pk + "/" + dn + "/thing/deviceinfo/update",
          "{\"id\":\"1\",\"version\":\"1.0\",\"params\":[{\"attrKey\":\"room\",\"attrValue\":\"kitchen\"}],"
              + "\"method\":\"thing.deviceinfo.update\"}");
      publishAcked(c, 2, "/ota/device/inform/" + pk + "/" + dn, "{\"id\":\"2\",\"params\":{\"version\":\"app-1.0.3\"}}");
      ping(c); // the connection stays

      JsonNode d =
          eventually(
              () -> device(pk, dn),
              j -> j.path("tags").path("room").asText("").equals("kitchen")
                  && j.path("firmwareVersion").asText("").equals("app-1.0.3"));
      assertThat(d.get("tags")).isEqualTo(JSON.readTree("{\"room\":\"kitchen\"}"));
      assertThat(d.get("firmwareVersion").asText()).isEqualTo("app-1.0.3");
      assertThat(d.get("online").asBoolean()).isTrue();
      c.write(RawMqttClient.disconnect());
    }
  }

  // ==== 3. requireTls ==========================================================================

  @Test
  void requireTlsRefusesPlainTcpWith5AndAcceptsTls() throws Exception {
    RestClient.Response p =
        server.rest().post("/products", "{\"name\":\"tls only\",\"dialect\":\"aliyun\",\"options\":{\"requireTls\":true}}");
    assertThat(p.status()).as(p.body()).isEqualTo(201);
    assertThat(p.json().get("options").get("requireTls").asBoolean()).isTrue();
    String pk = p.json().get("id").asText();
    String dn = "tls-only-dev";
    createDevice(pk, dn);
    JsonNode c = server.rest().connection(pk, dn);
    try (RawMqttClient plain = new RawMqttClient(server.mqttPort())) {
      assertThat(connect(plain, c, 0xC2, 60)).as("CONNACK over plain TCP").isEqualTo(5);
      assertThat(plain.awaitClose()).as("closed after the refusal").isTrue();
    }
    assertThat(device(pk, dn).get("online").asBoolean()).isFalse();
    try (RawMqttClient tls = RawMqttClient.tls(server.mqttsPort(), trust)) {
      assertThat(connect(tls, c, 0xC2, 60)).as("CONNACK over TLS").isZero();
      assertThat(device(pk, dn).get("online").asBoolean()).isTrue();
      tls.write(RawMqttClient.disconnect());
    }
  }

  // ==== 4. Keepalive, will, retain, QoS 2 =======================================================

  /** B.2.4 / B.4: keepalive 30–1200 s; outside → CONNACK 5 (what AliyunConnectRules answers). */
  @Test
  void keepaliveOutside30To1200IsRefusedWith5AndInsideAccepted() throws Exception {
    String pk = newProduct();
    String dn = "keepalive-dev";
    createDevice(pk, dn);
    JsonNode c = server.rest().connection(pk, dn);
    for (int keepAlive : new int[] {0, 29, 1201, 65535}) {
      try (RawMqttClient client = new RawMqttClient(server.mqttPort())) {
        assertThat(connect(client, c, 0xC2, keepAlive)).as("CONNACK for keepalive %d", keepAlive).isEqualTo(5);
      }
    }
    for (int keepAlive : new int[] {30, 300, 1200}) {
      try (RawMqttClient client = new RawMqttClient(server.mqttPort())) {
        assertThat(connect(client, c, 0xC2, keepAlive)).as("CONNACK for keepalive %d", keepAlive).isZero();
        assertThat(device(pk, dn).get("keepAlive").asInt()).isEqualTo(keepAlive);
        client.write(RawMqttClient.disconnect());
      }
    }
  }

  /** B.2.4: no will. AliyunConnectRules closes without a CONNACK. */
  @Test
  void willFlagIsRefusedWithoutConnack() throws Exception {
    String pk = newProduct();
    String dn = "will-dev";
    createDevice(pk, dn);
    JsonNode c = server.rest().connection(pk, dn);
    try (RawMqttClient client = new RawMqttClient(server.mqttPort())) {
      client.write(
          RawMqttClient.connect(
              4, 0xC2 | 0x04, 60, c.get("clientId").asText(), c.get("username").asText(), c.get("password").asText()));
      Packet first = client.read();
      assertThat(first).as("expected the connection closed without CONNACK, got %s", RawMqttClient.describe(first)).isNull();
    }
    assertThat(device(pk, dn).get("online").asBoolean()).isFalse();
    // Control: without the will flag the same parameters log in.
    try (RawMqttClient client = new RawMqttClient(server.mqttPort())) {
      assertThat(connect(client, c, 0xC2, 60)).isZero();
      client.write(RawMqttClient.disconnect());
    }
  }

  /** B.2.4: no retain; the transport disconnects and the message is not logged. */
  @Test
  void publishWithRetainDisconnects() throws Exception {
    String pk = newProduct();
    String dn = "retain-dev";
    createDevice(pk, dn);
    String update = "/" + pk + "/" + dn + "/update";
    try (RawMqttClient client = login(pk, dn)) {
      client.write(RawMqttClient.publish(update, 1, true, 5, utf8("retained")));
      Packet first = client.read();
      assertThat(first).as("expected a disconnect, got %s", RawMqttClient.describe(first)).isNull();
    }
    // Control on a new connection: a normal QoS 1 message is logged (PUBACK = committed), the retained one is not.
    try (RawMqttClient client = login(pk, dn)) {
      publishAcked(client, 6, update, "control");
      client.write(RawMqttClient.disconnect());
    }
    JsonNode items = eventually(() -> messages(pk, dn, ""), i -> i.size() >= 1);
    assertThat(payloads(items)).containsExactly("control");
  }

  /** B.2.4: no QoS 2; the transport disconnects (no PUBREC). */
  @Test
  void publishWithQos2Disconnects() throws Exception {
    String pk = newProduct();
    String dn = "qos2-dev";
    createDevice(pk, dn);
    try (RawMqttClient client = login(pk, dn)) {
      ping(client); // connected and served before
      client.write(RawMqttClient.publish("/" + pk + "/" + dn + "/update", 2, false, 7, utf8("exactly once")));
      Packet first = client.read();
      assertThat(first).as("expected a disconnect, got %s", RawMqttClient.describe(first)).isNull();
    }
    eventually(() -> device(pk, dn), d -> !d.get("online").asBoolean());
  }

  // ==== 5. Message log =========================================================================

  @Test
  void updateAndCustomTopicMessagesAppearInTheLog() throws Exception {
    String pk = newProduct();
    createTopic(pk, "/${productKey}/${deviceName}/user/telemetry", "pub");
    String dn = "log-dev";
    createDevice(pk, dn);
    long before = System.currentTimeMillis();
    try (RawMqttClient client = login(pk, dn)) {
      publishAcked(client, 1, "/" + pk + "/" + dn + "/update", "{\"temp\":21.5}");
      publishAcked(client, 2, "/" + pk + "/" + dn + "/user/telemetry", "hello telemetry");
      client.write(RawMqttClient.disconnect());
    }
    long after = System.currentTimeMillis();
    JsonNode items = eventually(() -> messages(pk, dn, ""), i -> i.size() >= 2);
    assertThat(items).hasSize(2);
    // Newest first.
    assertThat(items.get(0).get("topic").asText()).isEqualTo("/" + pk + "/" + dn + "/user/telemetry");
    assertThat(items.get(0).get("payload").asText()).isEqualTo("hello telemetry");
    assertThat(items.get(0).get("encoding").asText()).isEqualTo("text");
    assertThat(items.get(1).get("topic").asText()).isEqualTo("/" + pk + "/" + dn + "/update");
    assertThat(items.get(1).get("payload").asText()).isEqualTo("{\"temp\":21.5}");
    assertThat(items.get(1).get("encoding").asText()).isEqualTo("text");
    for (JsonNode item : items) {
      assertThat(item.get("time").isNumber()).as("time is epoch ms: %s", item).isTrue();
      assertThat(item.get("time").asLong()).isBetween(before, after);
    }
  }

  @Test
  void fromToAndLimitNarrowTheLog() throws Exception {
    String pk = newProduct();
    createTopic(pk, "/${productKey}/${deviceName}/user/telemetry", "pub");
    String dn = "range-dev";
    createDevice(pk, dn);
    long[] t = new long[3];
    String[] topics = {"/" + pk + "/" + dn + "/update", "/" + pk + "/" + dn + "/user/telemetry", "/" + pk + "/" + dn + "/update"};
    try (RawMqttClient client = login(pk, dn)) {
      for (int i = 0; i < 3; i++) {
        if (i > 0) {
          untilClockPasses(t[i - 1]); // distinct times, so that the bounds can separate the messages
        }
        publishAcked(client, i + 1, topics[i], "m" + i);
        int n = i + 1;
        JsonNode items = eventually(() -> messages(pk, dn, ""), j -> j.size() >= n);
        t[i] = items.get(0).get("time").asLong();
        assertThat(items.get(0).get("payload").asText()).isEqualTo("m" + i);
      }
      client.write(RawMqttClient.disconnect());
    }
    assertThat(t[0]).isLessThan(t[1]);
    assertThat(t[1]).isLessThan(t[2]);

    assertThat(payloads(messages(pk, dn, ""))).containsExactly("m2", "m1", "m0");
    assertThat(payloads(messages(pk, dn, "?from=" + t[1]))).containsExactly("m2", "m1");
    assertThat(payloads(messages(pk, dn, "?to=" + t[1]))).containsExactly("m1", "m0");
    assertThat(payloads(messages(pk, dn, "?from=" + t[1] + "&to=" + t[1]))).containsExactly("m1");
    assertThat(payloads(messages(pk, dn, "?from=" + (t[2] + 1)))).isEmpty();
    assertThat(payloads(messages(pk, dn, "?limit=1"))).containsExactly("m2");
    assertThat(payloads(messages(pk, dn, "?limit=2"))).containsExactly("m2", "m1");
    assertThat(payloads(messages(pk, dn, "?to=" + t[1] + "&limit=1"))).containsExactly("m1");
  }

  @Test
  void binaryPayloadComesBackAsBase64() throws Exception {
    String pk = newProduct();
    createTopic(pk, "/${productKey}/${deviceName}/user/telemetry", "pub");
    String dn = "binary-dev";
    createDevice(pk, dn);
    byte[] binary = {(byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0x80, (byte) 0xC3, 0x28};
    try (RawMqttClient client = login(pk, dn)) {
      client.write(RawMqttClient.publish("/" + pk + "/" + dn + "/user/telemetry", 1, false, 9, binary));
      awaitPuback(client, 9);
      client.write(RawMqttClient.disconnect());
    }
    JsonNode items = eventually(() -> messages(pk, dn, ""), i -> i.size() >= 1);
    assertThat(items).hasSize(1);
    assertThat(items.get(0).get("topic").asText()).isEqualTo("/" + pk + "/" + dn + "/user/telemetry");
    assertThat(items.get(0).get("encoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(items.get(0).get("payload").asText())).isEqualTo(binary);
  }

  // ==== 6. Topic categories drive permissions live ==============================================

  @Test
  void customSubCategoryIsGrantedWhileItExistsAndRefusedOnceDeleted() throws Exception {
    String pk = newProduct();
    String dn = "cat-dev";
    createDevice(pk, dn);
    String cmd = "/" + pk + "/" + dn + "/user/cmd";
    try (RawMqttClient client = login(pk, dn)) {
      assertThat(subscribe(client, 1, cmd)).as("before the category exists").isEqualTo(0x80);

      String id = createTopic(pk, "/${productKey}/${deviceName}/user/cmd", "sub");
      // Same connection, no reconnect: the new category applies at once.
      assertThat(subscribe(client, 2, cmd)).as("after POST /topics").isIn(0, 1);
      RestClient.Response sent = sendMessage(pk, dn, cmd, "turn-on", 0);
      assertThat(sent.status()).as(sent.body()).isEqualTo(202);
      assertThat(sent.json().get("status").asText()).isEqualTo("delivered");
      Publish got = client.readPublish();
      assertThat(got).as("device received nothing").isNotNull();
      assertThat(got.topic()).isEqualTo(cmd);
      assertThat(got.text()).isEqualTo("turn-on");

      RestClient.Response deleted = server.rest().delete("/products/" + pk + "/topics/" + id);
      assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
      assertThat(server.rest().get("/products/" + pk + "/topics").body()).doesNotContain(id);

      // Same connection: a new SUBSCRIBE to the deleted category is refused, the connection stays.
      assertThat(subscribe(client, 3, cmd)).as("SUBSCRIBE on the same connection after DELETE").isEqualTo(0x80);
      ping(client);
      // And the platform no longer sends on it.
      RestClient.Response after = sendMessage(pk, dn, cmd, "turn-off", 0);
      assertThat(after.status()).as("downlink on a deleted category: %s", after.body()).isEqualTo(400);
      client.write(RawMqttClient.disconnect());
    }
    // A fresh connection is refused too.
    try (RawMqttClient client = login(pk, dn)) {
      assertThat(subscribe(client, 1, cmd)).as("SUBSCRIBE on a new connection after DELETE").isEqualTo(0x80);
      client.write(RawMqttClient.disconnect());
    }
  }

  @Test
  void systemCategoriesCannotBeDeleted() {
    String pk = newProduct();
    JsonNode items = server.rest().get("/products/" + pk + "/topics").json().get("items");
    List<String> system = new ArrayList<>();
    for (JsonNode c : items) {
      if (c.get("system").asBoolean()) {
        system.add(c.get("id").asText());
      }
    }
    assertThat(system).isNotEmpty();
    for (String id : system) {
      RestClient.Response r = server.rest().delete("/products/" + pk + "/topics/" + id);
      assertThat(r.status()).as("DELETE system category %s: %s", id, r.body()).isEqualTo(409);
      assertThat(r.json().get("code").asText()).isEqualTo("system_topic");
    }
    assertThat(server.rest().get("/products/" + pk + "/topics").json().get("items")).hasSize(items.size());
  }

  // ==== 7. RRPC ================================================================================

  @Test
  void customTopicRrpcWithExt1IsDeliveredAndAnswered() throws Exception {
    String pk = newProduct();
    createTopic(pk, "/${productKey}/${deviceName}/user/cmd", "sub");
    String dn = "ext-rrpc-dev";
    String secret = createDevice(pk, dn);
    String custom = "/" + pk + "/" + dn + "/user/cmd";
    try (RawMqttClient client = loginExt1(pk, dn, secret)) {
      assertThat(subscribe(client, 1, "/ext/rrpc/+" + custom)).isIn(0, 1);
      CompletableFuture<RestClient.Response> call =
          CompletableFuture.supplyAsync(
              () ->
                  server.rest().post(
                      "/products/" + pk + "/devices/" + dn + "/commands",
                      "{\"payload\":\"open\",\"encoding\":\"text\",\"timeoutMs\":8000,\"topic\":\"" + custom + "\"}"));
      Publish request = client.readPublish();
      assertThat(request).as("no RRPC request arrived").isNotNull();
      assertThat(request.topic()).matches("/ext/rrpc/[^/]+" + java.util.regex.Pattern.quote(custom));
      assertThat(request.text()).isEqualTo("open");
      if (request.qos() > 0) {
        client.write(RawMqttClient.puback(request.packetId()));
      }
      // Answer on the very same topic (QoS 0, as the SDKs do).
      client.write(RawMqttClient.publish(request.topic(), 0, false, 0, utf8("opened")));
      RestClient.Response r = call.join();
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("response").asText()).isEqualTo("opened");
      String messageId = request.topic().substring("/ext/rrpc/".length(), request.topic().length() - custom.length());
      assertThat(r.json().get("id").asText()).isEqualTo(messageId);
      client.write(RawMqttClient.disconnect());
    }
  }

  /** B.7: custom-topic RRPC requires ext=1 in the ClientId; without it the REST call is refused (400). */
  @Test
  void customTopicRrpcWithoutExt1IsRefused() throws Exception {
    String pk = newProduct();
    createTopic(pk, "/${productKey}/${deviceName}/user/cmd", "sub");
    String dn = "noext-rrpc-dev";
    createDevice(pk, dn);
    try (RawMqttClient client = login(pk, dn)) {
      RestClient.Response r =
          server.rest().post(
              "/products/" + pk + "/devices/" + dn + "/commands",
              "{\"payload\":\"open\",\"timeoutMs\":1000,\"topic\":\"/" + pk + "/" + dn + "/user/cmd\"}");
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      client.write(RawMqttClient.disconnect());
    }
  }

  @Test
  void plainRrpcRequestAndResponse() throws Exception {
    String pk = newProduct();
    String dn = "rrpc-dev";
    createDevice(pk, dn);
    try (RawMqttClient client = login(pk, dn)) {
      assertThat(subscribe(client, 1, "/sys/" + pk + "/" + dn + "/rrpc/request/+")).isIn(0, 1);
      CompletableFuture<RestClient.Response> call =
          CompletableFuture.supplyAsync(
              () ->
                  server.rest().post(
                      "/products/" + pk + "/devices/" + dn + "/commands",
                      "{\"payload\":\"status?\",\"encoding\":\"text\",\"timeoutMs\":8000}"));
      Publish request = client.readPublish();
      assertThat(request).as("no RRPC request arrived").isNotNull();
      String prefix = "/sys/" + pk + "/" + dn + "/rrpc/request/";
      assertThat(request.topic()).startsWith(prefix);
      String id = request.topic().substring(prefix.length());
      assertThat(id).isNotEmpty().doesNotContain("/");
      assertThat(request.text()).isEqualTo("status?");
      if (request.qos() > 0) {
        client.write(RawMqttClient.puback(request.packetId()));
      }
      client.write(RawMqttClient.publish("/sys/" + pk + "/" + dn + "/rrpc/response/" + id, 0, false, 0, utf8("all good")));
      RestClient.Response r = call.join();
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("id").asText()).isEqualTo(id);
      assertThat(r.json().get("response").asText()).isEqualTo("all good");
      client.write(RawMqttClient.disconnect());
    }
  }

  @Test
  void rrpcToADeviceThatNeverAnswersTimesOutWith504() throws Exception {
    String pk = newProduct();
    String dn = "silent-dev";
    createDevice(pk, dn);
    try (RawMqttClient client = login(pk, dn)) {
      assertThat(subscribe(client, 1, "/sys/" + pk + "/" + dn + "/rrpc/request/+")).isIn(0, 1);
      CompletableFuture<RestClient.Response> call =
          CompletableFuture.supplyAsync(
              () ->
                  server.rest().post(
                      "/products/" + pk + "/devices/" + dn + "/commands",
                      "{\"payload\":\"hello?\",\"encoding\":\"text\",\"timeoutMs\":1000}"));
      Publish request = client.readPublish(); // received, never answered
      assertThat(request).isNotNull();
      assertThat(request.topic()).startsWith("/sys/" + pk + "/" + dn + "/rrpc/request/");
      RestClient.Response r = call.join();
      assertThat(r.status()).as(r.body()).isEqualTo(504);
      assertThat(r.json().get("code").asText()).isEqualTo("timeout");
      assertThat(r.json().get("id").asText()).isEqualTo(request.topic().substring(request.topic().lastIndexOf('/') + 1));
      client.write(RawMqttClient.disconnect());
    }
  }

  @Test
  void rrpcToAnOfflineDeviceIs409() {
    String pk = newProduct();
    String dn = "offline-dev";
    createDevice(pk, dn);
    RestClient.Response r =
        server.rest().post("/products/" + pk + "/devices/" + dn + "/commands", "{\"payload\":\"x\",\"timeoutMs\":1000}");
    assertThat(r.status()).as(r.body()).isEqualTo(409);
    assertThat(r.json().get("code").asText()).isEqualTo("device_offline");
  }

  @Test
  void rrpcTimeoutOutside1000To8000Is400() throws Exception {
    String pk = newProduct();
    String dn = "timeout-dev";
    createDevice(pk, dn);
    try (RawMqttClient client = login(pk, dn)) {
      for (long timeout : new long[] {0, 999, 8001, 60000}) {
        RestClient.Response r =
            server.rest().post(
                "/products/" + pk + "/devices/" + dn + "/commands", "{\"payload\":\"x\",\"timeoutMs\":" + timeout + "}");
        assertThat(r.status()).as("timeoutMs %d: %s", timeout, r.body()).isEqualTo(400);
        assertThat(r.body()).contains("timeoutMs");
      }
      client.write(RawMqttClient.disconnect());
    }
  }

  // ==== 8. Downlink QoS 0 ======================================================================

  @Test
  void qos0DownlinkToOwnGetIsDeliveredAndAnotherDevicesGetIs400() throws Exception {
    String pk = newProduct();
    String dn = "down-dev";
    String other = "down-other";
    createDevice(pk, dn);
    createDevice(pk, other);
    String get = "/" + pk + "/" + dn + "/get";
    try (RawMqttClient client = login(pk, dn)) {
      assertThat(subscribe(client, 1, get)).isIn(0, 1);
      RestClient.Response r = sendMessage(pk, dn, get, "set-temp 20", 0);
      assertThat(r.status()).as(r.body()).isEqualTo(202);
      assertThat(r.json().get("status").asText()).isEqualTo("delivered");
      assertThat(r.json().get("id").asText()).isNotEmpty();
      Publish p = client.readPublish();
      assertThat(p).as("device received nothing").isNotNull();
      assertThat(p.topic()).isEqualTo(get);
      assertThat(p.qos()).isZero();
      assertThat(p.text()).isEqualTo("set-temp 20");

      RestClient.Response refused = sendMessage(pk, dn, "/" + pk + "/" + other + "/get", "not yours", 0);
      assertThat(refused.status()).as(refused.body()).isEqualTo(400);
      ping(client);
      client.write(RawMqttClient.disconnect());
    }
  }

  // ==== helpers ================================================================================

  static String newProduct() {
    RestClient.Response r =
        server.rest().post("/products", "{\"name\":\"features " + productCounter.incrementAndGet() + "\",\"dialect\":\"aliyun\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  /** Creates the device and returns its secret. */
  static String createDevice(String pk, String dn) {
    return server.rest().createDevice(pk, dn).get("secret").asText();
  }

  /** Creates a custom topic category and returns its id. */
  static String createTopic(String pk, String topic, String access) {
    RestClient.Response r =
        server.rest().post("/products/" + pk + "/topics", "{\"topic\":\"" + topic + "\",\"access\":\"" + access + "\"}");
    assertThat(r.status()).as("POST /topics %s: %s", topic, r.body()).isEqualTo(201);
    assertThat(r.json().get("system").asBoolean()).isFalse();
    return r.json().get("id").asText();
  }

  static JsonNode device(String pk, String dn) {
    RestClient.Response r = server.rest().get("/products/" + pk + "/devices/" + dn);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static JsonNode messages(String pk, String dn, String query) {
    RestClient.Response r = server.rest().get("/products/" + pk + "/devices/" + dn + "/messages" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("items");
  }

  static List<String> payloads(JsonNode items) {
    List<String> out = new ArrayList<>();
    for (JsonNode i : items) {
      out.add(i.get("payload").asText());
    }
    return out;
  }

  static RestClient.Response sendMessage(String pk, String dn, String topic, String text, int qos) {
    return server.rest().post(
        "/products/" + pk + "/devices/" + dn + "/messages",
        "{\"topic\":\"" + topic + "\",\"payload\":\"" + text + "\",\"encoding\":\"text\",\"qos\":" + qos + "}");
  }

  /** Polls until the value satisfies the condition, for up to 10 s; returns the last value (asserted). */
  static <T> T eventually(Supplier<T> read, Predicate<T> condition) throws InterruptedException {
    T value = read.get();
    for (int i = 0; i < 100 && !condition.test(value); i++) {
      Thread.sleep(100);
      value = read.get();
    }
    assertThat(condition.test(value)).as("not reached within 10 s; last value: %s", value).isTrue();
    return value;
  }

  /** Waits (not asserted) until the wall clock is past {@code millis}. */
  static void untilClockPasses(long millis) throws InterruptedException {
    while (System.currentTimeMillis() <= millis) {
      Thread.sleep(2);
    }
  }

  static String sign(String method, String secret, String cid, String dn, String pk, String timestamp) {
    return AliyunSign.sign(method, secret, Map.of("clientId", cid, "deviceName", dn, "productKey", pk, "timestamp", timestamp));
  }

  /** CONNECT (protocol level 4) and the CONNACK code, or -1 when the server closed without one. */
  static int connect(RawMqttClient c, int flags, int keepAlive, String clientId, String username, String password)
      throws IOException {
    c.write(RawMqttClient.connect(4, flags, keepAlive, clientId, username, password));
    return RawMqttClient.connackCode(c.read());
  }

  /** CONNECT with the parameters of the REST connection endpoint. */
  static int connect(RawMqttClient c, JsonNode params, int flags, int keepAlive) throws IOException {
    return connect(
        c, flags, keepAlive, params.get("clientId").asText(), params.get("username").asText(), params.get("password").asText());
  }

  /** A clean-session login over plain TCP with the REST connection parameters; CONNACK 0 asserted. */
  static RawMqttClient login(String pk, String dn) throws IOException {
    RawMqttClient c = new RawMqttClient(server.mqttPort());
    assertThat(connect(c, server.rest().connection(pk, dn), 0xC2, 60)).as("CONNACK of %s/%s", pk, dn).isZero();
    return c;
  }

  /** A login with {@code ext=1} in the ClientId (needed for custom-topic RRPC, B.7); CONNACK 0 asserted. */
  static RawMqttClient loginExt1(String pk, String dn, String secret) throws IOException {
    String cid = pk + "." + dn;
    String ts = Long.toString(System.currentTimeMillis());
    String clientId = cid + "|securemode=2,signmethod=hmacsha256,ext=1,timestamp=" + ts + "|";
    RawMqttClient c = new RawMqttClient(server.mqttPort());
    assertThat(connect(c, 0xC2, 60, clientId, dn + "&" + pk, sign("hmacsha256", secret, cid, dn, pk, ts)))
        .as("CONNACK with ext=1")
        .isZero();
    return c;
  }

  /** SUBSCRIBE one filter at QoS 1; the SUBACK return code (0, 1 or 0x80). PUBLISHes before it are skipped. */
  static int subscribe(RawMqttClient c, int packetId, String filter) throws IOException {
    c.write(RawMqttClient.subscribe(packetId, 1, filter));
    Packet p = c.read();
    while (p != null && p.type() == 3) {
      p = c.read();
    }
    assertThat(p).as("connection closed instead of SUBACK for %s", filter).isNotNull();
    assertThat(p.type()).as("SUBACK expected for %s, got %s", filter, RawMqttClient.describe(p)).isEqualTo(9);
    assertThat(RawMqttClient.packetId(p)).isEqualTo(packetId);
    return p.body()[2] & 0xFF;
  }

  /** QoS 1 PUBLISH of UTF-8 text, then its PUBACK. */
  static void publishAcked(RawMqttClient c, int packetId, String topic, String payload) throws IOException {
    c.write(RawMqttClient.publish(topic, 1, false, packetId, utf8(payload)));
    awaitPuback(c, packetId);
  }

  /** Reads up to the PUBACK of {@code packetId}; replies the platform sends meanwhile are skipped. */
  static void awaitPuback(RawMqttClient c, int packetId) throws IOException {
    Packet p = c.read();
    while (p != null && p.type() == 3) {
      p = c.read();
    }
    assertThat(p).as("connection closed instead of PUBACK %d", packetId).isNotNull();
    assertThat(p.type()).as("PUBACK expected, got %s", RawMqttClient.describe(p)).isEqualTo(4);
    assertThat(RawMqttClient.packetId(p)).isEqualTo(packetId);
  }

  static void ping(RawMqttClient c) throws IOException {
    c.write(RawMqttClient.pingreq());
    Packet p = c.read();
    while (p != null && p.type() == 3) {
      p = c.read();
    }
    assertThat(p).as("connection closed instead of PINGRESP").isNotNull();
    assertThat(p.type()).as("PINGRESP expected, got %s", RawMqttClient.describe(p)).isEqualTo(13);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
