package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.porta.server.it.RawMqttClient.Packet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Malformed and abusive traffic from a raw socket (issue 7 §2, MQTT 3.1.1 §4.8: a server closes the
 * connection on a protocol violation): every case ends with the server closing the socket, is counted
 * in {@code porta_disconnects_total} under its reason, and a well-behaved device keeps being served
 * (its QoS 1 PUBLISH is acknowledged) after each one.
 */
class MalformedTrafficIT {
  static final String PID = "onabuse1";
  static final String RAW = "raw-dev";
  static PortaTestServer server;
  static MqttClients.Device healthy;
  static JsonNode rawLogin;
  static int uploads;

  @BeforeAll
  static void start() throws Exception {
    server =
        PortaTestServer.start(
            Map.of(
                // Short, so the CONNECT that never completes is closed soon; generous enough for a
                // loaded machine's logins. No assertion depends on it.
                "porta.mqtt.connect-timeout", "3s",
                // The raw device logs in once per case.
                "porta.onenet.rate-limits.connect", "0"));
    server.rest().createProduct("onenet", PID);
    server.rest().createDevice(PID, "healthy");
    server.rest().createDevice(PID, RAW);
    rawLogin = server.rest().connection(PID, RAW);
    healthy = MqttClients.connect(server, PID, "healthy");
  }

  @AfterAll
  static void stop() {
    if (healthy != null) {
      healthy.close();
    }
    server.close();
  }

