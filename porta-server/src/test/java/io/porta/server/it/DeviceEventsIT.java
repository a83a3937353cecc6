package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.porta.server.it.RawMqttClient.Publish;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The online/offline history (issue 4 §3) end to end: real devices connect and leave, the REST API
 * shows why and from where. The history is written asynchronously, so every check polls the API until
 * the entries it expects are there.
 */
class DeviceEventsIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String PID = "onevents1";
  static PortaTestServer server;
  static TrustManagerFactory trust;

  @BeforeAll
  static void start() throws Exception {
    // This class logs devices in many times.
    server = PortaTestServer.start(Map.of("porta.onenet.rate-limits.connect", "10000"));
    trust = TransportIT.trustGeneratedCertificate(server);
    server.rest().createProduct("onenet", PID);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void connectAndDisconnectAreOnlineThenOfflineWithReasonAndRemoteAddress() {
    server.rest().createDevice(PID, "ev-plain");
    String address;
    try (MqttClients.Device d = MqttClients.connect(server, PID, "ev-plain")) {
      address = remoteAddress(PID, "ev-plain");
    }

    List<JsonNode> items = awaitEvents(PID, "ev-plain", "type=status", list -> list.size() >= 2);
    assertThat(items).hasSize(2);
    JsonNode offline = items.get(0);
    JsonNode online = items.get(1);
    assertThat(offline.get("type").asText()).isEqualTo("status");
    assertThat(offline.get("identifier").asText()).isEqualTo("offline");
    assertThat(offline.get("data").get("reason").asText()).isEqualTo("client_disconnect");
    assertThat(offline.get("data").get("remoteAddress").asText()).isEqualTo(address);
    assertThat(online.get("type").asText()).isEqualTo("status");
    assertThat(online.get("identifier").asText()).isEqualTo("online");
    assertThat(online.get("time").asLong()).isLessThanOrEqualTo(offline.get("time").asLong());
    JsonNode data = online.get("data");
    assertThat(data.has("reason")).isFalse();
    assertThat(data.get("remoteAddress").asText()).isEqualTo(address);
    assertThat(data.get("listener").asText()).isEqualTo("mqtt");
    assertThat(data.get("protocolLevel").asInt()).isEqualTo(4);
    assertThat(data.get("keepAlive").asInt()).isEqualTo(60);
    assertThat(data.get("cleanSession").asBoolean()).isTrue();
  }

  @Test
  void aSecondLoginEndsTheFirstWithTakeover() {
    server.rest().createDevice(PID, "ev-takeover");
    String firstAddress;
    String secondAddress;
    try (MqttClients.Device first = MqttClients.connect(server, PID, "ev-takeover")) {
      firstAddress = remoteAddress(PID, "ev-takeover");
      try (MqttClients.Device second = MqttClients.connect(server, PID, "ev-takeover")) {
        await().until(() -> !first.client.getState().isConnected());
        secondAddress = remoteAddress(PID, "ev-takeover");
      }
    }
    assertThat(secondAddress).isNotEqualTo(firstAddress);

    List<JsonNode> items = awaitEvents(PID, "ev-takeover", "type=status", list -> offlines(list).size() >= 2);
    assertThat(items).hasSize(4);
    JsonNode takeover = withReason(items, "takeover");
    assertThat(takeover.get("data").get("remoteAddress").asText()).isEqualTo(firstAddress);
    assertThat(withReason(items, "client_disconnect").get("data").get("remoteAddress").asText())
        .isEqualTo(secondAddress);
    // Both logins are there, oldest last.
    assertThat(items.get(3).get("identifier").asText()).isEqualTo("online");
    assertThat(items.get(3).get("data").get("remoteAddress").asText()).isEqualTo(firstAddress);
  }

  @Test
  void disablingTheDeviceIsOfflineWithDeviceDisabled() {
    server.rest().createDevice(PID, "ev-disable");
    try (MqttClients.Device d = MqttClients.connect(server, PID, "ev-disable")) {
      assertThat(server.rest().patch("/products/" + PID + "/devices/ev-disable", "{\"enabled\":false}").status())
          .isEqualTo(200);
      await().until(() -> !d.client.getState().isConnected());
    }

    List<JsonNode> items = awaitEvents(PID, "ev-disable", "type=status", list -> !offlines(list).isEmpty());
    assertThat(items).extracting(e -> e.get("identifier").asText()).containsExactly("offline", "online");
    assertThat(items.get(0).get("data").get("reason").asText()).isEqualTo("device_disabled");
  }

  @Test
  void anAlibabaRegistrationConnectionIsNotRecorded() throws Exception {
    JsonNode product =
        server.rest()
            .post("/products", "{\"name\":\"reg\",\"dialect\":\"aliyun\",\"options\":{\"dynamicRegistration\":\"register\"}}")
            .json();
    String pk = product.get("id").asText();
    String dn = "ev-registered";
    server.rest().createDevice(pk, dn);
    double disconnectsBefore = disconnects("client_disconnect");
    String secret;
    try (RawMqttClient reg = RawMqttClient.tls(server.mqttsPort(), trust)) {
      reg.write(AliyunRegistrationIT.registrationConnect(product, dn, "register"));
      assertThat(RawMqttClient.connackCode(reg.read())).isZero();
      Publish answer = reg.readPublish();
      secret = JSON.readTree(answer.text()).get("deviceSecret").asText();
      reg.write(RawMqttClient.disconnect());
      assertThat(reg.awaitClose()).isTrue();
    }
    // The server has finished with the registration connection: anything it recorded is queued by now.
    await().until(() -> disconnects("client_disconnect") > disconnectsBefore);
    try (RawMqttClient device = new RawMqttClient(server.mqttPort())) {
      assertThat(AliyunRegistrationIT.loginWithSecret(device, pk, dn, secret)).isZero();
      device.write(RawMqttClient.disconnect());
      assertThat(device.awaitClose()).isTrue();
    }

    // The history is written in order: once the login's offline is there, a registration entry would be.
    List<JsonNode> items = awaitEvents(pk, dn, "", list -> !offlines(list).isEmpty());
    assertThat(items).extracting(e -> e.get("identifier").asText()).containsExactly("offline", "online");
    assertThat(items).allSatisfy(e -> assertThat(e.get("data").get("listener").asText()).isEqualTo("mqtt"));
  }

  @Test
  void fromToAndLimitNarrowTheList() {
    server.rest().createDevice(PID, "ev-range");
    for (int i = 0; i < 2; i++) {
      try (MqttClients.Device d = MqttClients.connect(server, PID, "ev-range")) {
        assertThat(d.client.getState().isConnected()).isTrue();
      }
    }
    List<JsonNode> all = awaitEvents(PID, "ev-range", "type=status", list -> list.size() >= 4);
    assertThat(all).hasSize(4);
    assertThat(all).extracting(e -> e.get("identifier").asText()).containsExactly("offline", "online", "offline", "online");
    assertThat(events(PID, "ev-range", "")).isEqualTo(all);
    assertThat(events(PID, "ev-range", "type=event")).isEmpty();

    long newer = all.get(1).get("time").asLong();
    long older = all.get(2).get("time").asLong();
    assertThat(events(PID, "ev-range", "type=status&limit=2")).isEqualTo(all.subList(0, 2));
    assertThat(events(PID, "ev-range", "type=status&from=" + newer)).isEqualTo(timesWithin(all, newer, Long.MAX_VALUE));
    assertThat(events(PID, "ev-range", "type=status&to=" + older)).isEqualTo(timesWithin(all, Long.MIN_VALUE, older));
    assertThat(events(PID, "ev-range", "type=status&from=" + older + "&to=" + newer + "&limit=1"))
        .isEqualTo(timesWithin(all, older, newer).subList(0, 1));
    assertThat(server.rest().get("/products/" + PID + "/devices/ev-range/events?limit=0").status()).isEqualTo(400);
    assertThat(server.rest().get("/products/" + PID + "/devices/nobody/events").status()).isEqualTo(404);
  }

  /** Polls the history until {@code done} holds (the writer is asynchronous). */
  static List<JsonNode> awaitEvents(String pid, String dn, String query, Predicate<List<JsonNode>> done) {
    List<List<JsonNode>> last = new ArrayList<>(List.of(List.of()));
    await().until(
        () -> {
          last.set(0, events(pid, dn, query));
          return done.test(last.get(0));
        });
    return last.get(0);
  }

  static List<JsonNode> events(String pid, String dn, String query) {
    RestClient.Response r = server.rest().get("/products/" + pid + "/devices/" + dn + "/events?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<JsonNode> items = new ArrayList<>();
    r.json().get("items").forEach(items::add);
    return items;
  }

  static List<JsonNode> offlines(List<JsonNode> items) {
    return items.stream().filter(e -> e.get("identifier").asText().equals("offline")).toList();
  }

  static JsonNode withReason(List<JsonNode> items, String reason) {
    return offlines(items).stream()
        .filter(e -> e.get("data").get("reason").asText().equals(reason))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no offline with reason " + reason + " in " + items));
  }

  static List<JsonNode> timesWithin(List<JsonNode> items, long from, long to) {
    return items.stream()
        .filter(e -> e.get("time").asLong() >= from && e.get("time").asLong() <= to)
        .toList();
  }

  /** The address the server sees for the device's live connection. */
  static String remoteAddress(String pid, String dn) {
    JsonNode device = server.rest().get("/products/" + pid + "/devices/" + dn).json();
    assertThat(device.get("online").asBoolean()).isTrue();
    return device.get("remoteAddress").asText();
  }

  /** {@code porta_disconnects_total} for one reason, from {@code /metrics}. */
  static double disconnects(String reason) {
    for (String line : server.rest().get("/metrics").body().split("\n")) {
      if (line.startsWith("porta_disconnects_total{") && line.contains("reason=\"" + reason + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }
}
