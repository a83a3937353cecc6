package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import io.porta.server.it.RawMqttClient.Packet;
import io.porta.server.it.RawMqttClient.Publish;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application channel (issue 4 §2) end to end: applications get a credential over REST, connect
 * with real MQTT clients, and receive device events under {@code $app/…}; persistent sessions queue
 * durably across a server restart, bounded like device sessions; scopes, devices and deletion are
 * enforced.
 */
class ApplicationChannelIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final int CAP = 4;
  static final String P1 = "appchan1";
  static final String P2 = "appchan2";
  static PortaTestServer server;
  static String aliyunPk;

  @BeforeAll
  static void start() throws Exception {
    server =
        PortaTestServer.start(
            Map.of(
                "porta.sessions.max-queued-per-device", String.valueOf(CAP),
                "porta.onenet.rate-limits.connect", "10000",
                "porta.onenet.rate-limits.publish-qos0", "0"));
    server.rest().createProduct("onenet", P1);
    server.rest().createProduct("onenet", P2);
    aliyunPk = server.rest().post("/products", "{\"name\":\"ali\",\"dialect\":\"aliyun\"}").json().get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record App(String id, String username, String token) {}

  static App createApp(String... products) {
    StringBuilder ids = new StringBuilder();
    for (String p : products) {
      ids.append(ids.length() == 0 ? "" : ",").append('"').append(p).append('"');
    }
    RestClient.Response r = server.rest().post("/applications", "{\"name\":\"dash\",\"productIds\":[" + ids + "]}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode mqtt = r.json().get("mqtt");
    return new App(r.json().get("id").asText(), mqtt.get("username").asText(), mqtt.get("password").asText());
  }

  static Mqtt3BlockingClient connectApp(App app, String clientId) {
    Mqtt3BlockingClient client = MqttClients.client(server.mqttPort(), clientId);
    client
        .connectWith()
        .simpleAuth()
        .username(app.username())
        .password(app.token().getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .cleanSession(true)
        .send();
    return client;
  }

  static RawMqttClient rawApp(App app, String clientId, boolean clean, boolean expectPresent) throws IOException {
    RawMqttClient c = new RawMqttClient(server.mqttPort());
    c.write(RawMqttClient.connect(4, clean ? 0xC2 : 0xC0, 60, clientId, app.username(), app.token()));
    Packet ack = c.read();
    assertThat(RawMqttClient.connackCode(ack)).as(RawMqttClient.describe(ack)).isZero();
    assertThat((ack.body()[0] & 1) == 1).as("session present").isEqualTo(expectPresent);
    return c;
  }

  static void upload(MqttClients.Device d, int value) {
    d.publish(
        "$sys/" + d.productId + "/" + d.name + "/dp/post/json",
        "{\"id\":" + value + ",\"dp\":{\"temp\":[{\"v\":" + value + "}]}}",
        MqttQos.AT_LEAST_ONCE);
  }

  static JsonNode json(byte[] payload) {
    return JSON.readTree(new String(payload, StandardCharsets.UTF_8));
  }

  static JsonNode next(Mqtt3BlockingClient.Mqtt3Publishes inbox) throws InterruptedException {
    Mqtt3Publish p = inbox.receive(20, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("no event arrived"));
    return ((tools.jackson.databind.node.ObjectNode) json(p.getPayloadAsBytes())).put("_topic", p.getTopic().toString());
  }

  static MqttClients.Device device(String pid, String name) {
    server.rest().createDevice(pid, name);
    return MqttClients.connect(server, pid, name);
  }

  // ---- REST ----------------------------------------------------------------------------------

  @Test
  void credentialsAreCreatedOverRestAndTheTokenIsShownOnlyOnce() {
    RestClient.Response created = server.rest().post("/applications", "{\"name\":\"crm\",\"productIds\":[\"" + P1 + "\"]}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(created.json().get("token").asText()).hasSizeGreaterThan(40);
    assertThat(created.json().get("mqtt").get("username").asText()).isEqualTo("app:" + id);
    assertThat(created.json().get("mqtt").get("port").asInt()).isEqualTo(server.mqttPort());

    JsonNode read = server.rest().get("/applications/" + id).json();
    assertThat(read.get("name").asText()).isEqualTo("crm");
    assertThat(read.get("productIds")).extracting(JsonNode::asText).containsExactly(P1);
    assertThat(read.has("token")).isFalse();
    assertThat(server.rest().get("/applications").body()).contains(id).doesNotContain(created.json().get("token").asText());

    RestClient.Response patched =
        server.rest().patch("/applications/" + id, "{\"productIds\":[\"" + P1 + "\",\"" + P2 + "\"]}");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().get("productIds")).extracting(JsonNode::asText).containsExactly(P1, P2);

    assertThat(server.rest().delete("/applications/" + id).status()).isEqualTo(204);
    assertThat(server.rest().get("/applications/" + id).status()).isEqualTo(404);
    assertThat(server.rest().delete("/applications/" + id).status()).isEqualTo(404);
  }

  @Test
  void badRequestsAreRefusedWithTheField() {
    RestClient.Response noProducts = server.rest().post("/applications", "{\"name\":\"x\",\"productIds\":[]}");
    assertThat(noProducts.status()).isEqualTo(400);
    assertThat(noProducts.json().get("detail").asText()).contains("productIds");
    assertThat(server.rest().post("/applications", "{\"name\":\"x\"}").status()).isEqualTo(400);
    assertThat(server.rest().post("/applications", "{\"productIds\":[\"" + P1 + "\"]}").status()).isEqualTo(400);
    assertThat(server.rest().post("/applications", "{\"name\":\"x\",\"productIds\":[\"nope\"]}").status()).isEqualTo(404);
    RestClient.Response unknownField =
        server.rest().post("/applications", "{\"name\":\"x\",\"productIds\":[\"" + P1 + "\"],\"admin\":true}");
    assertThat(unknownField.status()).isEqualTo(400);
  }

  // ---- receiving events -----------------------------------------------------------------------

  @Test
  void anApplicationReceivesDataPointsAndStatusOfItsProducts() throws Exception {
    App app = createApp(P1);
    Mqtt3BlockingClient client = connectApp(app, "dash-1");
    try (Mqtt3BlockingClient.Mqtt3Publishes inbox = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
      var ack =
          client.subscribeWith()
              .addSubscription().topicFilter("$app/" + P1 + "/+/dp").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
              .addSubscription().topicFilter("$app/" + P1 + "/+/status").qos(MqttQos.AT_MOST_ONCE).applySubscription()
              .send();
      assertThat(ack.getReturnCodes())
          .containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1, Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_0);

      try (MqttClients.Device d = device(P1, "app-sensor-1")) {
        JsonNode online = next(inbox);
        assertThat(online.get("_topic").asText()).isEqualTo("$app/" + P1 + "/app-sensor-1/status");
        assertThat(online.get("type").asText()).isEqualTo("status");
        assertThat(online.get("productId").asText()).isEqualTo(P1);
        assertThat(online.get("device").asText()).isEqualTo("app-sensor-1");
        assertThat(online.get("data").toString()).contains("online");

        upload(d, 21);
        JsonNode dp = next(inbox);
        assertThat(dp.get("_topic").asText()).isEqualTo("$app/" + P1 + "/app-sensor-1/dp");
        assertThat(dp.get("type").asText()).isEqualTo("datapoints");
        assertThat(dp.get("data").toString()).contains("temp").contains("21");
        assertThat(dp.get("time").asLong()).isPositive();
      }
      JsonNode offline = next(inbox);
      assertThat(offline.get("_topic").asText()).endsWith("/app-sensor-1/status");
      assertThat(offline.get("data").toString()).contains("offline").contains("client_disconnect");
    } finally {
      client.disconnect();
    }
  }

  @Test
  void anApplicationNeverReceivesProductsOutsideItsScope() throws Exception {
    App app = createApp(P1);
    Mqtt3BlockingClient client = connectApp(app, "scoped");
    try (Mqtt3BlockingClient.Mqtt3Publishes inbox = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
      List<Mqtt3SubAckReturnCode> refused;
      try {
        refused = client.subscribeWith()
              .addSubscription().topicFilter("$app/" + P2 + "/+/dp").applySubscription()
              .addSubscription().topicFilter("#").applySubscription()
              .addSubscription().topicFilter("$sys/" + P1 + "/+/dp/post/json").applySubscription()
              .addSubscription().topicFilter("$app/" + P1 + "/+/secrets").applySubscription()
              .addSubscription().topicFilter("$app/+/+/dp").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
              .send()
              .getReturnCodes();
      } catch (Mqtt3SubAckException e) {
        refused = e.getMqttMessage().getReturnCodes();
      }
      assertThat(refused)
          .containsExactly(
              Mqtt3SubAckReturnCode.FAILURE,
              Mqtt3SubAckReturnCode.FAILURE,
              Mqtt3SubAckReturnCode.FAILURE,
              Mqtt3SubAckReturnCode.FAILURE,
              Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_1);

      // The wildcard covers every product, but only those in scope deliver: P2's upload comes first
      // and must not arrive before (or after) P1's.
      try (MqttClients.Device other = device(P2, "app-foreign");
          MqttClients.Device mine = device(P1, "app-mine")) {
        upload(other, 1);
        upload(mine, 2);
        JsonNode first = next(inbox);
        assertThat(first.get("productId").asText()).isEqualTo(P1);
        assertThat(first.get("device").asText()).isEqualTo("app-mine");
        upload(mine, 3);
        assertThat(next(inbox).get("data").toString()).contains("3");
      }
    } finally {
      client.disconnect();
    }
  }

  @Test
  void narrowingTheScopeStopsDeliveryAtOnce() throws Exception {
    App app = createApp(P1, P2);
    Mqtt3BlockingClient client = connectApp(app, "narrowed");
    try (Mqtt3BlockingClient.Mqtt3Publishes inbox = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
      client.subscribeWith().topicFilter("$app/+/+/dp").qos(MqttQos.AT_LEAST_ONCE).send();
      try (MqttClients.Device d2 = device(P2, "app-narrow-2");
          MqttClients.Device d1 = device(P1, "app-narrow-1")) {
        upload(d2, 1);
        assertThat(next(inbox).get("productId").asText()).isEqualTo(P2);
        assertThat(server.rest().patch("/applications/" + app.id(), "{\"productIds\":[\"" + P1 + "\"]}").status())
            .isEqualTo(200);
        upload(d2, 2);
        upload(d1, 3);
        JsonNode after = next(inbox);
        assertThat(after.get("productId").asText()).isEqualTo(P1);
      }
    } finally {
      client.disconnect();
    }
  }

  // ---- what applications and devices may not do ---------------------------------------------------

  @Test
  void wrongTokensAndUnknownApplicationsAreRefused() {
    App app = createApp(P1);
    assertThat(MqttClients.tryConnect(server.mqttPort(), "x", app.username(), app.token() + "x"))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(MqttClients.tryConnect(server.mqttPort(), "x", "app:0000000000000000", app.token()))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    // A device's credentials under an application username are not an application's.
    server.rest().createDevice(P1, "app-impostor");
    JsonNode c = server.rest().connection(P1, "app-impostor");
    assertThat(MqttClients.tryConnect(server.mqttPort(), c.get("clientId").asText(), app.username(), c.get("password").asText()))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    // ... nor does an application token open a device.
    assertThat(MqttClients.tryConnect(server.mqttPort(), "app-impostor", P1, app.token()))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
  }

  @Test
  void anApplicationThatPublishesIsDisconnected() throws Exception {
    App app = createApp(P1);
    try (RawMqttClient c = rawApp(app, "publisher", true, false)) {
      c.write(RawMqttClient.publish("$sys/" + P1 + "/app-any/dp/post/json", 1, false, 1, "{}".getBytes(StandardCharsets.UTF_8)));
      assertThat(c.awaitClose()).isTrue();
    }
    assertThat(server.rest().get("/metrics").body()).contains("reason=\"not_authorized\"");
  }

  @Test
  void devicesCannotReachApplicationTopics() throws Exception {
    App app = createApp(P1);
    Mqtt3BlockingClient client = connectApp(app, "watcher");
    try (Mqtt3BlockingClient.Mqtt3Publishes inbox = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
      client.subscribeWith().topicFilter("$app/" + P1 + "/+/+").qos(MqttQos.AT_LEAST_ONCE).send();

      // OneNET: subscribing or publishing outside $sys/{pid}/{dn}/ is refused; nothing reaches the app.
      server.rest().createDevice(P1, "app-nosy");
      try (RawMqttClient raw = new RawMqttClient(server.mqttPort())) {
        JsonNode c = server.rest().connection(P1, "app-nosy");
        raw.write(RawMqttClient.connect(4, RawMqttClient.ONENET_FLAGS, 60, c.get("clientId").asText(),
            c.get("username").asText(), c.get("password").asText()));
        assertThat(RawMqttClient.connackCode(raw.read())).isZero();
        raw.write(RawMqttClient.subscribe(1, 1, "$app/" + P1 + "/+/dp"));
        Packet suback = raw.read();
        assertThat(suback == null || (suback.type() == 9 && (suback.body()[2] & 0xFF) == 0x80))
            .as("refused or closed").isTrue();
      }
      try (RawMqttClient raw = new RawMqttClient(server.mqttPort())) {
        JsonNode c = server.rest().connection(P1, "app-nosy");
        raw.write(RawMqttClient.connect(4, RawMqttClient.ONENET_FLAGS, 60, c.get("clientId").asText(),
            c.get("username").asText(), c.get("password").asText()));
        assertThat(RawMqttClient.connackCode(raw.read())).isZero();
        raw.write(RawMqttClient.publish("$app/" + P1 + "/app-other/dp", 1, false, 1, "{\"fake\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThat(raw.awaitClose()).isTrue(); // OneNET closes on a topic outside its grammar
      }
      // Alibaba: $app is in none of its categories.
      server.rest().createDevice(aliyunPk, "app-nosy-ali");
      JsonNode c = server.rest().connection(aliyunPk, "app-nosy-ali");
      try (RawMqttClient raw = new RawMqttClient(server.mqttPort())) {
        raw.write(RawMqttClient.connect(4, 0xC2, 60, c.get("clientId").asText(), c.get("username").asText(), c.get("password").asText()));
        assertThat(RawMqttClient.connackCode(raw.read())).isZero();
        raw.write(RawMqttClient.subscribe(1, 1, "$app/#", "$app/" + P1 + "/+/dp"));
        Packet suback = raw.read();
        assertThat(suback.type()).isEqualTo(9);
        assertThat(suback.body()[2] & 0xFF).isEqualTo(0x80);
        assertThat(suback.body()[3] & 0xFF).isEqualTo(0x80);
        raw.write(RawMqttClient.publish("$app/" + P1 + "/app-other/dp", 1, false, 2, "{\"fake\":1}".getBytes(StandardCharsets.UTF_8)));
        raw.read(); // acknowledged and dropped (B.5), or closed
      }

      // The first thing the application receives is the nosy device's own status, never the fakes.
      List<String> seen = new ArrayList<>();
      try (MqttClients.Device d = device(P1, "app-honest")) {
        upload(d, 7);
        JsonNode e;
        do {
          e = next(inbox);
          seen.add(e.toString());
        } while (!"datapoints".equals(e.get("type").asText()));
        assertThat(e.get("device").asText()).isEqualTo("app-honest");
      }
      assertThat(seen).noneMatch(s -> s.contains("fake"));
    } finally {
      client.disconnect();
    }
  }

  @Test
  void deletingTheApplicationClosesItsConnectionsAndRefusesItsToken() throws Exception {
    App app = createApp(P1);
    try (RawMqttClient c = rawApp(app, "doomed", true, false)) {
      assertThat(server.rest().delete("/applications/" + app.id()).status()).isEqualTo(204);
      assertThat(c.awaitClose()).isTrue();
    }
    assertThat(MqttClients.tryConnect(server.mqttPort(), "doomed", app.username(), app.token()))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
  }

  @Test
  void aBurstBeyondTheInFlightWindowWaitsForAcknowledgementsInsteadOfCuttingTheApplicationOff() throws Exception {
    App app = createApp(P1);
    int burst = 1024 + 300; // more than one connection may have in flight (PacketIds.MAX_IN_FLIGHT)
    try (RawMqttClient c = rawApp(app, "bursty", true, false)) {
      c.write(RawMqttClient.subscribe(1, 1, "$app/" + P1 + "/app-burst/dp"));
      c.read();
      try (MqttClients.Device d = device(P1, "app-burst")) {
        for (int i = 1; i <= burst; i++) {
          d.publish("$sys/" + P1 + "/app-burst/dp/post/json", "{\"id\":" + i + ",\"dp\":{\"n\":[{\"v\":" + i + "}]}}", MqttQos.AT_MOST_ONCE);
        }
        upload(d, 0); // QoS 1: acknowledged once every earlier upload is stored too
      }
      // Read the first window without acknowledging: nothing more may come, the rest waits.
      List<Publish> unacknowledged = new ArrayList<>();
      for (int i = 0; i < 1024; i++) {
        unacknowledged.add(c.readPublish());
      }
      int expected = 1;
      for (Publish p : unacknowledged) {
        assertThat(json(p.payload()).get("data").toString()).contains("\"value\":" + expected++);
        c.write(RawMqttClient.puback(p.packetId()));
      }
      // Acknowledged: the waiting ones follow, in order, on the same connection.
      for (; expected <= burst; expected++) {
        Publish p = c.readPublish();
        assertThat(json(p.payload()).get("data").toString()).contains("\"value\":" + expected);
        c.write(RawMqttClient.puback(p.packetId()));
      }
      assertThat(c.pings()).isTrue();
    }
  }

  // ---- persistent sessions ----------------------------------------------------------------------

  @Test
  void aPersistentSessionQueuesEventsDurablyAcrossARestart() throws Exception {
    App app = createApp(P1);
    String filter = "$app/" + P1 + "/app-durable/dp";
    try (RawMqttClient c = rawApp(app, "archiver", false, false)) {
      c.write(RawMqttClient.subscribe(1, 1, filter));
      Packet suback = c.read();
      assertThat(suback.body()[2] & 0xFF).isEqualTo(1);
      c.write(RawMqttClient.disconnect());
    }
    try (MqttClients.Device d = device(P1, "app-durable")) {
      for (int i = 1; i <= 3; i++) {
        upload(d, i); // each PUBACKed only once queued for the away application
      }
    }

    server.restart();

    try (RawMqttClient c = rawApp(app, "archiver", false, true)) {
      for (int i = 1; i <= 3; i++) {
        Publish p = c.readPublish();
        assertThat(p.topic()).isEqualTo(filter);
        assertThat(p.qos()).isEqualTo(1);
        assertThat(json(p.payload()).get("data").toString()).contains("\"value\":" + i);
        c.write(RawMqttClient.puback(p.packetId()));
      }
      c.write(RawMqttClient.disconnect());
    }
    // Acknowledged: gone. The next thing the session gets is the next upload.
    try (MqttClients.Device d = MqttClients.connect(server, P1, "app-durable")) {
      upload(d, 4);
    }
    try (RawMqttClient c = rawApp(app, "archiver", false, true)) {
      Publish p = c.readPublish();
      assertThat(json(p.payload()).get("data").toString()).contains("\"value\":4");
      c.write(RawMqttClient.puback(p.packetId()));
    }
  }

  @Test
  void anAwaySessionKeepsOnlyTheNewestEventsUpToTheCap() throws Exception {
    App app = createApp(P1);
    String filter = "$app/" + P1 + "/app-capped/dp";
    try (RawMqttClient c = rawApp(app, "capped", false, false)) {
      c.write(RawMqttClient.subscribe(1, 1, filter));
      c.read();
      c.write(RawMqttClient.disconnect());
    }
    try (MqttClients.Device d = device(P1, "app-capped")) {
      for (int i = 1; i <= CAP + 3; i++) {
        upload(d, i);
      }
    }
    try (RawMqttClient c = rawApp(app, "capped", false, true)) {
      for (int i = 4; i <= CAP + 3; i++) {
        Publish p = c.readPublish();
        assertThat(json(p.payload()).get("data").toString()).contains("\"value\":" + i);
        c.write(RawMqttClient.puback(p.packetId()));
      }
      c.write(RawMqttClient.disconnect());
    }
    assertThat(server.rest().get("/metrics").body()).contains("session_queue_full");
  }

  @Test
  void aCleanLoginForgetsTheSession() throws Exception {
    App app = createApp(P1);
    try (RawMqttClient c = rawApp(app, "forgetful", false, false)) {
      c.write(RawMqttClient.subscribe(1, 1, "$app/" + P1 + "/app-forgotten/dp"));
      c.read();
      c.write(RawMqttClient.disconnect());
    }
    try (RawMqttClient c = rawApp(app, "forgetful", true, false)) {
      c.write(RawMqttClient.disconnect());
    }
    try (MqttClients.Device d = device(P1, "app-forgotten")) {
      upload(d, 1);
    }
    try (RawMqttClient c = rawApp(app, "forgetful", false, false)) {
      // No session, no subscription: a fresh subscription gets only what comes next.
      c.write(RawMqttClient.subscribe(2, 1, "$app/" + P1 + "/app-forgotten/dp"));
      Packet suback = c.read();
      assertThat(suback.type()).as(RawMqttClient.describe(suback)).isEqualTo(9);
      try (MqttClients.Device d = MqttClients.connect(server, P1, "app-forgotten")) {
        upload(d, 2);
      }
      Publish p = c.readPublish();
      assertThat(json(p.payload()).get("data").toString()).contains("\"value\":2");
    }
  }

  @Test
  void twoClientsOfOneApplicationEachGetEveryEvent() throws Exception {
    App app = createApp(P1);
    Mqtt3BlockingClient a = connectApp(app, "replica-a");
    Mqtt3BlockingClient b = connectApp(app, "replica-b");
    try (var inboxA = a.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL);
        var inboxB = b.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
      a.subscribeWith().topicFilter("$app/" + P1 + "/app-shared/dp").qos(MqttQos.AT_LEAST_ONCE).send();
      b.subscribeWith().topicFilter("$app/" + P1 + "/+/#").qos(MqttQos.AT_LEAST_ONCE).send();
      try (MqttClients.Device d = device(P1, "app-shared")) {
        upload(d, 5);
        assertThat(next(inboxA).get("device").asText()).isEqualTo("app-shared");
        JsonNode e;
        do {
          e = next(inboxB);
        } while (!"datapoints".equals(e.get("type").asText()));
        assertThat(e.get("data").toString()).contains("5");
      }
      await().until(() -> a.getState().isConnected() && b.getState().isConnected());
    } finally {
      a.disconnect();
      b.disconnect();
    }
  }
}
