package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.server.it.RawMqttClient.Packet;
import io.porta.server.it.RawMqttClient.Publish;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Isolation across products and dialects (issue 7 §5), from the OneNET side and across dialects; the
 * Alibaba attacker's rows are in {@link AliyunIsolationIT}, the application channel's in
 * {@link ApplicationChannelIT}. OneNET device O1 attacks O2 (same product), P1 (another OneNET
 * product), A1 (an Alibaba product) and the application channel: every attempt is refused, the
 * victims receive nothing and their stores stay empty.
 */
class IsolationMatrixIT {
  static final String O1 = "mx-o1";
  static final String O2 = "mx-o2";
  static final String P1 = "mx-p1";
  static final String A1 = "mx-a1";
  static final String O = "mxprodo";
  static final String P = "mxprodp";
  static String a;
  static PortaTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        PortaTestServer.start(
            Map.of(
                "porta.onenet.rate-limits.connect", "100000",
                "porta.onenet.rate-limits.subscribe", "100000",
                "porta.aliyun.rate-limits.connect", "100000"));
    server.rest().createProduct("onenet", O);
    server.rest().createProduct("onenet", P);
    a = server.rest().post("/products", "{\"name\":\"mx ali\",\"dialect\":\"aliyun\"}").json().get("id").asText();
    server.rest().createDevice(O, O1);
    server.rest().createDevice(O, O2);
    server.rest().createDevice(P, P1);
    server.rest().createDevice(a, A1);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---- SUBSCRIBE: refused with 0x80, the connection stays ------------------------------------------

  static Stream<Arguments> refusedFilters() {
    return Stream.of(
        Arguments.of("the same product's other device", "$sys/{O}/{O2}/cmd/request/+"),
        Arguments.of("the other device's replies", "$sys/{O}/{O2}/dp/post/json/+"),
        Arguments.of("+ over device names", "$sys/{O}/+/cmd/request/+"),
        Arguments.of("# over the product", "$sys/{O}/#"),
        Arguments.of("another OneNET product's device", "$sys/{P}/{P1}/#"),
        Arguments.of("+ over products with its own name", "$sys/+/{O1}/#"),
        Arguments.of("# over everything", "#"),
        Arguments.of("+ over everything", "+/+/+/+"),
        Arguments.of("an Alibaba device's topics", "/{A}/{A1}/get"),
        Arguments.of("an Alibaba device's RRPC", "/sys/{A}/{A1}/rrpc/request/+"),
        Arguments.of("an Alibaba product's broadcast", "/broadcast/{A}/#"),
        Arguments.of("the application channel", "$app/{O}/+/dp"),
        Arguments.of("the whole application channel", "$app/#"));
  }

  @ParameterizedTest(name = "[{index}] {0}: {1} is refused and the connection stays")
  @MethodSource("refusedFilters")
  void subscribingBeyondItsOwnTopicsIsRefused(String rule, String template) throws Exception {
    try (RawMqttClient o1 = login(O, O1)) {
      assertThat(o1.subscribeCode(1, resolve(template))).isEqualTo(0x80);
      assertThat(o1.pings()).isTrue();
      assertThat(o1.subscribeCode(2, "$sys/" + O + "/" + O1 + "/cmd/request/+")).isEqualTo(0);
    }
  }

  // ---- PUBLISH: closes the connection (protocols.md A.6), stores nothing for the victim ----------

  static Stream<Arguments> foreignPublishes() {
    return Stream.of(
        Arguments.of("data points as the same product's other device", "$sys/{O}/{O2}/dp/post/json"),
        Arguments.of("data points as another product's device", "$sys/{P}/{P1}/dp/post/json"),
        Arguments.of("a command answer as the other device", "$sys/{O}/{O2}/cmd/response/00000000-0000-0000-0000-000000000000"),
        Arguments.of("an Alibaba device's uplink", "/{A}/{A1}/update"),
        Arguments.of("an Alibaba device's RRPC answer", "/sys/{A}/{A1}/rrpc/response/1"),
        Arguments.of("the application channel", "$app/{O}/{O2}/dp"));
  }

  @ParameterizedTest(name = "[{index}] {0}: {1} closes the connection and leaks nothing")
  @MethodSource("foreignPublishes")
  void publishingAsSomeoneElseClosesAndLeaksNothing(String rule, String template) throws Exception {
    String topic = resolve(template);
    try (RawMqttClient victim = login(O, O2);
        RawMqttClient o1 = login(O, O1)) {
      assertThat(victim.subscribeCode(1, "$sys/" + O + "/" + O2 + "/cmd/#")).isZero();
      assertThat(victim.subscribeCode(2, "$sys/" + O + "/" + O2 + "/dp/post/json/+")).isZero();
      o1.write(RawMqttClient.publish(topic, 1, false, 1, "{\"id\":1,\"dp\":{\"leak\":[{\"v\":1}]}}".getBytes(StandardCharsets.UTF_8)));
      assertThat(o1.awaitClose()).as("closed after publishing to %s", topic).isTrue();
      // The victim is still served and got nothing: the next packet it reads is its own PINGRESP.
      assertThat(victim.pings()).isTrue();
    }
    // Neither victim ever uploads in this class: any stored point would be a leak.
    assertThat(server.rest().get("/products/" + O + "/devices/" + O2 + "/datapoints").json().get("items")).isEmpty();
    assertThat(server.rest().get("/products/" + P + "/devices/" + P1 + "/datapoints").json().get("items")).isEmpty();
    assertThat(server.rest().get("/products/" + a + "/devices/" + A1 + "/messages").json().get("items")).isEmpty();
  }

