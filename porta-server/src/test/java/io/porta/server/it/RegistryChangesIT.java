package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Devices and products are kept in memory for CONNECTs (the registry cache): every change over REST must
 * still take effect at the very next CONNECT, for both dialects. Each test first logs the device in, so
 * its registry entries are in memory when the change is made.
 */
class RegistryChangesIT {
  static PortaTestServer server;

  @BeforeAll
  static void start() throws Exception {
    // Many logins of few devices; the CONNECT rate limits have their own tests.
    server =
        PortaTestServer.start(
            Map.of("porta.onenet.rate-limits.connect", "10000", "porta.aliyun.rate-limits.connect", "10000"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A product of the dialect with one device, logged in once. */
  private static String productWithConnectedDevice(String dialect, String pid) {
    server.rest().createProduct(dialect, pid);
    server.rest().createDevice(pid, "dev-one");
    assertThat(connect(pid, "dev-one")).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
    return pid;
  }

  /** A CONNECT with the credentials the REST API hands out now. */
  private static Mqtt3ConnAckReturnCode connect(String pid, String name) {
    return connect(server.rest().connection(pid, name));
  }

  private static Mqtt3ConnAckReturnCode connect(JsonNode credentials) {
    return MqttClients.tryConnect(
        server.mqttPort(),
        credentials.get("clientId").asText(),
        credentials.get("username").asText(),
        credentials.get("password").asText());
  }

  private static int status(RestClient.Response r) {
    return r.status();
  }

  /** protocols.md A.4 and B.2: an unknown device's credentials are bad (4). */
  @ParameterizedTest
  @ValueSource(strings = {"onenet", "aliyun"})
  void aDeletedDeviceIsRefusedAtItsNextConnect(String dialect) {
    String pid = productWithConnectedDevice(dialect, "del" + dialect.substring(0, 2) + "01");
    JsonNode credentials = server.rest().connection(pid, "dev-one");

    assertThat(status(server.rest().delete("/products/" + pid + "/devices/dev-one"))).isEqualTo(204);

    assertThat(connect(credentials)).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
  }

  /** protocols.md A.4: a disabled device that proves its identity gets 5; enabled again, it logs in. */
  @ParameterizedTest
  @ValueSource(strings = {"onenet", "aliyun"})
  void aDisabledDeviceIsRefusedAtItsNextConnectAndAcceptedOnceEnabled(String dialect) {
    String pid = productWithConnectedDevice(dialect, "dis" + dialect.substring(0, 2) + "01");
    String path = "/products/" + pid + "/devices/dev-one";

    assertThat(status(server.rest().patch(path, "{\"enabled\":false}"))).isEqualTo(200);
    assertThat(connect(pid, "dev-one")).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);

    assertThat(status(server.rest().patch(path, "{\"enabled\":true}"))).isEqualTo(200);
    assertThat(connect(pid, "dev-one")).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
  }

  /** The same name, created again with another secret: the old secret is refused, the new one works. */
  @ParameterizedTest
  @ValueSource(strings = {"onenet", "aliyun"})
  void aDeviceCreatedAgainWithANewSecretAcceptsOnlyTheNewOne(String dialect) {
    String pid = productWithConnectedDevice(dialect, "sec" + dialect.substring(0, 2) + "01");
    JsonNode old = server.rest().connection(pid, "dev-one");
    assertThat(status(server.rest().delete("/products/" + pid + "/devices/dev-one"))).isEqualTo(204);
    String secret = dialect.equals("onenet") ? "c2Vjb25kLXNlY3JldC1vZi10aGUtZGV2aWNlLTEyMzQ=" : "SecondSecretOfTheDevice0123456789";

    RestClient.Response created =
        server.rest().post("/products/" + pid + "/devices", "{\"name\":\"dev-one\",\"secret\":\"" + secret + "\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("secret").asText()).isEqualTo(secret);

    assertThat(connect(old)).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(connect(pid, "dev-one")).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
  }

  /** A deleted product takes its devices along: no product matches the username any more (4). */
  @ParameterizedTest
  @ValueSource(strings = {"onenet", "aliyun"})
  void aDeletedProductsDevicesAreRefusedAtTheirNextConnect(String dialect) {
    String pid = productWithConnectedDevice(dialect, "pdl" + dialect.substring(0, 2) + "01");
    JsonNode credentials = server.rest().connection(pid, "dev-one");

    assertThat(status(server.rest().delete("/products/" + pid + "?force=true"))).isEqualTo(204);

    assertThat(connect(credentials)).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
  }

  /** A product option changed over REST applies to the next CONNECT: requireTls refuses plain TCP (5). */
  @ParameterizedTest
  @ValueSource(strings = {"onenet", "aliyun"})
  void aProductOptionChangeAppliesAtTheNextConnect(String dialect) {
    String pid = productWithConnectedDevice(dialect, "opt" + dialect.substring(0, 2) + "01");

    assertThat(status(server.rest().patch("/products/" + pid, "{\"options\":{\"requireTls\":true}}"))).isEqualTo(200);

    assertThat(connect(pid, "dev-one")).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
  }
}
