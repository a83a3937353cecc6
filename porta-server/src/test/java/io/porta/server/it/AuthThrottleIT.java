package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Repeated failed logins (issue 7 §2): more than {@code porta.mqtt.auth-failures.max-per-device} for
 * one device, or {@code max-per-address} from one address, within the window bans it; its CONNECTs
 * then get CONNACK 5 without a credential check (even with the right password), counted, while other
 * devices and addresses log in as usual. Windows and bans are long so that no count can reset while a
 * test runs. The second address is 127.0.0.2 (loopback).
 */
class AuthThrottleIT {
  static final String PID = "onguess1";
  static PortaTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        PortaTestServer.start(
            Map.of(
                "porta.mqtt.auth-failures.window", "1h",
                "porta.mqtt.auth-failures.max-per-device", "3",
                "porta.mqtt.auth-failures.max-per-address", "5",
                "porta.mqtt.auth-failures.ban", "1h"));
    server.rest().createProduct("onenet", PID);
    for (String name : new String[] {"victim", "bystander", "neighbour"}) {
      server.rest().createDevice(PID, name);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void tooManyFailuresForADeviceBanItEvenWithTheRightPassword() throws Exception {
    double badCredentials = authFailures("bad_credentials");
    for (int i = 0; i < 4; i++) { // the fourth failure is one more than allowed
      assertThat(connack("127.0.0.1", "victim", "wrong-token")).isEqualTo(4);
    }
    assertThat(authBans("device")).isEqualTo(1.0);

    assertThat(connack("127.0.0.1", "victim", password("victim"))).as("banned").isEqualTo(5);
    assertThat(connack("127.0.0.1", "victim", "wrong-token")).as("not checked either").isEqualTo(5);
    assertThat(authFailures("bad_credentials")).as("no credential check while banned").isEqualTo(badCredentials + 4);
    assertThat(authFailures("throttled")).isGreaterThanOrEqualTo(2.0);
    await().atMost(Duration.ofSeconds(30)).until(() -> disconnects("auth_throttled") >= 2.0);

    // Another device from the same address is not affected.
    assertThat(connack("127.0.0.1", "bystander", password("bystander"))).isZero();
  }

  @Test
  void tooManyFailuresFromAnAddressBanTheAddress() throws Exception {
    for (int i = 1; i <= 6; i++) { // unknown devices, each tried once: only the address accumulates
      assertThat(connack("127.0.0.2", "ghost-" + i, "wrong-token")).isEqualTo(4);
    }
    assertThat(authBans("address")).isEqualTo(1.0);

    assertThat(connack("127.0.0.2", "neighbour", password("neighbour"))).as("address banned").isEqualTo(5);
    assertThat(connack("127.0.0.1", "neighbour", password("neighbour"))).as("other address").isZero();
  }

  /** One CONNECT from {@code localAddress}; the CONNACK return code. */
  static int connack(String localAddress, String device, String password) throws Exception {
    try (RawMqttClient client = RawMqttClient.from(localAddress, server.mqttPort())) {
      client.write(RawMqttClient.connect(4, RawMqttClient.ONENET_FLAGS, 60, device, PID, password));
      int code = RawMqttClient.connackCode(client.read());
      if (code == 0) {
        client.write(RawMqttClient.disconnect());
      }
      assertThat(client.awaitClose()).isTrue();
      return code;
    }
  }

  static String password(String device) {
    JsonNode c = server.rest().connection(PID, device);
    return c.get("password").asText();
  }

  static double authFailures(String reason) {
    return sample("porta_auth_failures_total", "reason=\"" + reason + "\"");
  }

  static double authBans(String scope) {
    return sample("porta_auth_bans_total", "scope=\"" + scope + "\"");
  }

  static double disconnects(String reason) {
    return sample("porta_disconnects_total", "reason=\"" + reason + "\"");
  }

  static double sample(String name, String label) {
    return MetricsIT.sample(server.rest().get("/metrics").body(), name, label);
  }
}
