package io.porta.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.Dialect;
import io.porta.core.model.Product;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CommandApiTest extends ApiTestBase {
  private static final String COMMANDS = "/api/v1/products/p1/devices/meter-0001/commands";
  private Product product;

  @Override
  List<Dialect> dialects() {
    return List.of(new TestDialect("onenet"), new TestAliyunDialect());
  }

  @BeforeEach
  void device() {
    product = createProduct("p1");
    createDevice("p1", "meter-0001");
  }

  @Test
  void textCommandIsAnsweredWithTheDevicesText() {
    var link =
        sessions.connect(
            product, "meter-0001", req -> ("ok:" + new String(req, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    Response r = post(COMMANDS, "{\"payload\":\"reboot\",\"encoding\":\"text\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode a = r.json();
    assertThat(a.get("response").stringValue()).isEqualTo("ok:reboot");
    assertThat(a.get("encoding").stringValue()).isEqualTo("text");
    assertThat(link.sent).hasSize(1);
    assertThat(link.sent.get(0).topic()).isEqualTo("$sys/p1/meter-0001/cmd/request/" + a.get("id").stringValue());
    assertThat(link.sent.get(0).payload()).isEqualTo("reboot".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void base64CommandIsAnsweredInBase64() {
    var link = sessions.connect(product, "meter-0001", req -> new byte[] {1, 2, 3});
    String payload = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 0});
    Response r = post(COMMANDS, "{\"payload\":\"" + payload + "\",\"encoding\":\"base64\",\"timeoutMs\":2000}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("encoding").stringValue()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(r.json().get("response").stringValue())).containsExactly(1, 2, 3);
    assertThat(link.sent.get(0).payload()).containsExactly((byte) 0xff, 0);
  }

  @Test
  void textAnswerThatIsNotUtf8ComesBackAsBase64() {
    sessions.connect(product, "meter-0001", req -> new byte[] {(byte) 0xc3, (byte) 0x28});
    JsonNode a = post(COMMANDS, "{\"payload\":\"hi\"}").json();
    assertThat(a.get("encoding").stringValue()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(a.get("response").stringValue())).containsExactly(0xc3, 0x28);
  }

  @Test
  void offlineDeviceIs409DeviceOffline() {
    post(COMMANDS, "{\"payload\":\"reboot\"}").problem(409, "device_offline");
  }

  @Test
  void unansweredCommandIs504TimeoutWithItsId() {
    var link = sessions.connect(product, "meter-0001", null);
    JsonNode p = post(COMMANDS, "{\"payload\":\"reboot\",\"timeoutMs\":1000}").problem(504, "timeout");
    assertThat(link.sent.get(0).topic()).endsWith("/" + p.get("id").stringValue());
  }

  @Test
  void invalidCommandsAre400() {
    sessions.connect(product, "meter-0001", req -> req);
    assertThat(post(COMMANDS, "{\"payload\":\"x\",\"timeoutMs\":50}").problem(400, "invalid_body").get("detail").stringValue())
        .startsWith("timeoutMs");
    post(COMMANDS, "{\"payload\":\"x\",\"timeoutMs\":30001}").problem(400, "invalid_body");
    post(COMMANDS, "{\"payload\":\"x\",\"timeoutMs\":\"soon\"}").problem(400, "invalid_body");
    assertThat(post(COMMANDS, "{}").problem(400, "invalid_body").get("detail").stringValue()).startsWith("payload");
    post(COMMANDS, "{\"payload\":\"x\",\"encoding\":\"hex\"}").problem(400, "invalid_body");
    post(COMMANDS, "{\"payload\":\"***\",\"encoding\":\"base64\"}").problem(400, "invalid_body");
  }

  @Test
  void unknownDeviceIs404() {
    post("/api/v1/products/p1/devices/meter-9999/commands", "{\"payload\":\"x\"}").problem(404, "device_not_found");
  }

  @Test
  void roundTripsAreCounted() {
    sessions.connect(product, "meter-0001", req -> req);
    post(COMMANDS, "{\"payload\":\"x\"}");
    assertThat(send("GET", "/metrics", null, null).body())
        .contains("porta_commands_round_trip_seconds_count{outcome=\"answered\"} 1");
  }

  @Test
  void durationsAreRecordedByDialectAndOutcome() {
    String metrics = send("GET", "/metrics", null, null).body();
    // Every series exists from the start, for every dialect.
    assertThat(metrics)
        .contains("porta_command_duration_seconds_count{dialect=\"onenet\",outcome=\"success\"} 0")
        .contains("porta_command_duration_seconds_count{dialect=\"aliyun\",outcome=\"timeout\"} 0");

    post(COMMANDS, "{\"payload\":\"x\"}").problem(409, "device_offline");
    sessions.connect(product, "meter-0001", req -> req);
    assertThat(post(COMMANDS, "{\"payload\":\"x\"}").status()).isEqualTo(200);
    sessions.connect(product, "meter-0001", null);
    post(COMMANDS, "{\"payload\":\"x\",\"timeoutMs\":1000}").problem(504, "timeout");

    metrics = send("GET", "/metrics", null, null).body();
    assertThat(metrics)
        .contains("porta_command_duration_seconds_count{dialect=\"onenet\",outcome=\"success\"} 1")
        .contains("porta_command_duration_seconds_count{dialect=\"onenet\",outcome=\"offline\"} 1")
        .contains("porta_command_duration_seconds_count{dialect=\"onenet\",outcome=\"timeout\"} 1")
        .contains("porta_command_duration_seconds_count{dialect=\"onenet\",outcome=\"error\"} 0")
        .contains("porta_command_duration_seconds_bucket{");
  }

  @Test
  void customTopicCommandGoesOutAsRrpcOnThatTopic() {
    Product aliyun = createProduct("a1CmdPk0001", "aliyun");
    createDevice("a1CmdPk0001", "lamp-0001");
    var link = sessions.connect(aliyun, "lamp-0001", req -> "done".getBytes(StandardCharsets.UTF_8));
    String topic = "/a1CmdPk0001/lamp-0001/user/cmd";
    Response r =
        post(
            "/api/v1/products/a1CmdPk0001/devices/lamp-0001/commands",
            "{\"payload\":\"on\",\"topic\":\"" + topic + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("response").stringValue()).isEqualTo("done");
    assertThat(link.sent.get(0).topic()).isEqualTo("/ext/rrpc/" + r.json().get("id").stringValue() + topic);
  }

  @Test
  void customTopicTheDialectRefusesIs400() {
    var link = sessions.connect(product, "meter-0001", req -> req);
    JsonNode p = post(COMMANDS, "{\"payload\":\"x\",\"topic\":\"/p1/meter-0001/user/cmd\"}").problem(400, "invalid_body");
    assertThat(p.get("detail").stringValue()).startsWith("topic").contains("custom topic");
    post(COMMANDS, "{\"payload\":\"x\",\"topic\":7}").problem(400, "invalid_body");
    assertThat(link.sent).isEmpty();
  }
}
