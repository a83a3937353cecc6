package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.server.it.RawMqttClient.Packet;
import io.porta.server.it.RawMqttClient.Publish;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Alibaba persistent sessions (issue 3 §2, design.md "Sessions") seen on the wire: cleanSession = 0
 * keeps subscriptions and unacknowledged QoS 1 downlinks across disconnects and server restarts,
 * resends carry DUP, session-present is exact, cleanSession = 1 forgets the session, and the
 * per-device cap drops the oldest.
 */
class AliyunSessionIT {
  static final int CAP = 3;
  static PortaTestServer server;
  static String pk;

  @BeforeAll
  static void start() throws Exception {
    server = PortaTestServer.start(Map.of("porta.sessions.max-queued-per-device", String.valueOf(CAP)));
    pk = server.rest().post("/products", "{\"name\":\"meters\",\"dialect\":\"aliyun\"}").json().get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A device logged in over a raw socket; {@code sessionPresent} as its CONNACK said. */
  record Login(RawMqttClient client, boolean sessionPresent) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      client.write(RawMqttClient.disconnect());
      client.close();
    }
  }

  static Login login(String dn, boolean cleanSession) throws Exception {
    JsonNode c = server.rest().connection(pk, dn);
    RawMqttClient client = new RawMqttClient(server.mqttPort());
    int flags = 0xC0 | (cleanSession ? 0x02 : 0);
    client.write(
        RawMqttClient.connect(
            4, flags, 60, c.get("clientId").asText(), c.get("username").asText(), c.get("password").asText()));
    Packet connack = client.read();
    assertThat(RawMqttClient.connackCode(connack)).isZero();
    return new Login(client, (connack.body()[0] & 1) == 1);
  }

  static String get(String dn) {
    return "/" + pk + "/" + dn + "/get";
  }

  static void subscribe(Login login, String filter) throws Exception {
    login.client().write(RawMqttClient.subscribe(1, 1, filter));
    Packet suback = login.client().read();
    assertThat(suback.type()).isEqualTo(9);
    assertThat(suback.body()[2]).isEqualTo((byte) 1);
  }

  static JsonNode send(String dn, String text) {
    RestClient.Response r =
        server.rest().post(
            "/products/" + pk + "/devices/" + dn + "/messages",
            "{\"topic\":\"" + get(dn) + "\",\"payload\":\"" + text + "\",\"encoding\":\"text\",\"qos\":1}");
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r.json();
  }

  @Test
  void queuedMessagesSurviveARestartAndAreResentWithDupUntilAcknowledged() throws Exception {
    String dn = "meter-restart";
    server.rest().createDevice(pk, dn);
    try (Login first = login(dn, false)) {
      assertThat(first.sessionPresent()).isFalse();
      subscribe(first, get(dn));
    }
    assertThat(send(dn, "while-away").get("status").asText()).isEqualTo("queued");

    server.restart();

    // The stored subscription delivers without a new SUBSCRIBE; first delivery: DUP 0.
    try (Login second = login(dn, false)) {
      assertThat(second.sessionPresent()).isTrue();
      Publish p = second.client().readPublish();
      assertThat(p.topic()).isEqualTo(get(dn));
      assertThat(p.text()).isEqualTo("while-away");
      assertThat(p.qos()).isEqualTo(1);
      assertThat(p.dup()).isFalse();
      // not acknowledged
    }
    try (Login third = login(dn, false)) {
      assertThat(third.sessionPresent()).isTrue();
      Publish again = third.client().readPublish();
      assertThat(again.text()).isEqualTo("while-away");
      assertThat(again.dup()).isTrue();
      third.client().write(RawMqttClient.puback(again.packetId()));
    }
    try (Login fourth = login(dn, false)) {
      // Acknowledged: gone. The next message is the first thing this connection receives.
      assertThat(send(dn, "online").get("status").asText()).isEqualTo("delivered");
      Publish next = fourth.client().readPublish();
      assertThat(next.text()).isEqualTo("online");
      assertThat(next.dup()).isFalse();
      fourth.client().write(RawMqttClient.puback(next.packetId()));
    }
  }

  @Test
  void cleanSessionForgetsTheStoredSessionAndItsQueue() throws Exception {
    String dn = "meter-clean";
    server.rest().createDevice(pk, dn);
    try (Login first = login(dn, false)) {
      subscribe(first, get(dn));
    }
    send(dn, "forgotten");
    try (Login clean = login(dn, true)) {
      assertThat(clean.sessionPresent()).isFalse();
    }
    try (Login again = login(dn, false)) {
      assertThat(again.sessionPresent()).isFalse();
      // No subscription survived: a message now is refused as not subscribed, nothing queued arrives.
      RestClient.Response r =
          server.rest().post(
              "/products/" + pk + "/devices/" + dn + "/messages",
              "{\"topic\":\"" + get(dn) + "\",\"payload\":\"x\",\"encoding\":\"text\",\"qos\":0}");
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.json().get("code").asText()).isEqualTo("not_subscribed");
    }
  }

  @Test
  void unsubscribeIsStoredWithTheSession() throws Exception {
    String dn = "meter-unsub";
    server.rest().createDevice(pk, dn);
    try (Login first = login(dn, false)) {
      subscribe(first, get(dn));
      first.client().write(RawMqttClient.unsubscribe(2, get(dn)));
      assertThat(first.client().read().type()).isEqualTo(11); // UNSUBACK
    }
    try (Login second = login(dn, false)) {
      assertThat(second.sessionPresent()).isTrue();
      RestClient.Response r =
          server.rest().post(
              "/products/" + pk + "/devices/" + dn + "/messages",
              "{\"topic\":\"" + get(dn) + "\",\"payload\":\"x\",\"encoding\":\"text\",\"qos\":0}");
      assertThat(r.json().get("code").asText()).isEqualTo("not_subscribed");
    }
  }

  @Test
  void theQueueKeepsTheNewestUpToItsCap() throws Exception {
    String dn = "meter-cap";
    server.rest().createDevice(pk, dn);
    try (Login first = login(dn, false)) {
      subscribe(first, get(dn));
    }
    double droppedBefore = dropped();
    for (int i = 1; i <= CAP + 2; i++) {
      assertThat(send(dn, "m" + i).get("status").asText()).isEqualTo("queued");
    }
    assertThat(dropped() - droppedBefore).isEqualTo(2);
    try (Login again = login(dn, false)) {
      for (int i = 3; i <= CAP + 2; i++) {
        Publish p = again.client().readPublish();
        assertThat(p.text()).isEqualTo("m" + i);
        again.client().write(RawMqttClient.puback(p.packetId()));
      }
    }
  }

  @Test
  void aQos0SubscriptionGetsQueuedMessagesAtQos0OnceOnly() throws Exception {
    String dn = "meter-qos0";
    server.rest().createDevice(pk, dn);
    try (Login first = login(dn, false)) {
      first.client().write(RawMqttClient.subscribe(1, 0, get(dn)));
      Packet suback = first.client().read();
      assertThat(suback.body()[2]).as("granted QoS").isEqualTo((byte) 0);
    }
    send(dn, "at-most-once");
    try (Login again = login(dn, false)) {
      Publish p = again.client().readPublish();
      assertThat(p.text()).isEqualTo("at-most-once");
      assertThat(p.qos()).as("§3.8.4: never above the granted QoS").isZero();
    }
    // Sent at QoS 0 it is done with: the next login gets the next message first.
    try (Login third = login(dn, false)) {
      assertThat(send(dn, "next").get("status").asText()).isEqualTo("delivered");
      assertThat(third.client().readPublish().text()).isEqualTo("next");
    }
  }

  @Test
  void qos1ToAnOfflineDeviceWithoutASessionIsRefused() {
    String dn = "meter-never";
    server.rest().createDevice(pk, dn);
    RestClient.Response r =
        server.rest().post(
            "/products/" + pk + "/devices/" + dn + "/messages",
            "{\"topic\":\"" + get(dn) + "\",\"payload\":\"x\",\"encoding\":\"text\",\"qos\":1}");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().get("code").asText()).isEqualTo("device_offline");
  }

  static double dropped() {
    String metrics = new RestClient("http://127.0.0.1:" + server.httpPort(), null).get("/metrics").body();
    double total = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("porta_messages_dropped_total{") && line.contains("reason=\"session_queue_full\"")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }
}
