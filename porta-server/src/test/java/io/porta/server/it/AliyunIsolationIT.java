package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.server.it.RawMqttClient.Packet;
import io.porta.server.it.RawMqttClient.Publish;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Isolation of Alibaba devices (protocols.md B.2, B.5, B.7, B.8; seed "Topic standards": "Topic
 * categories are isolated based on devices"): a device of product A tries every way to reach another
 * device's and another product's topics and is refused, and nothing leaks. One server holds two
 * {@code aliyun} products A and B (devices A1, A2 in A, B1 in B, custom category
 * {@code /${productKey}/${deviceName}/user/data} pubsub on both) and a {@code onenet} product O with
 * device O1.
 *
 * <p>"Nothing arrived" is never proven by waiting: after the attempt a positive control is sent, and
 * the first PUBLISH the observer receives must be that control. Template rows name the devices with
 * {@code {A}} {@code {B}} {@code {O}} (product keys) and {@code {A1}} {@code {A2}} {@code {B1}}
 * {@code {O1}} (device names), resolved once the products exist.
 */
class AliyunIsolationIT {
  static final String A1 = "iso-a1";
  static final String A2 = "iso-a2";
  static final String B1 = "iso-b1";
  static final String O1 = "iso-o1";
  static final String CUSTOM = "/${productKey}/${deviceName}/user/data";

  static PortaTestServer server;
  static String a;
  static String b;
  static String o;
  static String a1Secret;

  @BeforeAll
  static void start() throws Exception {
    // A1 logs in once per row: lift the per-device rate limits, which are not under test here.
    server =
        PortaTestServer.start(
            Map.of(
                "porta.aliyun.rate-limits.connect", "100000",
                "porta.aliyun.rate-limits.subscribe-topics", "100000",
                "porta.aliyun.rate-limits.pingreq", "100000",
                "porta.aliyun.rate-limits.publish-qos1", "100000"));
    a = createProduct("iso A", "aliyun");
    b = createProduct("iso B", "aliyun");
    o = createProduct("iso O", "onenet");
    a1Secret = server.rest().createDevice(a, A1).get("secret").asText();
    server.rest().createDevice(a, A2);
    server.rest().createDevice(b, B1);
    server.rest().createDevice(o, O1);
    for (String pid : new String[] {a, b}) {
      RestClient.Response r =
          server.rest().post("/products/" + pid + "/topics", "{\"topic\":\"" + CUSTOM + "\",\"access\":\"pubsub\"}");
      assertThat(r.status()).as("custom topic category on %s: %s", pid, r.body()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Each test starts with no live connection: wait (generously, not asserted) until all are offline. */
  @AfterEach
  void everyoneOffline() throws InterruptedException {
    String[][] devices = {{a, A1}, {a, A2}, {b, B1}};
    for (String[] d : devices) {
      for (int i = 0; i < 200 && online(d[0], d[1]); i++) {
        Thread.sleep(50);
      }
    }
  }

  // ---- 1. SUBSCRIBE -----------------------------------------------------------------------------

  static Stream<Arguments> refusedFilters() {
    return Stream.of(
        Arguments.of("another device's /get", "/{A}/{A2}/get"),
        Arguments.of("another device's custom topic", "/{A}/{A2}/user/data"),
        Arguments.of("another product's device's /get", "/{B}/{B1}/get"),
        Arguments.of("+ over the product's device names", "/{A}/+/get"),
        Arguments.of("# over the whole product", "/{A}/#"),
        Arguments.of("+ over products and device names", "/+/+/get"),
        Arguments.of("# over everything", "#"),
        Arguments.of("+ over products with its own device name", "/+/{A1}/get"),
        Arguments.of("another device's RRPC requests", "/sys/{A}/{A2}/rrpc/request/+"),
        Arguments.of("another product's device's RRPC requests", "/sys/{B}/{B1}/rrpc/request/+"),
        Arguments.of("another product's broadcast", "/broadcast/{B}/#"),
        Arguments.of("a OneNET device's topics", "$sys/{O}/{O1}/#"),
        Arguments.of("another device's NTP response", "/ext/ntp/{A}/{A2}/response"),
        Arguments.of("another device's shadow", "/shadow/get/{A}/{A2}"),
        Arguments.of("another device's OTA upgrade", "/ota/device/upgrade/{A}/{A2}"),
        Arguments.of("another device's error topic", "/ext/error/{A}/{A2}"),
        Arguments.of("custom-topic RRPC on another device's topic", "/ext/rrpc/+/{A}/{A2}/user/data"),
        Arguments.of("+ over device names in RRPC requests", "/sys/{A}/+/rrpc/request/+"),
        // A wildcard must stay inside the device's categories; only /user/data exists here.
        Arguments.of("# wider than its custom categories", "/{A}/{A1}/user/#"));
  }

  @ParameterizedTest(name = "[{index}] {0}: {1} is refused with 0x80 and the connection stays")
  @MethodSource("refusedFilters")
  void subscribingBeyondItsOwnTopicsIsRefusedAndTheConnectionStays(String rule, String template) throws Exception {
    String filter = resolve(template);
    try (Login d = login(a, A1)) {
      assertThat(subscribe(d.client(), 1, filter)).as("SUBACK code for %s", filter).isEqualTo(0x80);
      // Still connected and served: a following SUBSCRIBE is answered and granted, PINGREQ answered.
      assertThat(subscribe(d.client(), 2, "/" + a + "/" + A1 + "/get")).isIn(0, 1);
      ping(d.client());
    }
  }

  static Stream<Arguments> grantedFilters() {
    return Stream.of(
        Arguments.of("its own /get", "/{A}/{A1}/get"),
        Arguments.of("its own custom topic", "/{A}/{A1}/user/data"),
        Arguments.of("its product's broadcast", "/broadcast/{A}/#"),
        Arguments.of("its own error topic", "/ext/error/{A}/{A1}"),
        Arguments.of("its own RRPC requests", "/sys/{A}/{A1}/rrpc/request/+"));
  }

  @ParameterizedTest(name = "[{index}] {0}: {1} is granted")
  @MethodSource("grantedFilters")
  void subscribingToItsOwnTopicsIsGranted(String rule, String template) throws Exception {
    String filter = resolve(template);
    try (Login d = login(a, A1)) {
      assertThat(subscribe(d.client(), 1, filter)).as("SUBACK code for %s", filter).isIn(0, 1);
      ping(d.client());
    }
  }

  /** A refused filter must not be quietly installed: the other device's traffic does not reach A1. */
  @Test
  void refusedSubscriptionsDeliverNothing() throws Exception {
    try (Login victim = login(a, A2);
        Login other = login(b, B1);
        Login attacker = login(a, A1)) {
      assertThat(subscribe(victim.client(), 1, "/" + a + "/" + A2 + "/get")).isIn(0, 1);
      assertThat(subscribe(other.client(), 1, "/" + b + "/" + B1 + "/get")).isIn(0, 1);
      String[] filters = {
        "/" + a + "/" + A2 + "/get", "/" + a + "/+/get", "/+/+/get", "#", "/" + b + "/" + B1 + "/get", "/broadcast/" + b + "/#"
      };
      int id = 10;
      for (String f : filters) {
        assertThat(subscribe(attacker.client(), id++, f)).as("SUBACK code for %s", f).isEqualTo(0x80);
      }
      assertThat(subscribe(attacker.client(), id, "/" + a + "/" + A1 + "/get")).isIn(0, 1);

      sendMessage(a, A2, "/" + a + "/" + A2 + "/get", "for-a2");
      sendMessage(b, B1, "/" + b + "/" + B1 + "/get", "for-b1");
      assertThat(postBroadcast(b, "/broadcast/" + b + "/news", "for-b").status()).isEqualTo(202);
      // The messages did reach their own devices...
      assertThat(victim.client().readPublish().text()).isEqualTo("for-a2");
      assertThat(other.client().readPublish().text()).isEqualTo("for-b1");
      // ...and the attacker's first PUBLISH is its own control, not any of them.
      sendMessage(a, A1, "/" + a + "/" + A1 + "/get", "control-a1");
      Publish first = attacker.client().readPublish();
      assertThat(first).as("A1 still connected").isNotNull();
      assertThat(first.topic() + " " + first.text()).isEqualTo("/" + a + "/" + A1 + "/get control-a1");
    }
  }

  // ---- 2. PUBLISH -------------------------------------------------------------------------------

  /** @param unauthorized whether the topic is outside A1's pub categories (then it is counted as dropped) */
  static Stream<Arguments> foreignPublishes() {
    return Stream.of(
        Arguments.of("another device's /update", "/{A}/{A2}/update", true),
        Arguments.of("another device's custom topic", "/{A}/{A2}/user/data", true),
        Arguments.of("another product's device's /update", "/{B}/{B1}/update", true),
        Arguments.of("another product's device's custom topic", "/{B}/{B1}/user/data", true),
        Arguments.of("another device's RRPC response", "/sys/{A}/{A2}/rrpc/response/1", true),
        Arguments.of("its product's broadcast topic (not relayed to devices)", "/broadcast/{A}/x", false),
        Arguments.of("another device's /get, as if it were the platform", "/{A}/{A2}/get", true),
        Arguments.of("another product's device's /get, as if it were the platform", "/{B}/{B1}/get", true),
        Arguments.of("custom-topic RRPC on another device's topic", "/ext/rrpc/1/{A}/{A2}/user/data", true),
        Arguments.of("a OneNET device's data point topic", "$sys/{O}/{O1}/dp/post/json", true));
  }

  @ParameterizedTest(name = "[{index}] {0}: QoS 1 PUBLISH to {1} is acknowledged, the connection stays, nothing leaks")
  @MethodSource("foreignPublishes")
  void publishingToForeignTopicsIsAcknowledgedAndLeaksNothing(String rule, String template, boolean unauthorized)
      throws Exception {
    String topic = resolve(template);
    try (Login victim = login(a, A2);
        Login other = login(b, B1)) {
      for (Login observer : new Login[] {victim, other}) {
        String own = observer == victim ? "/" + a + "/" + A2 : "/" + b + "/" + B1;
        assertThat(subscribe(observer.client(), 1, own + "/user/data")).isIn(0, 1);
        assertThat(subscribe(observer.client(), 2, own + "/get")).isIn(0, 1);
      }
      double droppedBefore = dropped();
      try (Login attacker = login(a, A1)) {
        String payload =
            topic.startsWith("$sys/")
                ? "{\"id\":1,\"dp\":{\"leak\":[{\"v\":1}]}}"
                : "leak from " + A1 + " to " + topic;
        attacker.client().write(RawMqttClient.publish(topic, 1, false, 7, payload.getBytes(StandardCharsets.UTF_8)));
        Packet ack = attacker.client().read();
        assertThat(ack).as("connection closed instead of PUBACK").isNotNull();
        assertThat(ack.type()).as("PUBACK expected, got %s", RawMqttClient.describe(ack)).isEqualTo(4);
        assertThat(RawMqttClient.packetId(ack)).isEqualTo(7);
        ping(attacker.client());
      }
      if (unauthorized) {
        assertThat(dropped()).as("porta_messages_dropped_total went up").isGreaterThan(droppedBefore);
      }

      // Positive controls: the first PUBLISH each observer receives is its control.
      sendMessage(a, A2, "/" + a + "/" + A2 + "/get", "control-a2");
      sendMessage(b, B1, "/" + b + "/" + B1 + "/get", "control-b1");
      Publish firstA2 = victim.client().readPublish();
      Publish firstB1 = other.client().readPublish();
      assertThat(firstA2).as("A2 still connected").isNotNull();
      assertThat(firstB1).as("B1 still connected").isNotNull();
      assertThat(firstA2.topic() + " " + firstA2.text()).isEqualTo("/" + a + "/" + A2 + "/get control-a2");
      assertThat(firstB1.topic() + " " + firstB1.text()).isEqualTo("/" + b + "/" + B1 + "/get control-b1");
    }
    assertThat(messageLog(a, A2)).as("A2's message log").isEmpty();
    assertThat(messageLog(b, B1)).as("B1's message log").isEmpty();
    RestClient.Response points = server.rest().get("/products/" + o + "/devices/" + O1 + "/datapoints");
    assertThat(points.status()).isEqualTo(200);
    assertThat(points.json().get("items")).as("O1's data points").isEmpty();
  }

  // ---- 3. Broadcast -----------------------------------------------------------------------------

  @Test
  void broadcastOfAProductReachesOnlyItsOwnDevices() throws Exception {
    try (Login bDevice = login(b, B1);
        Login aDevice = login(a, A1)) {
      assertThat(subscribe(bDevice.client(), 1, "/broadcast/" + b + "/#")).isIn(0, 1);
      assertThat(subscribe(aDevice.client(), 1, "/broadcast/" + a + "/#")).isIn(0, 1);

      RestClient.Response r = postBroadcast(b, "/broadcast/" + b + "/news", "news for B");
      assertThat(r.status()).as(r.body()).isEqualTo(202);
      assertThat(r.json().get("devices").asInt()).as("devices reached").isEqualTo(1);
      Publish got = bDevice.client().readPublish();
      assertThat(got).isNotNull();
      assertThat(got.topic()).isEqualTo("/broadcast/" + b + "/news");
      assertThat(got.text()).isEqualTo("news for B");

      // Control on A's own broadcast: it is the first thing A1 receives.
      assertThat(postBroadcast(a, "/broadcast/" + a + "/control", "control for A").status()).isEqualTo(202);
      Publish first = aDevice.client().readPublish();
      assertThat(first).as("A1 still connected").isNotNull();
      assertThat(first.topic() + " " + first.text()).isEqualTo("/broadcast/" + a + "/control control for A");
    }
  }

  // ---- 4. RRPC answered by another device --------------------------------------------------------

  @Test
  void rrpcAnswerFromAnotherDeviceWithTheRightIdDoesNotCompleteTheCommand() throws Exception {
    try (Login target = login(a, A1);
        Login forger = login(a, A2)) {
      assertThat(subscribe(target.client(), 1, "/sys/" + a + "/" + A1 + "/rrpc/request/+")).isIn(0, 1);
      CompletableFuture<RestClient.Response> call =
          CompletableFuture.supplyAsync(
              () ->
                  server.rest().post(
                      "/products/" + a + "/devices/" + A1 + "/commands",
                      "{\"payload\":\"reboot\",\"encoding\":\"text\",\"timeoutMs\":1000}"));
      String id = rrpcRequestId(target);

      forgeAnswers(forger, id);
      // Checked only to rule out a vacuous pass (the command already over before the forgeries): not a
      // timing assertion; a slow machine skips instead of failing.
      boolean answeredBeforeForgeriesWereAcknowledged = call.isDone();

      RestClient.Response r = call.join();
      if (r.status() == 504) {
        Assumptions.assumeFalse(
            answeredBeforeForgeriesWereAcknowledged, "the command timed out before the forged answers were processed");
      }
      assertThat(r.status()).as(r.body()).isEqualTo(504);
      assertThat(r.json().get("code").asText()).isEqualTo("timeout");
      assertThat(r.body()).doesNotContain("forged");
    }
  }

  /** The same forgery, then the real device answers: its answer, not the forger's, is the result. */
  @Test
  void rrpcAnswerFromAnotherDeviceDoesNotPreemptTheRealAnswer() throws Exception {
    try (Login target = login(a, A1);
        Login forger = login(a, A2)) {
      assertThat(subscribe(target.client(), 1, "/sys/" + a + "/" + A1 + "/rrpc/request/+")).isIn(0, 1);
      CompletableFuture<RestClient.Response> call =
          CompletableFuture.supplyAsync(
              () ->
                  server.rest().post(
                      "/products/" + a + "/devices/" + A1 + "/commands",
                      "{\"payload\":\"reboot\",\"encoding\":\"text\",\"timeoutMs\":8000}"));
      String id = rrpcRequestId(target);

      forgeAnswers(forger, id);
      publishAcked(target.client(), 40, "/sys/" + a + "/" + A1 + "/rrpc/response/" + id, "genuine");

      RestClient.Response r = call.join();
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("response").asText()).isEqualTo("genuine");
    }
  }

  private static final Pattern RRPC_REQUEST = Pattern.compile(".*/rrpc/request/([^/]+)");

  private static String rrpcRequestId(Login target) throws IOException {
    Publish request = target.client().readPublish();
    assertThat(request).as("A1 got no RRPC request").isNotNull();
    assertThat(request.topic()).startsWith("/sys/" + a + "/" + A1 + "/rrpc/request/");
    if (request.qos() > 0) {
      target.client().write(RawMqttClient.puback(request.packetId()));
    }
    Matcher m = RRPC_REQUEST.matcher(request.topic());
    assertThat(m.matches()).isTrue();
    return m.group(1);
  }

  /** A2 answers A1's request id on its own response topic, on A1's, and by custom-topic RRPC. */
  private static void forgeAnswers(Login forger, String id) throws IOException {
    publishAcked(forger.client(), 31, "/sys/" + a + "/" + A2 + "/rrpc/response/" + id, "forged on own topic");
    publishAcked(forger.client(), 32, "/sys/" + a + "/" + A1 + "/rrpc/response/" + id, "forged on victim's topic");
    publishAcked(forger.client(), 33, "/ext/rrpc/" + id + "/" + a + "/" + A1 + "/user/data", "forged by ext rrpc");
    publishAcked(forger.client(), 34, "/ext/rrpc/" + id + "/" + a + "/" + A2 + "/user/data", "forged by own ext rrpc");
    ping(forger.client());
  }

  // ---- 5. Takeover with wrong credentials -------------------------------------------------------

  static Stream<Arguments> wrongPasswords() {
    return Stream.of(
        Arguments.of("a garbage password, same ClientId", "garbage", true),
        Arguments.of("a garbage password, another ClientId", "garbage", false),
        Arguments.of("A2's valid password, same ClientId", "a2-password", true),
        Arguments.of("signed with A2's secret for A1's identity", "a2-secret", true));
  }

  @ParameterizedTest(name = "[{index}] CONNECT as A1 with {0} gets CONNACK 4 and A1's live connection stays")
  @MethodSource("wrongPasswords")
  void takeoverWithWrongCredentialsIsRefusedAndTheLiveConnectionStays(String rule, String kind, boolean sameClientId)
      throws Exception {
    JsonNode live = server.rest().connection(a, A1);
    try (Login d = login(live)) {
      assertThat(subscribe(d.client(), 1, "/" + a + "/" + A1 + "/get")).isIn(0, 1);

      String clientId = live.get("clientId").asText();
      String password;
      switch (kind) {
        case "garbage" -> password = "00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff";
        case "a2-password" -> password = server.rest().connection(a, A2).get("password").asText();
        default -> {
          String a2Secret = server.rest().get("/products/" + a + "/devices/" + A2).json().get("secret").asText();
          String ts = "1700000000000";
          String cid = a + "." + A1;
          clientId = cid + "|securemode=2,signmethod=hmacsha256,timestamp=" + ts + "|";
          password = sign(a2Secret, cid, A1, a, ts);
        }
      }
      if (!sameClientId) {
        clientId = "intruder|securemode=2,signmethod=hmacsha256|";
      }
      assertThat(connackCode(clientId, A1 + "&" + a, password)).isEqualTo(4);

      sendMessage(a, A1, "/" + a + "/" + A1 + "/get", "still-here");
      Publish p = d.client().readPublish();
      assertThat(p).as("A1's live connection was closed").isNotNull();
      assertThat(p.topic() + " " + p.text()).isEqualTo("/" + a + "/" + A1 + "/get still-here");
      ping(d.client());
    }
  }

  // ---- 6. Logging in as another product's device with one's own secret ------------------------

  static Stream<Arguments> crossProductLogins() {
    return Stream.of(
        Arguments.of("own device name under product B, signed with A1's secret", "{A1}", true),
        Arguments.of("B1's name under product B, signed with A1's secret", "{B1}", true),
        Arguments.of("A1's issued password with the username's product key changed to B", "{A1}", false));
  }

  @ParameterizedTest(name = "[{index}] {0}: CONNACK 4")
  @MethodSource("crossProductLogins")
  void aDeviceCannotLogInUnderAnotherProductWithItsOwnSecret(String rule, String nameTemplate, boolean resign)
      throws Exception {
    String ts = "1700000000000";
    // Control: the same signing, for A1's own identity, logs in; so the refusals below are about identity.
    String ownCid = a + "." + A1;
    String ownClientId = ownCid + "|securemode=2,signmethod=hmacsha256,timestamp=" + ts + "|";
    assertThat(connackCode(ownClientId, A1 + "&" + a, sign(a1Secret, ownCid, A1, a, ts))).isZero();

    String dn = resolve(nameTemplate);
    String clientId;
    String password;
    if (resign) {
      String cid = b + "." + dn;
      clientId = cid + "|securemode=2,signmethod=hmacsha256,timestamp=" + ts + "|";
      password = sign(a1Secret, cid, dn, b, ts);
    } else {
      JsonNode c = server.rest().connection(a, A1);
      clientId = c.get("clientId").asText();
      password = c.get("password").asText();
    }
    assertThat(connackCode(clientId, dn + "&" + b, password)).isEqualTo(4);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** A device logged in over a raw socket (clean session). */
  record Login(RawMqttClient client) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        client.write(RawMqttClient.disconnect());
      } catch (IOException e) {
        // already closed
      }
      client.close();
    }
  }

  static Login login(String pid, String dn) throws IOException {
    return login(server.rest().connection(pid, dn));
  }

  static Login login(JsonNode c) throws IOException {
    RawMqttClient client = new RawMqttClient(server.mqttPort());
    client.write(
        RawMqttClient.connect(4, 0xC2, 60, c.get("clientId").asText(), c.get("username").asText(), c.get("password").asText()));
    Packet connack = client.read();
    assertThat(RawMqttClient.connackCode(connack)).as("CONNACK of %s", c.get("username").asText()).isZero();
    return new Login(client);
  }

  /** The CONNACK return code of a fresh CONNECT, or -1 when the server closed without one. */
  static int connackCode(String clientId, String username, String password) throws IOException {
    try (RawMqttClient client = new RawMqttClient(server.mqttPort())) {
      client.write(RawMqttClient.connect(4, 0xC2, 60, clientId, username, password));
      int code = RawMqttClient.connackCode(client.read());
      if (code == 0) {
        client.write(RawMqttClient.disconnect());
      }
      return code;
    }
  }

  /** SUBSCRIBE one filter at QoS 1; returns the SUBACK return code (0, 1 or 0x80). */
  static int subscribe(RawMqttClient client, int packetId, String filter) throws IOException {
    int code = client.subscribeCode(packetId, filter);
    assertThat(code).as("connection closed instead of SUBACK for %s", filter).isNotNegative();
    return code;
  }

  /** QoS 1 PUBLISH answered by its PUBACK (the next packet). */
  static void publishAcked(RawMqttClient client, int packetId, String topic, String payload) throws IOException {
    client.write(RawMqttClient.publish(topic, 1, false, packetId, payload.getBytes(StandardCharsets.UTF_8)));
    Packet ack = client.read();
    assertThat(ack).as("connection closed instead of PUBACK for %s", topic).isNotNull();
    assertThat(ack.type()).as("PUBACK expected for %s, got %s", topic, RawMqttClient.describe(ack)).isEqualTo(4);
    assertThat(RawMqttClient.packetId(ack)).isEqualTo(packetId);
  }

  static void ping(RawMqttClient client) throws IOException {
    assertThat(client.pings()).as("PINGRESP").isTrue();
  }

  /** REST downlink at QoS 0 to a connected, subscribed device: written at once. */
  static void sendMessage(String pid, String dn, String topic, String text) {
    RestClient.Response r =
        server.rest().post(
            "/products/" + pid + "/devices/" + dn + "/messages",
            "{\"topic\":\"" + topic + "\",\"payload\":\"" + text + "\",\"encoding\":\"text\",\"qos\":0}");
    assertThat(r.status()).as("message to %s/%s: %s", pid, dn, r.body()).isEqualTo(202);
  }

  static RestClient.Response postBroadcast(String pid, String topic, String text) {
    return server.rest().post(
        "/products/" + pid + "/broadcast",
        "{\"topic\":\"" + topic + "\",\"payload\":\"" + text + "\",\"encoding\":\"text\"}");
  }

  static JsonNode messageLog(String pid, String dn) {
    RestClient.Response r = server.rest().get("/products/" + pid + "/devices/" + dn + "/messages");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("items");
  }

  static boolean online(String pid, String dn) {
    RestClient.Response r = server.rest().get("/products/" + pid + "/devices/" + dn);
    return r.status() == 200 && r.json().get("online").asBoolean();
  }

  /** Sum of porta_messages_dropped_total over all reasons (GET /metrics needs no token). */
  static double dropped() {
    String metrics = new RestClient("http://127.0.0.1:" + server.httpPort(), null).get("/metrics").body();
    double total = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("porta_messages_dropped_total")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  /** Alibaba password (B.2.2): hex HMAC-SHA256 over clientId…deviceName…productKey…timestamp…. */
  static String sign(String secret, String clientId, String deviceName, String productKey, String timestamp)
      throws Exception {
    String content = "clientId" + clientId + "deviceName" + deviceName + "productKey" + productKey + "timestamp" + timestamp;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(A|B|O|A1|A2|B1|O1)\\}");

  /** Replaces {A} {B} {O} with the product keys and {A1} {A2} {B1} {O1} with the device names. */
  static String resolve(String template) {
    Map<String, String> values = Map.of("A", a, "B", b, "O", o, "A1", A1, "A2", A2, "B1", B1, "O1", O1);
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String createProduct(String name, String dialect) {
    RestClient.Response r = server.rest().post("/products", "{\"name\":\"" + name + "\",\"dialect\":\"" + dialect + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asText();
  }
}
