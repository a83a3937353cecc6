package io.porta.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.message.UplinkMessage;
import io.porta.core.model.DeviceKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MessageLogApiTest extends ApiTestBase {
  private static final String MESSAGES = "/api/v1/products/p1/devices/meter-0001/messages";
  private final DeviceKey key = new DeviceKey("p1", "meter-0001");

  @BeforeEach
  void device() {
    createProduct("p1");
    createDevice("p1", "meter-0001");
    messageLog.add(key, new UplinkMessage("/p1/meter-0001/user/update", 1000, utf8("温度=21")));
    messageLog.add(key, new UplinkMessage("/p1/meter-0001/user/raw", 2000, new byte[] {(byte) 0xc3, 0x28, 0}));
    messageLog.add(key, new UplinkMessage("/p1/meter-0001/user/update", 3000, new byte[0]));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void messagesComeNewestFirstWithTextOrBase64Payloads() {
    Response r = get(MESSAGES);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode items = r.json().get("items");
    assertThat(items).hasSize(3);
    assertThat(items.get(0).get("time").longValue()).isEqualTo(3000);
    assertThat(items.get(0).get("payload").stringValue()).isEmpty();
    assertThat(items.get(0).get("encoding").stringValue()).isEqualTo("text");
    JsonNode raw = items.get(1);
    assertThat(raw.get("topic").stringValue()).isEqualTo("/p1/meter-0001/user/raw");
    assertThat(raw.get("time").longValue()).isEqualTo(2000);
    assertThat(raw.get("encoding").stringValue()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(raw.get("payload").stringValue())).containsExactly(0xc3, 0x28, 0);
    JsonNode text = items.get(2);
    assertThat(text.get("topic").stringValue()).isEqualTo("/p1/meter-0001/user/update");
    assertThat(text.get("payload").stringValue()).isEqualTo("温度=21");
    assertThat(text.get("encoding").stringValue()).isEqualTo("text");
    assertThat(messageLog.lastQuery.limit()).isEqualTo(100);
    assertThat(messageLog.lastQuery.ascending()).isFalse();
  }

  @Test
  void filtersAreHandedToTheRepository() {
    JsonNode items = get(MESSAGES + "?from=1500&to=1970-01-01T00:00:03Z&limit=1").json().get("items");
    assertThat(items).hasSize(1);
    assertThat(items.get(0).get("time").longValue()).isEqualTo(3000);
    var q = messageLog.lastQuery;
    assertThat(q.device()).isEqualTo(key);
    assertThat(q.fromMs()).isEqualTo(1500L);
    assertThat(q.toMs()).isEqualTo(3000L);
    assertThat(q.limit()).isEqualTo(1);
    assertThat(q.topic()).isNull();
    get(MESSAGES + "?topic=/p1/meter-0001/user/raw");
    assertThat(messageLog.lastQuery.topic()).isEqualTo("/p1/meter-0001/user/raw");
  }

  @Test
  void invalidParamsAre400() {
    get(MESSAGES + "?limit=0").problem(400, "invalid_param");
    get(MESSAGES + "?limit=1001").problem(400, "invalid_param");
    get(MESSAGES + "?limit=many").problem(400, "invalid_param");
    get(MESSAGES + "?to=tomorrow").problem(400, "invalid_param");
    assertThat(get(MESSAGES + "?from=2000&to=1000").problem(400, "invalid_param").get("detail").stringValue())
        .startsWith("from");
  }

  @Test
  void unknownDeviceOrProductIs404() {
    get("/api/v1/products/p1/devices/meter-9999/messages").problem(404, "device_not_found");
    get("/api/v1/products/p9/devices/meter-0001/messages").problem(404, "product_not_found");
  }
}
