package io.porta.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.Dialect;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.session.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST …/messages} and {@code POST …/broadcast}. */
class DownlinkApiTest extends ApiTestBase {
  private static final String PK = "a1DownPk001";
  private static final String MESSAGES = "/api/v1/products/" + PK + "/devices/lamp-0001/messages";
  private static final String BROADCAST = "/api/v1/products/" + PK + "/broadcast";
  private static final String OWN_TOPIC = "/" + PK + "/lamp-0001/user/get";
  private final DeviceKey lamp = new DeviceKey(PK, "lamp-0001");
  private Product aliyun;
  private Product onenet;

  @Override
  List<Dialect> dialects() {
    return List.of(new TestDialect("onenet"), new TestAliyunDialect());
  }

  @BeforeEach
  void devices() {
    aliyun = createProduct(PK, "aliyun");
    createDevice(PK, "lamp-0001");
    createDevice(PK, "lamp-0002");
    onenet = createProduct("p1");
    createDevice("p1", "meter-0001");
  }

  private static String message(String topic, String payload, String more) {
    return "{\"topic\":\"" + topic + "\",\"payload\":\"" + payload + "\"" + more + "}";
  }

  private static String text(OutboundMessage m) {
    return new String(m.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void qos0ToAnOnlineDeviceIsDelivered() {
    var link = sessions.connect(aliyun, "lamp-0001", null);
    Response r = post(MESSAGES, message(OWN_TOPIC, "on", ""));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("id").stringValue()).isNotBlank();
    assertThat(r.json().get("status").stringValue()).isEqualTo("delivered");
    OutboundMessage sent = link.sent.get(0);
    assertThat(sent.topic()).isEqualTo(OWN_TOPIC);
    assertThat(text(sent)).isEqualTo("on");
    assertThat(sent.qos()).isZero();
    assertThat(sent.onlyIfSubscribed()).isTrue();
    assertThat(sessionQueue.queued).isEmpty();
  }

  @Test
  void base64PayloadAndQos1GoOutAsGiven() {
    var link = sessions.connect(aliyun, "lamp-0001", null);
    Response r = post(MESSAGES, message(OWN_TOPIC, "/wAB", ",\"encoding\":\"base64\",\"qos\":1"));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(link.sent.get(0).payload()).containsExactly(0xff, 0, 1);
    assertThat(link.sent.get(0).qos()).isEqualTo(1);
  }

  @Test
  void qos1ToAnOfflineDeviceWithAPersistentSessionIsQueued() {
    sessionQueue.persistent.add(lamp);
    Response r = post(MESSAGES, message(OWN_TOPIC, "on", ",\"qos\":1"));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("status").stringValue()).isEqualTo("queued");
    assertThat(sessionQueue.queued).singleElement().satisfies(q -> {
      assertThat(q.device()).isEqualTo(lamp);
      assertThat(q.message().topic()).isEqualTo(OWN_TOPIC);
      assertThat(q.message().qos()).isEqualTo(1);
      assertThat(text(q.message())).isEqualTo("on");
    });
  }

  @Test
  void qos1ToAnOnlineDeviceWithAPersistentSessionIsDeliveredThroughItsQueue() {
    sessions.connect(aliyun, "lamp-0001", null);
    sessionQueue.persistent.add(lamp);
    Response r = post(MESSAGES, message(OWN_TOPIC, "on", ",\"qos\":1"));
    assertThat(r.json().get("status").stringValue()).isEqualTo("delivered");
    assertThat(sessionQueue.queued).hasSize(1);
  }

  @Test
  void offlineDeviceWithoutAPersistentSessionIs409DeviceOffline() {
    post(MESSAGES, message(OWN_TOPIC, "on", "")).problem(409, "device_offline");
    post(MESSAGES, message(OWN_TOPIC, "on", ",\"qos\":1")).problem(409, "device_offline");
    assertThat(sessionQueue.queued).isEmpty();
  }

  @Test
  void onlineDeviceNotSubscribedToTheTopicIs409NotSubscribed() {
    var link = sessions.connect(aliyun, "lamp-0001", null);
    link.subscribed = topic -> false;
    post(MESSAGES, message(OWN_TOPIC, "on", "")).problem(409, "not_subscribed");
    assertThat(link.sent).isEmpty();
  }