  // ---- commands: an answer from the wrong device never completes another device's command --------

  @Test
  void aCommandAnswerWithTheRightIdFromAnotherDeviceIsRejected() throws Exception {
    try (RawMqttClient o2 = login(O, O2);
        RawMqttClient o1 = login(O, O1)) {
      assertThat(o2.subscribeCode(1, "$sys/" + O + "/" + O2 + "/cmd/#")).isZero();
      assertThat(o1.subscribeCode(1, "$sys/" + O + "/" + O1 + "/cmd/#")).isZero();
      CompletableFuture<RestClient.Response> call =
          CompletableFuture.supplyAsync(
              () -> server.rest().post("/products/" + O + "/devices/" + O2 + "/commands", "{\"payload\":\"open\",\"timeoutMs\":20000}"));
      Publish request = o2.readPublish();
      String id = request.topic().substring(request.topic().lastIndexOf('/') + 1);

      // O1 learned the id somehow and answers on its own topic: unknown command there (113).
      o1.write(RawMqttClient.publish("$sys/" + O + "/" + O1 + "/cmd/response/" + id, 0, false, 0, "forged".getBytes(StandardCharsets.UTF_8)));
      Publish rejected = o1.readPublish();
      assertThat(rejected.topic()).endsWith(id + "/rejected");
      assertThat(rejected.text()).contains("\"err_code\":113");
      assertThat(call).isNotDone();

      o2.write(RawMqttClient.publish("$sys/" + O + "/" + O2 + "/cmd/response/" + id, 0, false, 0, "real".getBytes(StandardCharsets.UTF_8)));
      RestClient.Response r = call.join();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get("response").asText()).isEqualTo("real");
    }
  }

  // ---- logins: nobody takes over another device, across products or dialects ----------------------

  static Stream<Arguments> wrongLogins() {
    return Stream.of(
        Arguments.of("O2's token with O1's name", "{O1}", "{O}", "token:O,O2"),
        Arguments.of("P1's token (another product) with O1's name", "{O1}", "{O}", "token:P,P1"),
        Arguments.of("O1's own token under product P", "{O1}", "{P}", "token:O,O1"),
        Arguments.of("A1's Alibaba password as O1", "{O1}", "{O}", "password:A,A1"),
        Arguments.of("O1's token in Alibaba's username form", "{O1}", "{O1}&{A}", "token:O,O1"),
        Arguments.of("O1's token as an application", "{O1}", "app:0000000000000000", "token:O,O1"));
  }

  @ParameterizedTest(name = "[{index}] {0}: CONNACK 4 and O1's live connection stays")
  @MethodSource("wrongLogins")
  void takeoverWithSomeoneElsesCredentialsIsRefused(String rule, String clientId, String username, String credential)
      throws Exception {
    try (RawMqttClient o1 = login(O, O1)) {
      String[] from = credential.substring(credential.indexOf(':') + 1).split(",");
      String password = server.rest().connection(resolve("{" + from[0] + "}"), resolve("{" + from[1] + "}")).get("password").asText();
      try (RawMqttClient intruder = new RawMqttClient(server.mqttPort())) {
        intruder.write(RawMqttClient.connect(4, RawMqttClient.ONENET_FLAGS, 60, resolve(clientId), resolve(username), password));
        Packet ack = intruder.read();
        assertThat(RawMqttClient.connackCode(ack)).as(RawMqttClient.describe(ack)).isEqualTo(4);
      }
      assertThat(o1.pings()).as("O1 still connected and served").isTrue();
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  static RawMqttClient login(String pid, String dn) throws IOException {
    JsonNode c = server.rest().connection(pid, dn);
    RawMqttClient client = new RawMqttClient(server.mqttPort());
    client.write(
        RawMqttClient.connect(4, 0xC2, 60, c.get("clientId").asText(), c.get("username").asText(), c.get("password").asText()));
    Packet connack = client.read();
    assertThat(RawMqttClient.connackCode(connack)).as("CONNACK of %s/%s", pid, dn).isZero();
    return client;
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(O|P|A|O1|O2|P1|A1)\\}");

  static String resolve(String template) {
    Map<String, String> values = Map.of("O", O, "P", P, "A", a, "O1", O1, "O2", O2, "P1", P1, "A1", A1);
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
