package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.porta.server.it.RawMqttClient.Packet;
import io.porta.server.it.RawMqttClient.Publish;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import tools.jackson.databind.JsonNode;

/**
 * Crash safety (design.md "Delivery guarantees": nothing acknowledged is ever lost, a server crash
 * included). A server in its own JVM takes QoS 1 uploads from 20 OneNET devices, with a webhook whose
 * receiver is down, and QoS 1 downlinks queued for offline Alibaba devices with persistent sessions;
 * mid-stream it is killed with SIGKILL, then started again on the same data directory. Everything it
 * acknowledged before it died must be there afterwards: every PUBACKed point stored, every downlink
 * answered {@code queued} delivered, every PUBACKed upload's webhook event delivered in order.
 */
@EnabledOnOs(OS.LINUX) // Process.destroyForcibly is SIGKILL there
class CrashSafetyIT {
  static final String ONENET = "crash01";
  static final String SECRET = "a-webhook-secret-0123456789";
  static final int UPLOADERS = 20;
  static final int MAX_POINTS_PER_DEVICE = 500; // under the REST page of 1000: one read shows them all
  static final int WINDOW = 16; // QoS 1 PUBLISHes in flight per device
  static final int QUEUE_DEVICES = 4;
  static final int MAX_DOWNLINKS_PER_DEVICE = 300; // under the session queue cap of 1000: none dropped
  static final int KILL_AFTER_POINTS = 1000;
  static final int KILL_AFTER_QUEUED = 20;

  static PortaProcess server;
  static WebhookReceiver receiver;
  static String aliyun;
  static String webhookId;
  static int exitCode;
  static final List<Uploads> uploads = new ArrayList<>();
  static final List<Downlinks> downlinks = new ArrayList<>();

  /** What one OneNET device sent (packet id = sequence number) and which of it was PUBACKed. */
  record Uploads(String device, Set<Integer> sent, Set<Integer> acked) {}

  /** What the application sent one Alibaba device, and which were answered {@code queued}, in order. */
  record Downlinks(String device, Set<Integer> sent, List<Integer> queued) {}

