package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of a real server after real traffic (design.md "Observability", issue 4 §4): a
 * OneNET device uploads data points at QoS 1 and answers a command, logins fail, and every series the
 * traffic touches is present and has moved. Counts only, no timings.
 */
class MetricsIT {
  static PortaTestServer server;
  static final String PID = "onmet01";

  @BeforeAll
  static void start() throws Exception {
    server = PortaTestServer.start();
    server.rest().createProduct("onenet", PID);
    server.rest().createDevice(PID, "met-1");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void trafficMovesEverySeries() {
    try (MqttClients.Device d = MqttClients.connect(server, PID, "met-1")) {
      d.subscribe(d.topic("cmd/#"));
      for (int i = 1; i <= 3; i++) {
        // QoS 1: the PUBACK comes after the commit, so the writer's meters have moved when it returns.
        d.publish(d.topic("dp/post/json"), "{\"id\":" + i + ",\"dp\":{\"t\":[{\"v\":" + i + "}]}}", MqttQos.AT_LEAST_ONCE);
      }

      CompletableFuture<RestClient.Response> call =
          CompletableFuture.supplyAsync(
              () ->
                  server.rest()
                      .post(
                          "/products/" + PID + "/devices/met-1/commands",
                          "{\"payload\":\"on\",\"encoding\":\"text\",\"timeoutMs\":10000}"));
      Mqtt3Publish request = d.receive().orElseThrow();
      String topic = request.getTopic().toString();
      String id = topic.substring(topic.lastIndexOf('/') + 1);
      d.publish(d.topic("cmd/response/" + id), "done", MqttQos.AT_LEAST_ONCE);
      assertThat(call.join().status()).isEqualTo(200);

      String live = scrape();
      assertThat(sample(live, "porta_sessions", "dialect=\"onenet\"", "listener=\"mqtt\"")).isEqualTo(1.0);
      assertThat(sample(live, "porta_sessions", "dialect=\"onenet\"", "listener=\"mqtts\"")).isZero();
      assertThat(sample(live, "porta_sessions", "dialect=\"aliyun\"", "listener=\"mqtt\"")).isZero();
    }

    // Failed logins: a token that is no token, and a device that does not exist.
    assertThat(MqttClients.tryConnect(server.mqttPort(), "met-1", PID, "not-a-token"))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(MqttClients.tryConnect(server.mqttPort(), "ghost", PID, "not-a-token"))
        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);

    String m = scrape();
    // Connections and CONNECTs.
    assertThat(sample(m, "porta_connects_total", "result=\"accepted\"")).isPositive();
    assertThat(sample(m, "porta_connects_total", "result=\"refused\"")).isGreaterThanOrEqualTo(2.0);
    assertThat(sample(m, "porta_connect_latency_seconds_count", "result=\"accepted\"")).isPositive();
    assertThat(sample(m, "porta_connect_latency_seconds_count", "result=\"refused\"")).isGreaterThanOrEqualTo(2.0);
    assertThat(m).contains("porta_connect_latency_seconds_bucket{");
    assertThat(sample(m, "porta_connections", "listener=\"mqtt\"")).isNotNegative();
    // Authentication failures by reason, and nothing identifying in their tags.
    assertThat(sample(m, "porta_auth_failures_total", "reason=\"bad_credentials\"")).isPositive();
    assertThat(sample(m, "porta_auth_failures_total", "reason=\"unknown_device\"")).isPositive();
    assertThat(sample(m, "porta_auth_failures_total", "reason=\"tls_required\"")).isZero();
    assertThat(m).doesNotContain("ghost").doesNotContain("met-1").doesNotContain("not-a-token");
    // Messages in and out: by packet type, and by dialect and QoS.
    assertThat(sample(m, "porta_messages_in_total", "type=\"publish\"")).isGreaterThanOrEqualTo(4.0);
    assertThat(sample(m, "porta_messages_out_total", "type=\"puback\"")).isGreaterThanOrEqualTo(4.0);
    assertThat(sample(m, "porta_uplink_total", "dialect=\"onenet\"", "qos=\"1\"")).isGreaterThanOrEqualTo(4.0);
    assertThat(sample(m, "porta_downlink_total", "dialect=\"onenet\"", "qos=\"0\"")).isPositive();
    assertThat(sample(m, "porta_disconnects_total", "reason=\"client_disconnect\"")).isPositive();
    // Store: batch sizes, commit latency, queue depth.
    assertThat(sample(m, "porta_store_batch_size_count", "writer=\"telemetry\"")).isPositive();
    assertThat(sample(m, "porta_store_batch_size_sum", "writer=\"telemetry\"")).isGreaterThanOrEqualTo(3.0);
    assertThat(sample(m, "porta_store_commit_latency_seconds_count", "writer=\"telemetry\"")).isPositive();
    assertThat(sample(m, "porta_store_queue_depth", "writer=\"telemetry\"")).isNotNegative();
    assertThat(sample(m, "porta_store_queue_depth", "writer=\"message_log\"")).isNotNegative();
    // Command round trips.
    assertThat(sample(m, "porta_command_duration_seconds_count", "dialect=\"onenet\"", "outcome=\"success\""))
        .isPositive();
    assertThat(sample(m, "porta_command_duration_seconds_count", "dialect=\"onenet\"", "outcome=\"timeout\""))
        .isZero();
    // Netty's allocator.
    assertThat(sample(m, "porta_netty_allocator_memory_used_bytes", "area=\"direct\"")).isNotNegative();
    assertThat(sample(m, "porta_netty_allocator_memory_used_bytes", "area=\"heap\"")).isNotNegative();

    // The session ends with the connection (the dispatch handler accounts for it once the socket closed).
    await().atMost(Duration.ofSeconds(10))
        .until(() -> sample(scrape(), "porta_sessions", "dialect=\"onenet\"", "listener=\"mqtt\"") == 0.0);
  }

  static String scrape() {
    RestClient.Response r = new RestClient("http://127.0.0.1:" + server.httpPort(), null).get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  /**
   * The value of the one sample of {@code name} whose labels include all {@code labels}; fails when
   * there is none or more than one.
   */
  static double sample(String metrics, String name, String... labels) {
    double[] found =
        metrics
            .lines()
            .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
            .filter(l -> Arrays.stream(labels).allMatch(label -> labelsOf(l).contains("," + label + ",")))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .toArray();
    assertThat(found).as("samples of %s%s", name, Arrays.toString(labels)).hasSize(1);
    return found[0];
  }

  private static String labelsOf(String line) {
    int open = line.indexOf('{');
    int close = line.lastIndexOf('}');
    return open < 0 || close < open ? "" : "," + line.substring(open + 1, close) + ",";
  }
}
