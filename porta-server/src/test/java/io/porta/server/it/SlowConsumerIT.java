package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.porta.server.it.RawMqttClient.Packet;
import io.porta.server.it.RawMqttClient.Publish;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A device that stops reading its socket while applications keep sending to it (issue 7 §3,
 * design.md "Backpressure"): once more than its outbound budget waits for it, it is disconnected
 * (slow_consumer), what the server accepted for it stays bounded, its persistent session keeps the
 * QoS 1 messages it never acknowledged, and other devices go on being served.
 */
class SlowConsumerIT {
  /** The outbound budget under test: far below what the floods below send. */
  static final int BUDGET = 64 * 1024;

  static final int CHUNK = 32 * 1024;
  static final int MAX_SENDS = 1000; // 32 MB: without the budget the flood would all be accepted

  static PortaTestServer server;
  static String pk;
  static final String ONENET = "onslow01";

  @BeforeAll
  static void start() throws Exception {
    server =
        PortaTestServer.start(
            Map.of(
                "porta.mqtt.write-buffer-low-water-mark", "8192",
                "porta.mqtt.write-buffer-high-water-mark", "16384",
                "porta.mqtt.max-pending-outbound-bytes", String.valueOf(BUDGET)));
    pk = server.rest().post("/products", "{\"name\":\"sinks\",\"dialect\":\"aliyun\"}").json().get("id").asText();
    server.rest().createProduct("onenet", ONENET);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void deviceThatStopsReadingMessagesIsDisconnectedAndKeepsWhatItDidNotAcknowledge() throws Exception {
    String dn = "sink";
    server.rest().createDevice(pk, dn);
    server.rest().createDevice(pk, "steady");
    double before = disconnects();
    try (MqttClients.Device steady = MqttClients.connect(server, pk, "steady");
        RawMqttClient sink = RawMqttClient.withReceiveBuffer(server.mqttPort(), 4096)) {
      login(sink, pk, dn, false);
      subscribe(sink, get(dn), 1);
      // QoS 1 into the persistent session, written to the socket, never acknowledged.
      for (int i = 1; i <= 3; i++) {
        assertThat(message(dn, "kept-" + i, 1).status()).isEqualTo(202);
      }

      // The device reads nothing more; applications keep sending.
      long accepted = 0;
      String chunk = "x".repeat(CHUNK);
      for (int i = 0; i < MAX_SENDS; i++) {
        RestClient.Response r = message(dn, chunk, 0);
        if (r.status() != 202) {
          assertThat(r.status()).as(r.body()).isEqualTo(409); // gone: offline or no longer subscribed
          break;
        }
        accepted += CHUNK;
      }

      await().atMost(Duration.ofSeconds(60)).until(() -> disconnects() == before + 1);
      // Bounded by the budget plus the sockets' kernel buffers (a few MB on loopback), far below the
      // 32 MB a server without a budget would have taken on.
      assertThat(accepted).isLessThan(16L * 1024 * 1024);
      steady.publishAcknowledged("/" + pk + "/steady/update", "still served");
    }

    // Nothing the server accepted and the device did not acknowledge is lost: the session resends it.
    try (RawMqttClient again = new RawMqttClient(server.mqttPort())) {
      assertThat(login(again, pk, dn, false)).as("session present").isTrue();
      List<String> received = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Publish p = again.readPublish();
        assertThat(p).as("queued message " + (i + 1)).isNotNull();
        assertThat(p.qos()).isEqualTo(1);
        received.add(p.text());
        again.write(RawMqttClient.puback(p.packetId()));
      }
      assertThat(received).containsExactly("kept-1", "kept-2", "kept-3");
      again.write(RawMqttClient.disconnect());
    }
  }