  @Test
  void topicTheDeviceMayNotSubscribeToIs400() {
    var link = sessions.connect(aliyun, "lamp-0001", null);
    String others = "/" + PK + "/lamp-0002/user/get";
    JsonNode p = post(MESSAGES, message(others, "on", "")).problem(400, "invalid_body");
    assertThat(p.get("detail").stringValue()).startsWith("topic").contains(others);
    assertThat(link.sent).isEmpty();
    sessions.connect(onenet, "meter-0001", null);
    post("/api/v1/products/p1/devices/meter-0001/messages", message("$sys/p1/meter-0001/cmd", "x", ""))
        .problem(400, "invalid_body");
  }

  @Test
  void invalidBodiesAre400NamingTheField() {
    sessions.connect(aliyun, "lamp-0001", null);
    assertThat(detail(post(MESSAGES, message(OWN_TOPIC, "on", ",\"qos\":2")))).startsWith("qos");
    assertThat(detail(post(MESSAGES, message(OWN_TOPIC, "on", ",\"qos\":\"1\"")))).startsWith("qos");
    assertThat(detail(post(MESSAGES, message(OWN_TOPIC, "on", ",\"encoding\":\"hex\"")))).startsWith("encoding");
    assertThat(detail(post(MESSAGES, message(OWN_TOPIC, "***", ",\"encoding\":\"base64\"")))).startsWith("payload");
    assertThat(detail(post(MESSAGES, "{\"payload\":\"on\"}"))).startsWith("topic");
    assertThat(detail(post(MESSAGES, "{\"topic\":\"" + OWN_TOPIC + "\"}"))).startsWith("payload");
  }

  private static String detail(Response r) {
    return r.problem(400, "invalid_body").get("detail").stringValue();
  }

  @Test
  void unknownDeviceOrProductIs404() {
    post("/api/v1/products/" + PK + "/devices/lamp-9999/messages", message(OWN_TOPIC, "on", ""))
        .problem(404, "device_not_found");
    post("/api/v1/products/nope/devices/lamp-0001/messages", message(OWN_TOPIC, "on", ""))
        .problem(404, "product_not_found");
    post("/api/v1/products/nope/broadcast", message("news", "hi", "")).problem(404, "product_not_found");
  }

  @Test
  void broadcastReachesTheOnlineDevicesSubscribedToIt() {
    var subscribed = sessions.connect(aliyun, "lamp-0001", null);
    var other = sessions.connect(aliyun, "lamp-0002", null);
    other.subscribed = topic -> false;
    var elsewhere = sessions.connect(onenet, "meter-0001", null);
    Response r = post(BROADCAST, message("news", "AAE=", ",\"encoding\":\"base64\""));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    JsonNode a = r.json();
    assertThat(a.get("id").stringValue()).isNotBlank();
    assertThat(a.get("devices").intValue()).isEqualTo(1);
    assertThat(a.get("topic").stringValue()).isEqualTo("/broadcast/" + PK + "/news");
    OutboundMessage sent = subscribed.sent.get(0);
    assertThat(sent.topic()).isEqualTo("/broadcast/" + PK + "/news");
    assertThat(sent.payload()).containsExactly(0, 1);
    assertThat(sent.qos()).isZero();
    assertThat(other.sent).isEmpty();
    assertThat(elsewhere.sent).isEmpty();
  }

  @Test
  void broadcastWithNobodyOnlineReachesNoDevice() {
    Response r = post(BROADCAST, message("/broadcast/" + PK + "/news", "hi", ""));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("devices").intValue()).isZero();
  }

  @Test
  void badBroadcastTopicIs400() {
    assertThat(detail(post(BROADCAST, message("/broadcast/a1Other0001/news", "hi", ""))))
        .startsWith("topic")
        .contains("/broadcast/" + PK + "/");
    assertThat(detail(post("/api/v1/products/p1/broadcast", message("news", "hi", "")))).startsWith("topic");
    assertThat(detail(post(BROADCAST, "{\"payload\":\"hi\"}"))).startsWith("topic");
    assertThat(detail(post(BROADCAST, message("news", "hi", ",\"encoding\":\"hex\"")))).startsWith("encoding");
  }
}