  @BeforeAll
  static void uploadKillAndRestart() throws Exception {
    receiver = new WebhookReceiver(SECRET);
    receiver.down();
    server =
        PortaProcess.start(
            List.of(),
            Map.of(
                "porta.mqtts.port", "-1",
                "porta.onenet.rate-limits.publish-qos1", "0",
                "porta.onenet.rate-limits.connect", "0",
                "porta.webhooks.min-backoff", "100ms",
                "porta.webhooks.max-backoff", "500ms"));
    RestClient rest = server.rest();
    rest.createProduct("onenet", ONENET);
    aliyun = rest.post("/products", "{\"name\":\"crash\",\"dialect\":\"aliyun\"}").json().get("id").asString();
    webhookId =
        rest.post(
                "/webhooks",
                "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET + "\",\"productId\":\"" + ONENET
                    + "\",\"events\":[\"datapoints\"]}")
            .json()
            .get("id")
            .asString();
    for (int i = 0; i < UPLOADERS; i++) {
      String dn = "dev-" + i;
      rest.createDevice(ONENET, dn);
      uploads.add(new Uploads(dn, new HashSet<>(), new HashSet<>()));
    }
    for (int i = 0; i < QUEUE_DEVICES; i++) {
      String dn = "meter-" + i;
      rest.createDevice(aliyun, dn);
      // A persistent session subscribed at QoS 1, then offline: what the application sends is queued.
      try (RawMqttClient c = loginAliyun(dn)) {
        c.write(RawMqttClient.subscribe(1, 1, getTopic(dn)));
        assertThat(c.read().body()[2]).as("granted QoS 1").isEqualTo((byte) 1);
        c.write(RawMqttClient.disconnect());
      }
      downlinks.add(new Downlinks(dn, new HashSet<>(), new ArrayList<>()));
    }

    AtomicInteger acked = new AtomicInteger();
    AtomicInteger queued = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(UPLOADERS + QUEUE_DEVICES);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Downlinks d : downlinks) {
        running.add(pool.submit(() -> sendDownlinks(d, queued)));
      }
      for (Uploads u : uploads) {
        running.add(pool.submit(() -> upload(u, acked)));
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> acked.get() >= KILL_AFTER_POINTS && queued.get() >= KILL_AFTER_QUEUED);
      exitCode = server.kill();
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    server.restart();
    receiver.up();
  }

  @AfterAll
  static void stop() throws Exception {
    if (receiver != null) {
      receiver.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** One device's QoS 1 stream with {@link #WINDOW} in flight, until its end or the server's death. */
  static Void upload(Uploads u, AtomicInteger ackedTotal) throws IOException {
    JsonNode c = server.rest().connection(ONENET, u.device());
    String topic = "$sys/" + ONENET + "/" + u.device() + "/dp/post/json";
    try (RawMqttClient client = new RawMqttClient(server.mqttPort())) {
      client.write(
          RawMqttClient.connect(
              4, RawMqttClient.ONENET_FLAGS, 60, c.get("clientId").asString(), c.get("username").asString(),
              c.get("password").asString()));
      assertThat(RawMqttClient.connackCode(client.read())).isZero();
      int next = 1;
      int inFlight = 0;
      while (next <= MAX_POINTS_PER_DEVICE || inFlight > 0) {
        while (inFlight < WINDOW && next <= MAX_POINTS_PER_DEVICE) {
          u.sent().add(next); // before the write: a failed write may still have reached the server
          String body = "{\"id\":" + next + ",\"dp\":{\"n\":[{\"v\":" + next + "}]}}";
          client.write(RawMqttClient.publish(topic, 1, false, next, body.getBytes(StandardCharsets.UTF_8)));
          next++;
          inFlight++;
        }
        Packet p = client.read();
        if (p == null) {
          break; // the server died
        }
        if (p.type() == 4) { // PUBACK
          u.acked().add(RawMqttClient.packetId(p));
          ackedTotal.incrementAndGet();
          inFlight--;
        }
      }
    } catch (IOException e) {
      // the server died under a write
    }
    return null;
  }

  /** QoS 1 downlinks to one offline device, one after the other, until its end or the server's death. */
  static Void sendDownlinks(Downlinks d, AtomicInteger queuedTotal) {
    RestClient rest = server.rest();
    for (int i = 1; i <= MAX_DOWNLINKS_PER_DEVICE; i++) {
      d.sent().add(i);
      RestClient.Response r;
      try {
        r = rest.post("/products/" + aliyun + "/devices/" + d.device() + "/messages", downlink(d.device(), "m" + i));
      } catch (UncheckedIOException e) {
        return null; // the server died before it answered
      }
      if (r.status() != 202) {
        return null;
      }
      assertThat(r.json().get("status").asString()).isEqualTo("queued");
      d.queued().add(i);
      queuedTotal.incrementAndGet();
    }
    return null;
  }

  @Test
  void theServerWasKilledNotStopped() {
    assertThat(exitCode).as("128 + SIGKILL").isEqualTo(137);
  }

  @Test
  void everyAcknowledgedPointIsStored() {
    int ackedTotal = 0;
    int storedTotal = 0;
    int extra = 0;
    for (Uploads u : uploads) {
      List<Integer> stored = storedValues(u.device());
      assertThat(stored).as("%s: no point twice", u.device()).doesNotHaveDuplicates();
      assertThat(stored).as("%s: every PUBACKed point", u.device()).containsAll(u.acked());
      assertThat(u.sent()).as("%s: only what was sent", u.device()).containsAll(stored);
      ackedTotal += u.acked().size();
      storedTotal += stored.size();
      extra += stored.size() - u.acked().size();
    }
    report("points", "PUBACKed before the kill", ackedTotal, storedTotal, extra);
    long cut = uploads.stream().filter(u -> u.sent().size() < MAX_POINTS_PER_DEVICE).count();
    System.out.printf("crash safety: %d of %d devices were cut mid-stream by the kill%n", cut, UPLOADERS);
  }

  @Test
  void everyQueuedDownlinkIsDelivered() throws Exception {
    int queuedTotal = 0;
    int deliveredTotal = 0;
    int extra = 0;
    for (Downlinks d : downlinks) {
      List<Integer> received = new ArrayList<>();
      try (RawMqttClient c = loginAliyun(d.device())) {
        // A marker sent now is queued behind whatever survived: it ends the queue.
        RestClient.Response marker =
            server.rest().post("/products/" + aliyun + "/devices/" + d.device() + "/messages", downlink(d.device(), "end"));
        assertThat(marker.status()).as(marker.body()).isEqualTo(202);
        for (Publish p = c.readPublish(); ; p = c.readPublish()) {
          assertThat(p).as("%s: connection closed before the marker", d.device()).isNotNull();
          c.write(RawMqttClient.puback(p.packetId()));
          if (p.text().equals("end")) {
            break;
          }
          received.add(Integer.parseInt(p.text().substring(1)));
        }
        c.write(RawMqttClient.disconnect());
      }
      assertThat(received).as("%s: nothing twice", d.device()).doesNotHaveDuplicates();
      assertThat(received.stream().filter(d.queued()::contains).toList())
          .as("%s: every message answered queued, in order", d.device())
          .isEqualTo(d.queued());
      assertThat(d.sent()).as("%s: only what was sent", d.device()).containsAll(received);
      queuedTotal += d.queued().size();
      deliveredTotal += received.size();
      extra += received.size() - d.queued().size();
    }
    report("downlinks", "answered queued before the kill", queuedTotal, deliveredTotal, extra);
  }

  @Test
  void everyAcknowledgedUploadReachesTheWebhookInOrder() {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> server.rest().get("/webhooks/" + webhookId).json().get("delivery").get("pending").asLong() == 0);
    // A batch may arrive twice (api.md): deduplicate by event id, keep the first arrival's order.
    Map<Long, JsonNode> unique = new HashMap<>();
    Map<String, List<Integer>> perDevice = new HashMap<>();
    for (JsonNode e : receiver.drain()) {
      if (unique.putIfAbsent(e.get("id").asLong(), e) == null) {
        perDevice
            .computeIfAbsent(e.get("device").asString(), k -> new ArrayList<>())
            .add(e.get("data").get("points").get(0).get("value").asInt());
      }
    }
    int ackedTotal = 0;
    int eventsTotal = 0;
    int extra = 0;
    for (Uploads u : uploads) {
      List<Integer> events = perDevice.getOrDefault(u.device(), List.of());
      assertThat(events).as("%s: in upload order", u.device()).isSorted().doesNotHaveDuplicates();
      assertThat(events).as("%s: an event for every PUBACKed upload", u.device()).containsAll(u.acked());
      assertThat(u.sent()).as("%s: only what was sent", u.device()).containsAll(events);
      assertThat(storedValues(u.device())).as("%s: no event for a point that was not stored", u.device()).containsAll(events);
      ackedTotal += u.acked().size();
      eventsTotal += events.size();
      extra += events.size() - u.acked().size();
    }
    assertThat(receiver.badSignatures()).isEmpty();
    report("webhook events", "PUBACKed before the kill", ackedTotal, eventsTotal, extra);
  }

  /** The values of the device's stored points (the uploads number them). */
  static List<Integer> storedValues(String device) {
    JsonNode items =
        server.rest().get("/products/" + ONENET + "/devices/" + device + "/datapoints?stream=n&limit=1000").json().get("items");
    List<Integer> stored = new ArrayList<>();
    items.forEach(i -> stored.add(i.get("value").asInt()));
    return stored;
  }

  static RawMqttClient loginAliyun(String dn) throws IOException {
    JsonNode c = server.rest().connection(aliyun, dn);
    RawMqttClient client = new RawMqttClient(server.mqttPort());
    client.write(
        RawMqttClient.connect(
            4, 0xC0, 60, c.get("clientId").asString(), c.get("username").asString(), c.get("password").asString()));
    assertThat(RawMqttClient.connackCode(client.read())).isZero();
    return client;
  }

  static String getTopic(String dn) {
    return "/" + aliyun + "/" + dn + "/get";
  }

  static String downlink(String dn, String text) {
    return "{\"topic\":\"" + getTopic(dn) + "\",\"payload\":\"" + text + "\",\"encoding\":\"text\",\"qos\":1}";
  }

  /** The figures of the run, for the test report (not asserted beyond the rules above). */
  static void report(String what, String acknowledged, int acked, int after, int extra) {
    System.out.printf(
        "crash safety, %s: %d %s, %d after the restart, %d extra (done but not acknowledged)%n",
        what, acked, acknowledged, after, extra);
  }
}