  @Test
  void deviceThatStopsReadingCommandsIsDisconnected() throws Exception {
    String dn = "cmd-sink";
    server.rest().createDevice(ONENET, dn);
    server.rest().createDevice(ONENET, "cmd-steady");
    double before = disconnects();
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try (MqttClients.Device steady = MqttClients.connect(server, ONENET, "cmd-steady");
        RawMqttClient sink = RawMqttClient.withReceiveBuffer(server.mqttPort(), 4096)) {
      login(sink, ONENET, dn, true);
      subscribe(sink, "$sys/" + ONENET + "/" + dn + "/cmd/#", 0);

      String body = "{\"payload\":\"" + "c".repeat(CHUNK) + "\",\"encoding\":\"text\",\"timeoutMs\":1000}";
      List<CompletableFuture<RestClient.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        calls.add(
            CompletableFuture.supplyAsync(
                () -> server.rest().post("/products/" + ONENET + "/devices/" + dn + "/commands", body), callers));
      }

      await().atMost(Duration.ofSeconds(120)).until(() -> disconnects() == before + 1);
      // Unanswered commands time out (504); once the device is gone they are refused (409).
      for (CompletableFuture<RestClient.Response> call : calls) {
        assertThat(call.join().status()).isIn(504, 409);
      }
      assertThat(calls.get(calls.size() - 1).join().status()).isEqualTo(409);
      steady.publishAcknowledged(steady.topic("dp/post/json"), "{\"id\":1,\"dp\":{\"t\":[{\"v\":1}]}}");
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void applicationThatStopsReadingIsDisconnectedAndDevicesKeepUploading() throws Exception {
    server.rest().createDevice(pk, "uploader");
    RestClient.Response app = server.rest().post("/applications", "{\"name\":\"sink\",\"productIds\":[\"" + pk + "\"]}");
    String username = app.json().get("mqtt").get("username").asText();
    String token = app.json().get("token").asText();
    double before = disconnects();
    try (MqttClients.Device uploader = MqttClients.connect(server, pk, "uploader");
        RawMqttClient sink = RawMqttClient.withReceiveBuffer(server.mqttPort(), 4096)) {
      sink.write(RawMqttClient.connect(4, 0xC2, 60, "sink-1", username, token));
      assertThat(RawMqttClient.connackCode(sink.read())).isZero();
      subscribe(sink, "$app/" + pk + "/+/messages", 1);

      // The application reads nothing more; the device keeps uploading, each upload acknowledged.
      String chunk = "u".repeat(CHUNK);
      int uploads = 0;
      while (disconnects() == before && uploads < MAX_SENDS) {
        for (int i = 0; i < 20; i++, uploads++) {
          uploader.publishAcknowledged("/" + pk + "/uploader/update", chunk);
        }
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> disconnects() == before + 1);
      // The application's backlog was bounded (budget plus kernel buffers), far below what was sent.
      assertThat((long) uploads * CHUNK).as("uploads before the application was cut off").isLessThan(16L * 1024 * 1024);
      assertThat(sink.awaitClose()).isTrue();
      uploader.publishAcknowledged("/" + pk + "/uploader/update", "still served");
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  static double disconnects() {
    return MetricsIT.sample(
        server.rest().get("/metrics").body(), "porta_disconnects_total", "reason=\"slow_consumer\"");
  }

  /** Logs in with the device's REST credentials. @return the CONNACK's session-present flag */
  static boolean login(RawMqttClient client, String product, String dn, boolean cleanSession) throws Exception {
    JsonNode c = server.rest().connection(product, dn);
    int flags = 0xC0 | (cleanSession ? 0x02 : 0);
    client.write(
        RawMqttClient.connect(
            4, flags, 60, c.get("clientId").asText(), c.get("username").asText(), c.get("password").asText()));
    Packet connack = client.read();
    assertThat(RawMqttClient.connackCode(connack)).as(RawMqttClient.describe(connack)).isZero();
    return (connack.body()[0] & 1) == 1;
  }

  static void subscribe(RawMqttClient client, String filter, int grantedQos) throws Exception {
    client.write(RawMqttClient.subscribe(1, 1, filter));
    Packet suback = client.read();
    assertThat(suback.type()).isEqualTo(9);
    assertThat(suback.body()[2]).isEqualTo((byte) grantedQos);
  }

  static String get(String dn) {
    return "/" + pk + "/" + dn + "/get";
  }

  static RestClient.Response message(String dn, String text, int qos) {
    return server.rest()
        .post(
            "/products/" + pk + "/devices/" + dn + "/messages",
            "{\"topic\":\"" + get(dn) + "\",\"payload\":\"" + text + "\",\"encoding\":\"text\",\"qos\":" + qos + "}");
  }
}