  static Stream<Arguments> cases() {
    String own = "$sys/" + PID + "/" + RAW + "/";
    return Stream.of(
        // Lengths.
        before("remaining length of five bytes", "malformed_packet", bytes(0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F)),
        after("remaining length over the maximum packet", "packet_too_large", bytes(0x30, 0xE0, 0xA7, 0x12)),
        after("topic length past the remaining length", "malformed_packet", bytes(0x30, 0x05, 0x00, 0x40, 'a', '/', 'b')),
        before("CONNECT cut short by its remaining length", "malformed_packet", truncatedConnect()),
        // Strings.
        after("invalid UTF-8 in a topic", "malformed_packet", publish(bytes('$', 's', 0xC3, 0x28, '/', 'x'))),
        after("U+0000 in a topic", "malformed_packet", publish((own + "dp\u0000x").getBytes(StandardCharsets.UTF_8))),
        before("invalid UTF-8 in the client id", "malformed_packet", connectWithClientId(bytes(0xFF, 0xFE, 'a'))),
        before("client id of 60 000 characters", "connect_refused", connectWithClientId("d".repeat(60_000).getBytes(StandardCharsets.US_ASCII))),
        // Topics.
        after("'+' in a PUBLISH topic", "illegal_topic", RawMqttClient.publish(own + "dp/+", 0, false, 0, bytes('x'))),
        after("'#' in a PUBLISH topic", "illegal_topic", RawMqttClient.publish(own + "#", 1, false, 7, bytes('x'))),
        after("empty PUBLISH topic", "illegal_topic", RawMqttClient.publish("", 0, false, 0, bytes('x'))),
        // Reserved flag bits (§2.2.2).
        after("SUBSCRIBE without flags 0010", "malformed_packet", withHeader(RawMqttClient.subscribe(1, own + "cmd/#"), 0x80)),
        after("UNSUBSCRIBE without flags 0010", "malformed_packet", withHeader(RawMqttClient.unsubscribe(1, own + "cmd/#"), 0xA0)),
        after("PUBREL without flags 0010", "malformed_packet", bytes(0x60, 0x02, 0x00, 0x01)),
        before("CONNECT reserved flag set", "malformed_packet", connectWithFlags(RawMqttClient.ONENET_FLAGS | 0x01)),
        // Order.
        before("PINGREQ before CONNECT", "protocol_violation", RawMqttClient.pingreq()),
        before("SUBSCRIBE before CONNECT", "protocol_violation", RawMqttClient.subscribe(1, own + "cmd/#")),
        after("a second CONNECT", "duplicate_connect", connectWithFlags(RawMqttClient.ONENET_FLAGS)),
        // Empty lists (§3.8.3, §3.10.3).
        after("SUBSCRIBE with no filter", "protocol_violation", bytes(0x82, 0x02, 0x00, 0x01)),
        after("UNSUBSCRIBE with no filter", "protocol_violation", bytes(0xA2, 0x02, 0x00, 0x01)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void serverClosesCountsAndKeepsServingOthers(String name, boolean login, String reason, byte[] packet)
      throws Exception {
    double before = disconnects(reason);
    try (RawMqttClient raw = new RawMqttClient(server.mqttPort())) {
      if (login) {
        login(raw);
      }
      raw.write(packet);
      assertThat(raw.awaitClose()).as("the server closed the connection").isTrue();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> disconnects(reason) == before + 1);
    healthyDeviceIsServed();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hugeClientIdCase")
  void hugeClientIdGetsConnack2(String name, byte[] connect) throws Exception {
    try (RawMqttClient raw = new RawMqttClient(server.mqttPort())) {
      raw.write(connect);
      assertThat(RawMqttClient.connackCode(raw.read())).isEqualTo(2);
      assertThat(raw.awaitClose()).isTrue();
    }
    healthyDeviceIsServed();
  }

  static Stream<Arguments> hugeClientIdCase() {
    return Stream.of(
        Arguments.of("MQTT 3.1.1", connectWithClientId("d".repeat(60_000).getBytes(StandardCharsets.US_ASCII))),
        Arguments.of("MQTT 3.1", RawMqttClient.connect(3, 0xC2, 60, "d".repeat(60_000), PID, "x")));
  }

  @Test
  void connectThatNeverCompletesIsClosedAtTheConnectTimeout() throws Exception {
    double before = disconnects("connect_timeout");
    byte[] connect = connectWithFlags(RawMqttClient.ONENET_FLAGS);
    try (RawMqttClient raw = new RawMqttClient(server.mqttPort())) {
      for (int i = 0; i < connect.length / 2; i++) {
        raw.write(new byte[] {connect[i]}); // one byte at a time, then nothing more
      }
      assertThat(raw.awaitClose()).as("closed by the server").isTrue();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> disconnects("connect_timeout") == before + 1);
    healthyDeviceIsServed();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  static void login(RawMqttClient raw) throws Exception {
    raw.write(connectWithFlags(RawMqttClient.ONENET_FLAGS));
    Packet connack = raw.read();
    assertThat(RawMqttClient.connackCode(connack)).as(RawMqttClient.describe(connack)).isZero();
  }

  static void healthyDeviceIsServed() throws Exception {
    uploads++;
    healthy.publishAcknowledged(
        healthy.topic("dp/post/json"), "{\"id\":" + uploads + ",\"dp\":{\"t\":[{\"v\":" + uploads + "}]}}");
  }

  static double disconnects(String reason) {
    return MetricsIT.sample(server.rest().get("/metrics").body(), "porta_disconnects_total", "reason=\"" + reason + "\"");
  }

  static Arguments before(String name, String reason, byte[] packet) {
    return Arguments.of(name, false, reason, packet);
  }

  static Arguments after(String name, String reason, byte[] packet) {
    return Arguments.of(name, true, reason, packet);
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  static byte[] withHeader(byte[] packet, int header) {
    byte[] copy = packet.clone();
    copy[0] = (byte) header;
    return copy;
  }

  /** The raw device's valid CONNECT with other flags. */
  static byte[] connectWithFlags(int flags) {
    return RawMqttClient.connect(
        4,
        flags,
        60,
        rawLogin.get("clientId").asText(),
        rawLogin.get("username").asText(),
        rawLogin.get("password").asText());
  }

  /** The raw device's valid CONNECT whose remaining length stops 3 bytes into the password. */
  static byte[] truncatedConnect() {
    byte[] connect = connectWithFlags(RawMqttClient.ONENET_FLAGS);
    byte[] body = Arrays.copyOfRange(connect, connect.length - remainingLength(connect), connect.length - 20);
    return RawMqttClient.packet(0x10, body);
  }

  /** A 3.1.1 CONNECT with the raw device's credentials and the given client id bytes. */
  static byte[] connectWithClientId(byte[] clientId) {
    ByteArrayOutputStream v = new ByteArrayOutputStream();
    RawMqttClient.field(v, "MQTT".getBytes(StandardCharsets.US_ASCII));
    v.write(4);
    v.write(RawMqttClient.ONENET_FLAGS);
    v.write(0);
    v.write(60);
    RawMqttClient.field(v, clientId);
    RawMqttClient.field(v, rawLogin.get("username").asText().getBytes(StandardCharsets.UTF_8));
    RawMqttClient.field(v, rawLogin.get("password").asText().getBytes(StandardCharsets.UTF_8));
    return RawMqttClient.packet(0x10, v.toByteArray());
  }

  /** A QoS 0 PUBLISH with the given topic bytes. */
  static byte[] publish(byte[] topic) {
    ByteArrayOutputStream v = new ByteArrayOutputStream();
    RawMqttClient.field(v, topic);
    v.writeBytes(bytes('{', '}'));
    return RawMqttClient.packet(0x30, v.toByteArray());
  }

  private static int remainingLength(byte[] packet) {
    int length = 0;
    int multiplier = 1;
    int i = 1;
    int b;
    do {
      b = packet[i++] & 0xFF;
      length += (b & 127) * multiplier;
      multiplier *= 128;
    } while ((b & 128) != 0);
    return length;
  }
}
