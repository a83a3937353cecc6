package io.porta.server.it;

import static io.porta.server.it.AliyunFeaturesIT.awaitPuback;
import static io.porta.server.it.AliyunFeaturesIT.connect;
import static io.porta.server.it.AliyunFeaturesIT.eventually;
import static io.porta.server.it.AliyunFeaturesIT.subscribe;
import static io.porta.server.it.AliyunFeaturesIT.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.porta.server.it.RawMqttClient.Packet;
import io.porta.server.it.RawMqttClient.Publish;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The thing model of both dialects side by side in one server (issue 5 §1, §2): an Alibaba product
 * speaking Alink (protocols.md B.6) and a OneNET product speaking OneJSON (A.7.5), driven by real
 * clients — a raw-bytes MQTT client for Alibaba devices, the HiveMQ client for OneNET devices — and by
 * the REST endpoints of api.md "Thing model, shadow, events". Each test has its own device.
 */
class ThingModelIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String PK = "a1ThingPk01";
  static final String PID = "thingon01";

  static PortaTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = PortaTestServer.start();
    server.rest().createProduct("aliyun", PK);
    server.rest().createProduct("onenet", PID);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ==== Alibaba (Alink) =========================================================================

  /** B.6.2 and design.md: the Node.js SDK's id comes back verbatim, with code, message and data. */
  @Test
  void aliyunPropertyPostIsStoredWithItsTimeAndRepliedWithTheIdVerbatim() throws Exception {
    String dn = "al-post";
    String sys = sys(dn);
    String id = "2|exp-topic|" + sys + "thing/event/property/post_reply";
    try (RawMqttClient c = aliyun(dn)) {
      assertThat(subscribe(c, 1, sys + "thing/event/property/post_reply")).isIn(0, 1);
      c.write(RawMqttClient.publish(sys + "thing/event/property/post", 1, false, 2, utf8(
          "{\"id\":\"" + id + "\",\"version\":\"1.0\",\"params\":{\"Power\":{\"value\":\"on\",\"time\":1524448722000},"
              + "\"WF\":{\"value\":23.6,\"time\":1524448722000}},\"method\":\"thing.event.property.post\"}")));
      Publish reply = pubackThenReply(c, 2);
      assertThat(reply.topic()).isEqualTo(sys + "thing/event/property/post_reply");
      assertThat(JSON.readTree(reply.text()))
          .isEqualTo(JSON.readTree("{\"id\":" + JSON.writeValueAsString(id) + ",\"code\":200,\"message\":\"success\",\"data\":{}}"));
    }
    JsonNode power = rest("GET", "/products/" + PK + "/devices/" + dn + "/datapoints?stream=Power", null, 200).get("items");
    assertThat(power).hasSize(1);
    assertThat(power.get(0).get("time").asLong()).isEqualTo(1524448722000L);
    assertThat(power.get(0).get("value").asText()).isEqualTo("on");
    JsonNode stored = rest("GET", "/products/" + PK + "/devices/" + dn + "/properties", null, 200);
    assertThat(stored.get("data").get("WF").get("value").decimalValue()).isEqualByComparingTo("23.6");
    assertThat(stored.get("data").get("WF").get("time").asLong()).isEqualTo(1524448722000L);
  }

  /** B.6.1: {@code "sys":{"ack":0}} stores without a reply; the next request (ack 1) is answered. */
  @Test
  void aliyunSysAck0IsStoredWithoutAReply() throws Exception {
    String dn = "al-noack";
    String sys = sys(dn);
    try (RawMqttClient c = aliyun(dn)) {
      subscribe(c, 1, sys + "thing/event/property/post_reply");
      AliyunFeaturesIT.publishAcked(c, 2, sys + "thing/event/property/post", "{\"id\":\"1\",\"sys\":{\"ack\":0},\"params\":{\"n\":1}}");
      c.write(RawMqttClient.publish(sys + "thing/event/property/post", 1, false, 3, utf8("{\"id\":\"2\",\"sys\":{\"ack\":1},\"params\":{\"n\":2}}")));
      Publish reply = pubackThenReply(c, 3);
      assertThat(JSON.readTree(reply.text()).get("id").asText()).as("the first reply answers the second post").isEqualTo("2");
    }
    assertThat(rest("GET", "/products/" + PK + "/devices/" + dn + "/datapoints?stream=n", null, 200).get("items")).hasSize(2);
  }

  /** B.6.3: bad params get 460 with the id echoed; the connection stays; nothing stored. */
  @Test
  void aliyunBadParamsGet460AndTheConnectionStays() throws Exception {
    String dn = "al-460";
    String sys = sys(dn);
    try (RawMqttClient c = aliyun(dn)) {
      subscribe(c, 1, sys + "thing/event/+/post_reply");
      c.write(RawMqttClient.publish(sys + "thing/event/property/post", 1, false, 2, utf8("{\"id\":\"31\",\"params\":{\"bad-name\":1}}")));
      JsonNode reply = JSON.readTree(pubackThenReply(c, 2).text());
      assertThat(reply.get("code").asInt()).isEqualTo(460);
      assertThat(reply.get("id").asText()).isEqualTo("31");
      assertThat(reply.get("message").asText()).contains("identifier");
      assertThat(reply.get("data")).isEqualTo(JSON.readTree("{}"));
      c.write(RawMqttClient.publish(sys + "thing/event/Alarm/post", 1, false, 3, utf8("{\"id\":\"32\",\"params\":{\"value\":{},\"time\":\"soon\"}}")));
      assertThat(JSON.readTree(pubackThenReply(c, 3).text()).get("code").asInt()).isEqualTo(460);
      AliyunFeaturesIT.ping(c);
    }
    assertThat(rest("GET", "/products/" + PK + "/devices/" + dn + "/datapoints", null, 200).get("items")).isEmpty();
  }

  /** B.6.2 event post → a device event ({@code GET …/events?type=event}), with its {@code _reply}. */
  @Test
  void aliyunEventPostIsADeviceEvent() throws Exception {
    String dn = "al-event";
    String sys = sys(dn);
    try (RawMqttClient c = aliyun(dn)) {
      subscribe(c, 1, sys + "thing/event/Error/post_reply");
      c.write(RawMqttClient.publish(sys + "thing/event/Error/post", 1, false, 2, utf8(
          "{\"id\":\"7\",\"version\":\"1.0\",\"params\":{\"value\":{\"ErrorCode\":3},\"time\":1524448722000},\"method\":\"thing.event.Error.post\"}")));
      Publish reply = pubackThenReply(c, 2);
      assertThat(reply.topic()).isEqualTo(sys + "thing/event/Error/post_reply");
      assertThat(JSON.readTree(reply.text()).get("code").asInt()).isEqualTo(200);
    }
    JsonNode events = rest("GET", "/products/" + PK + "/devices/" + dn + "/events?type=event", null, 200).get("items");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("identifier").asText()).isEqualTo("Error");
    assertThat(events.get(0).get("time").asLong()).isEqualTo(1524448722000L);
    assertThat(events.get(0).get("data")).isEqualTo(JSON.readTree("{\"ErrorCode\":3}"));
  }

  /** api.md: {@code PUT …/properties} → {@code thing/service/property/set}; the device's reply is the answer. */
  @Test
  void aliyunPropertySetReturnsTheDevicesReply() throws Exception {
    String dn = "al-set";
    String sys = sys(dn);
    try (RawMqttClient c = aliyun(dn)) {
      subscribe(c, 1, sys + "thing/service/property/set");
      CompletableFuture<RestClient.Response> call =
          async("PUT", "/products/" + PK + "/devices/" + dn + "/properties", "{\"params\":{\"Power\":\"on\",\"Level\":3}}");
      Publish request = c.readPublish();
      assertThat(request.topic()).isEqualTo(sys + "thing/service/property/set");
      JsonNode body = JSON.readTree(request.text());
      assertThat(body.get("method").asText()).isEqualTo("thing.service.property.set");
      assertThat(body.get("version").asText()).isEqualTo("1.0");
      assertThat(body.get("params")).isEqualTo(JSON.readTree("{\"Power\":\"on\",\"Level\":3}"));
      String id = body.get("id").asText();
      assertThat(id).matches("[0-9]{1,10}");
      c.write(RawMqttClient.publish(sys + "thing/service/property/set_reply", 0, false, 0, utf8("{\"id\":\"" + id + "\",\"code\":200,\"data\":{}}")));
      RestClient.Response r = call.get(30, TimeUnit.SECONDS);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json()).isEqualTo(JSON.readTree("{\"id\":\"" + id + "\",\"code\":200,\"message\":\"success\",\"data\":{}}"));
    }
  }

  /** Property get: params are the identifiers; {@code data} of the device's reply comes back. */
  @Test
  void aliyunPropertyGetReturnsTheDevicesValues() throws Exception {
    String dn = "al-get";
    String sys = sys(dn);
    try (RawMqttClient c = aliyun(dn)) {
      subscribe(c, 1, sys + "thing/service/property/get");
      CompletableFuture<RestClient.Response> call =
          async("GET", "/products/" + PK + "/devices/" + dn + "/properties?identifiers=Power,WF", null);
      Publish request = c.readPublish();
      JsonNode body = JSON.readTree(request.text());
      assertThat(body.get("params")).isEqualTo(JSON.readTree("[\"Power\",\"WF\"]"));
      assertThat(body.get("method").asText()).isEqualTo("thing.service.property.get");
      c.write(RawMqttClient.publish(sys + "thing/service/property/get_reply", 0, false, 0, utf8(
          "{\"id\":\"" + body.get("id").asText() + "\",\"code\":200,\"message\":\"success\",\"data\":{\"Power\":\"on\",\"WF\":21.5}}")));
      RestClient.Response r = call.get(30, TimeUnit.SECONDS);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("data")).isEqualTo(JSON.readTree("{\"Power\":\"on\",\"WF\":21.5}"));
    }
  }

  /** Async service: {@code thing/service/{id}} → {@code {id}_reply}, the device's output data and code returned. */
  @Test
  void aliyunAsyncServiceReturnsTheOutputData() throws Exception {
    String dn = "al-async";
    String sys = sys(dn);
    try (RawMqttClient c = aliyun(dn)) {
      subscribe(c, 1, sys + "thing/service/Reboot");
      CompletableFuture<RestClient.Response> call =
          async("POST", "/products/" + PK + "/devices/" + dn + "/services/Reboot", "{\"params\":{\"delay\":5},\"mode\":\"async\"}");
      Publish request = c.readPublish();
      assertThat(request.topic()).isEqualTo(sys + "thing/service/Reboot");
      JsonNode body = JSON.readTree(request.text());
      assertThat(body.get("method").asText()).isEqualTo("thing.service.Reboot");
      assertThat(body.get("params")).isEqualTo(JSON.readTree("{\"delay\":5}"));
      c.write(RawMqttClient.publish(sys + "thing/service/Reboot_reply", 1, false, 9, utf8(
          "{\"id\":\"" + body.get("id").asText() + "\",\"code\":100001,\"message\":\"busy\",\"data\":{\"retryIn\":30}}")));
      awaitPuback(c, 9);
      RestClient.Response r = call.get(30, TimeUnit.SECONDS);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("code").asInt()).as("a device-defined error code passes through").isEqualTo(100001);
      assertThat(r.json().get("message").asText()).isEqualTo("busy");
      assertThat(r.json().get("data")).isEqualTo(JSON.readTree("{\"retryIn\":30}"));
    }
  }

  /** Sync service (the default): RRPC {@code /ext/rrpc/{msgId}/sys/…/thing/service/{id}}, answered on the same topic. */
  @Test
  void aliyunSyncServiceTravelsOverRrpc() throws Exception {
    String dn = "al-sync";
    String sys = sys(dn);
    try (RawMqttClient c = aliyun(dn)) {
      assertThat(subscribe(c, 1, "/ext/rrpc/+" + sys + "thing/service/+")).isIn(0, 1);
      CompletableFuture<RestClient.Response> call =
          async("POST", "/products/" + PK + "/devices/" + dn + "/services/GetStatus", "{\"params\":{}}");
      Publish request = c.readPublish();
      assertThat(request.topic()).matches("/ext/rrpc/[0-9]+" + java.util.regex.Pattern.quote(sys + "thing/service/GetStatus"));
      JsonNode body = JSON.readTree(request.text());
      assertThat(body.get("method").asText()).isEqualTo("thing.service.GetStatus");
      c.write(RawMqttClient.publish(request.topic(), 0, false, 0, utf8(
          "{\"id\":\"" + body.get("id").asText() + "\",\"code\":200,\"data\":{\"status\":\"idle\"}}")));
      RestClient.Response r = call.get(30, TimeUnit.SECONDS);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("id").asText()).isEqualTo(body.get("id").asText());
      assertThat(r.json().get("data")).isEqualTo(JSON.readTree("{\"status\":\"idle\"}"));
    }
  }

  @Test
  void aliyunCallsToASilentDeviceTimeOutAndToAnOfflineOneAre409() throws Exception {
    String dn = "al-silent";
    try (RawMqttClient c = aliyun(dn)) {
      subscribe(c, 1, sys(dn) + "thing/service/property/set");
      RestClient.Response r =
          server.rest().put("/products/" + PK + "/devices/" + dn + "/properties", "{\"params\":{\"Power\":\"on\"},\"timeoutMs\":1000}");
      assertThat(r.status()).as(r.body()).isEqualTo(504);
      assertThat(r.json().get("code").asText()).isEqualTo("timeout");
      assertThat(c.readPublish().topic()).as("the request did go out").endsWith("thing/service/property/set");
    }
    server.rest().createDevice(PK, "al-offline");
    RestClient.Response offline =
        server.rest().post("/products/" + PK + "/devices/al-offline/services/Reboot", "{\"params\":{}}");
    assertThat(offline.status()).as(offline.body()).isEqualTo(409);
    assertThat(offline.json().get("code").asText()).isEqualTo("device_offline");
  }

  @Test
  void restRefusesBadThingRequestsWith400() {
    server.rest().createDevice(PK, "al-badrest");
    String device = "/products/" + PK + "/devices/al-badrest";
    assertThat(server.rest().put(device + "/properties", "{\"params\":{}}").status()).isEqualTo(400);
    assertThat(server.rest().put(device + "/properties", "{\"params\":{\"a b\":1}}").status()).isEqualTo(400);
    assertThat(server.rest().get(device + "/properties?identifiers=a,,b").status()).isEqualTo(400);
    assertThat(server.rest().post(device + "/services/Reboot", "{\"mode\":\"later\"}").status()).isEqualTo(400);
    assertThat(server.rest().post(device + "/services/Re-boot", "{}").status()).isEqualTo(400);
    assertThat(server.rest().put(device + "/properties", "{\"params\":{\"a\":1},\"timeoutMs\":60000}").status())
        .as("Alibaba RRPC timeouts are 1-8 s")
        .isEqualTo(400);
    assertThat(server.rest().put("/products/" + PK + "/devices/nobody/properties", "{\"params\":{\"a\":1}}").status()).isEqualTo(404);
  }

  /** B.6.2 desired properties: set over REST, read and deleted (by version) by the device. */
  @Test
  void aliyunDesiredPropertiesAreReadAndDeletedByTheDevice() throws Exception {
    String dn = "al-desired";
    String sys = sys(dn);
    String desired = "/products/" + PK + "/devices/" + dn + "/properties/desired";
    try (RawMqttClient c = aliyun(dn)) {
      JsonNode set = rest("PUT", desired, "{\"params\":{\"Power\":\"on\",\"Level\":3}}", 200);
      assertThat(set.get("data").get("Power").get("version").asLong()).isEqualTo(1);
      assertThat(rest("PUT", desired, "{\"params\":{\"Level\":4}}", 200).get("data").get("Level").get("version").asLong())
          .isEqualTo(2);
      subscribe(c, 1, sys + "thing/property/desired/+");
      c.write(RawMqttClient.publish(sys + "thing/property/desired/get", 1, false, 2,
          utf8("{\"id\":\"12\",\"version\":\"1.0\",\"params\":[\"Power\",\"Level\"],\"method\":\"thing.property.desired.get\"}")));
      Publish get = pubackThenReply(c, 2);
      assertThat(get.topic()).isEqualTo(sys + "thing/property/desired/get_reply");
      assertThat(JSON.readTree(get.text())).isEqualTo(JSON.readTree(
          "{\"id\":\"12\",\"code\":200,\"message\":\"success\",\"data\":"
              + "{\"Level\":{\"value\":4,\"version\":2},\"Power\":{\"value\":\"on\",\"version\":1}}}"));
      c.write(RawMqttClient.publish(sys + "thing/property/desired/delete", 1, false, 3,
          utf8("{\"id\":\"13\",\"params\":{\"Power\":{\"version\":1},\"Level\":{\"version\":1}},\"method\":\"thing.property.desired.delete\"}")));
      Publish delete = pubackThenReply(c, 3);
      assertThat(delete.topic()).isEqualTo(sys + "thing/property/desired/delete_reply");
      assertThat(JSON.readTree(delete.text()).get("code").asInt()).isEqualTo(200);
    }
    JsonNode left = rest("GET", desired, null, 200).get("data");
    assertThat(left.has("Power")).as("version 1 applied and deleted").isFalse();
    assertThat(left.get("Level").get("version").asLong()).as("version 2 was not the one deleted").isEqualTo(2);
    assertThat(server.rest().delete(desired + "?identifiers=Level").status()).isEqualTo(204);
    assertThat(rest("GET", desired, null, 200).get("data").isEmpty()).isTrue();
  }

  // ==== OneNET (OneJSON) ========================================================================

  /** A.7.5 property post → data points with their time, {@code …/post/reply} with {@code msg}. */
  @Test
  void onenetPropertyPostIsStoredAndReplied() throws Exception {
    try (MqttClients.Device d = onenet("on-post")) {
      d.subscribe(d.topic("thing/property/post/reply"));
      d.publish(d.topic("thing/property/post"),
          "{\"id\":\"123\",\"version\":\"1.0\",\"params\":{\"Power\":{\"value\":\"on\",\"time\":1524448722123},\"Temp\":{\"value\":21.5}}}",
          MqttQos.AT_LEAST_ONCE);
      Mqtt3Publish reply = d.receive().orElseThrow();
      assertThat(reply.getTopic().toString()).isEqualTo(d.topic("thing/property/post/reply"));
      assertThat(JSON.readTree(MqttClients.Device.text(reply)))
          .isEqualTo(JSON.readTree("{\"id\":\"123\",\"code\":200,\"msg\":\"success\",\"data\":{}}"));
    }
    JsonNode power = rest("GET", "/products/" + PID + "/devices/on-post/datapoints?stream=Power", null, 200).get("items");
    assertThat(power.get(0).get("time").asLong()).isEqualTo(1524448722123L);
    assertThat(power.get(0).get("value").asText()).isEqualTo("on");
  }

  @Test
  void onenetBadPropertyPostGets400AndTheConnectionStays() throws Exception {
    try (MqttClients.Device d = onenet("on-bad")) {
      d.subscribe(d.topic("thing/property/post/reply"));
      d.publish(d.topic("thing/property/post"), "{\"id\":\"9\",\"params\":\"nope\"}", MqttQos.AT_LEAST_ONCE);
      JsonNode reply = JSON.readTree(MqttClients.Device.text(d.receive().orElseThrow()));
      assertThat(reply.get("id").asText()).isEqualTo("9");
      assertThat(reply.get("code").asInt()).isEqualTo(400);
      assertThat(reply.get("msg").asText()).isNotEmpty();
      assertThat(d.client.getState().isConnected()).isTrue();
    }
  }

  /** A.7.5 event post: several events in one post, each a device event. */
  @Test
  void onenetEventPostIsStoredAsDeviceEvents() throws Exception {
    try (MqttClients.Device d = onenet("on-event")) {
      d.subscribe(d.topic("thing/event/post/reply"));
      d.publish(d.topic("thing/event/post"),
          "{\"id\":\"5\",\"params\":{\"alarm\":{\"value\":{\"level\":2},\"time\":1524448722123},\"boot\":{\"value\":{\"reason\":\"power\"}}}}",
          MqttQos.AT_LEAST_ONCE);
      assertThat(JSON.readTree(MqttClients.Device.text(d.receive().orElseThrow())).get("code").asInt()).isEqualTo(200);
    }
    JsonNode events = rest("GET", "/products/" + PID + "/devices/on-event/events?type=event", null, 200).get("items");
    assertThat(events).extracting(e -> e.get("identifier").asText()).containsExactlyInAnyOrder("alarm", "boot");
  }

  /** A.7.5 pack and history posts of the device itself. */
  @Test
  void onenetPackAndHistoryPostsAreStored() throws Exception {
    try (MqttClients.Device d = onenet("on-batch")) {
      d.subscribe(d.topic("thing/pack/post/reply"));
      d.subscribe(d.topic("thing/history/post/reply"));
      d.publish(d.topic("thing/pack/post"),
          "{\"id\":\"1\",\"params\":[{\"identity\":{\"productID\":\"" + PID + "\",\"deviceName\":\"on-batch\"},"
              + "\"properties\":{\"t\":{\"value\":1,\"time\":1000}},\"events\":{\"e\":{\"value\":{},\"time\":1000}}}]}",
          MqttQos.AT_LEAST_ONCE);
      assertThat(JSON.readTree(MqttClients.Device.text(d.receive().orElseThrow())).get("code").asInt()).isEqualTo(200);
      d.publish(d.topic("thing/history/post"),
          "{\"id\":\"2\",\"params\":[{\"properties\":{\"t\":[{\"value\":2,\"time\":2000},{\"value\":3,\"time\":3000}]}}]}",
          MqttQos.AT_LEAST_ONCE);
      Mqtt3Publish history = d.receive().orElseThrow();
      assertThat(history.getTopic().toString()).isEqualTo(d.topic("thing/history/post/reply"));
      d.publish(d.topic("thing/pack/post"),
          "{\"id\":\"3\",\"params\":[{\"identity\":{\"productID\":\"" + PID + "\",\"deviceName\":\"someone-else\"},\"properties\":{\"t\":{\"value\":9}}}]}",
          MqttQos.AT_LEAST_ONCE);
      assertThat(JSON.readTree(MqttClients.Device.text(d.receive().orElseThrow())).get("code").asInt())
          .as("only sub-devices in the gateway's topology")
          .isEqualTo(403);
    }
    JsonNode t = rest("GET", "/products/" + PID + "/devices/on-batch/datapoints?stream=t&order=asc", null, 200).get("items");
    assertThat(t).extracting(p -> p.get("time").asLong()).containsExactly(1000L, 2000L, 3000L);
  }

  /** A.7.5 property set / get and service invoke, driven by the same REST endpoints as Alibaba's. */
  @Test
  void onenetPropertySetGetAndServiceInvokeOverRest() throws Exception {
    try (MqttClients.Device d = onenet("on-calls")) {
      d.subscribe(d.topic("thing/property/set"));
      d.subscribe(d.topic("thing/property/get"));
      d.subscribe(d.topic("thing/service/+/invoke"));

      CompletableFuture<RestClient.Response> set =
          async("PUT", "/products/" + PID + "/devices/on-calls/properties", "{\"params\":{\"Power\":\"off\"}}");
      Mqtt3Publish request = d.receive().orElseThrow();
      assertThat(request.getTopic().toString()).isEqualTo(d.topic("thing/property/set"));
      JsonNode body = JSON.readTree(MqttClients.Device.text(request));
      assertThat(body.has("method")).as("OneJSON has no method").isFalse();
      assertThat(body.get("params")).isEqualTo(JSON.readTree("{\"Power\":\"off\"}"));
      assertThat(body.get("id").asText()).matches("[0-9]{1,13}");
      d.publish(d.topic("thing/property/set_reply"), "{\"id\":\"" + body.get("id").asText() + "\",\"code\":200,\"msg\":\"done\"}", MqttQos.AT_MOST_ONCE);
      RestClient.Response r = set.get(30, TimeUnit.SECONDS);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json()).isEqualTo(JSON.readTree("{\"id\":\"" + body.get("id").asText() + "\",\"code\":200,\"message\":\"done\",\"data\":{}}"));

      CompletableFuture<RestClient.Response> get =
          async("GET", "/products/" + PID + "/devices/on-calls/properties?identifiers=Power", null);
      request = d.receive().orElseThrow();
      assertThat(request.getTopic().toString()).isEqualTo(d.topic("thing/property/get"));
      body = JSON.readTree(MqttClients.Device.text(request));
      assertThat(body.get("params")).isEqualTo(JSON.readTree("[\"Power\"]"));
      d.publish(d.topic("thing/property/get_reply"),
          "{\"id\":\"" + body.get("id").asText() + "\",\"code\":200,\"msg\":\"success\",\"data\":{\"Power\":\"off\"}}", MqttQos.AT_LEAST_ONCE);
      assertThat(get.get(30, TimeUnit.SECONDS).json().get("data")).isEqualTo(JSON.readTree("{\"Power\":\"off\"}"));

      CompletableFuture<RestClient.Response> invoke =
          async("POST", "/products/" + PID + "/devices/on-calls/services/reboot", "{\"params\":{\"delay\":1}}");
      request = d.receive().orElseThrow();
      assertThat(request.getTopic().toString()).isEqualTo(d.topic("thing/service/reboot/invoke"));
      body = JSON.readTree(MqttClients.Device.text(request));
      d.publish(d.topic("thing/service/reboot/invoke_reply"),
          "{\"id\":\"" + body.get("id").asText() + "\",\"code\":200,\"msg\":\"success\",\"data\":{\"ok\":true}}", MqttQos.AT_LEAST_ONCE);
      RestClient.Response answer = invoke.get(30, TimeUnit.SECONDS);
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      assertThat(answer.json().get("data")).isEqualTo(JSON.readTree("{\"ok\":true}"));
    }
  }

  @Test
  void onenetDesiredGetAndDeleteUseTheValuesSetOverRest() throws Exception {
    String desired = "/products/" + PID + "/devices/on-desired/properties/desired";
    try (MqttClients.Device d = onenet("on-desired")) {
      rest("PUT", desired, "{\"params\":{\"Power\":\"on\"}}", 200);
      d.subscribe(d.topic("thing/property/desired/#"));
      d.publish(d.topic("thing/property/desired/get"), "{\"id\":\"4\",\"params\":[\"Power\"]}", MqttQos.AT_LEAST_ONCE);
      Mqtt3Publish get = d.receive().orElseThrow();
      assertThat(get.getTopic().toString()).isEqualTo(d.topic("thing/property/desired/get/reply"));
      assertThat(JSON.readTree(MqttClients.Device.text(get)))
          .isEqualTo(JSON.readTree("{\"id\":\"4\",\"code\":200,\"msg\":\"success\",\"data\":{\"Power\":{\"value\":\"on\",\"version\":1}}}"));
      d.publish(d.topic("thing/property/desired/delete"), "{\"id\":\"5\",\"params\":{\"Power\":{}}}", MqttQos.AT_LEAST_ONCE);
      assertThat(d.receive().orElseThrow().getTopic().toString()).isEqualTo(d.topic("thing/property/desired/delete/reply"));
    }
    assertThat(rest("GET", desired, null, 200).get("data").isEmpty()).isTrue();
  }

  /** A.6: a thing topic OneNET does not define is still an illegal publish: disconnect. */
  @Test
  void onenetUnknownThingTopicDisconnects() throws Exception {
    try (MqttClients.Device d = onenet("on-illegal")) {
      d.publish(d.topic("thing/property/unknown"), "{}", MqttQos.AT_MOST_ONCE);
      eventually(() -> d.client.getState().isConnected(), connected -> !connected);
    }
  }

  /** Thing events and properties reach applications: {@code $app/{pid}/{dn}/events} and {@code …/dp}. */
  @Test
  void applicationsReceiveThingEventsAndProperties() throws Exception {
    RestClient.Response created = server.rest().post("/applications", "{\"name\":\"things\",\"productIds\":[\"" + PID + "\"]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode mqtt = created.json().get("mqtt");
    com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient app = MqttClients.client(server.mqttPort(), "thing-app");
    app.connectWith().simpleAuth().username(mqtt.get("username").asText())
        .password(mqtt.get("password").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)).applySimpleAuth().send();
    try (var inbox = app.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
      app.subscribeWith().topicFilter("$app/" + PID + "/on-app/events").qos(MqttQos.AT_LEAST_ONCE).send();
      app.subscribeWith().topicFilter("$app/" + PID + "/on-app/dp").qos(MqttQos.AT_LEAST_ONCE).send();
      try (MqttClients.Device d = onenet("on-app")) {
        d.publish(d.topic("thing/event/post"), "{\"id\":\"1\",\"params\":{\"alarm\":{\"value\":{\"level\":5},\"time\":1524448722123}}}", MqttQos.AT_LEAST_ONCE);
        Mqtt3Publish event = inbox.receive(20, TimeUnit.SECONDS).orElseThrow();
        assertThat(event.getTopic().toString()).isEqualTo("$app/" + PID + "/on-app/events");
        JsonNode e = JSON.readTree(event.getPayloadAsBytes());
        assertThat(e.get("type").asText()).isEqualTo("events");
        assertThat(e.get("data")).isEqualTo(JSON.readTree("{\"identifier\":\"alarm\",\"time\":1524448722123,\"value\":{\"level\":5}}"));
        d.publish(d.topic("thing/property/post"), "{\"id\":\"2\",\"params\":{\"Power\":{\"value\":\"on\",\"time\":1524448722000}}}", MqttQos.AT_LEAST_ONCE);
        Mqtt3Publish dp = inbox.receive(20, TimeUnit.SECONDS).orElseThrow();
        assertThat(dp.getTopic().toString()).isEqualTo("$app/" + PID + "/on-app/dp");
        assertThat(JSON.readTree(dp.getPayloadAsBytes()).get("data").get("points").get(0).get("stream").asText()).isEqualTo("Power");
      }
    } finally {
      app.disconnect();
    }
  }

  // ==== helpers ================================================================================

  static String sys(String dn) {
    return "/sys/" + PK + "/" + dn + "/";
  }

  static RawMqttClient aliyun(String dn) throws IOException {
    server.rest().createDevice(PK, dn);
    RawMqttClient c = new RawMqttClient(server.mqttPort());
    assertThat(connect(c, server.rest().connection(PK, dn), 0xC2, 60)).as("CONNACK").isZero();
    return c;
  }

  static MqttClients.Device onenet(String name) {
    server.rest().createDevice(PID, name);
    return MqttClients.connect(server, PID, name);
  }

  /** The PUBACK of {@code packetId} (QoS 1: durable) and then the reply PUBLISH, in that order. */
  static Publish pubackThenReply(RawMqttClient c, int packetId) throws IOException {
    Packet p = c.read();
    assertThat(p).as("connection closed").isNotNull();
    assertThat(p.type()).as("PUBACK first, got %s", RawMqttClient.describe(p)).isEqualTo(4);
    assertThat(RawMqttClient.packetId(p)).isEqualTo(packetId);
    Publish reply = c.readPublish();
    assertThat(reply).as("no reply").isNotNull();
    return reply;
  }

  static JsonNode rest(String method, String path, String body, int status) {
    RestClient.Response r = server.rest().send(method, path, body);
    assertThat(r.status()).as("%s %s: %s", method, path, r.body()).isEqualTo(status);
    return r.json();
  }

  static CompletableFuture<RestClient.Response> async(String method, String path, String body) {
    return CompletableFuture.supplyAsync(() -> server.rest().send(method, path, body));
  }

}
