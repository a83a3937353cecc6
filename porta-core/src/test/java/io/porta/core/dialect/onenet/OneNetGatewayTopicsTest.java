package io.porta.core.dialect.onenet;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.thing.ThingCall;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway topics of A.7.5 and the shape of requests to a sub-device through its gateway. Pure. */
class OneNetGatewayTopicsTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Product GW = new Product("gwp", "gateways", OneNetDialect.NAME, "a2V5", ProductOptions.DEFAULTS, Instant.EPOCH);
  static final Product SUB = new Product("subp", "sensors", OneNetDialect.NAME, "a2V5", ProductOptions.DEFAULTS, Instant.EPOCH);

  @Test
  void gatewayRequestsAndAnswersAreRecognised() {
    for (String op : List.of("login", "logout", "topo/add", "topo/delete", "topo/get", "topo/get/result", "topo/change_reply",
        "property/set_reply", "property/get_reply", "service/invoke_reply")) {
      assertThat(OneNetGateway.operation("thing/sub/" + op)).isEqualTo(op);
    }
    // Platform→gateway requests, replies the platform sends and unknown paths are not the gateway's to publish.
    for (String path : List.of("thing/sub/property/set", "thing/sub/service/invoke", "thing/sub/topo/change",
        "thing/sub/login/reply", "thing/sub/topo", "thing/property/post", "thing/sub/")) {
      assertThat(OneNetGateway.operation(path)).as(path).isNull();
    }
  }

  @Test
  void aSubDeviceOnlineThroughAGatewayIsReachedOnTheGatewaysTopics() {
    DeviceIdentity gateway = new DeviceIdentity(GW, "gw-1");
    DeviceIdentity sub = OneNetGateway.subIdentity(SUB, "s-1", gateway);
    OneNetThingDownlink downlink = new OneNetThingDownlink();

    ThingCall set = downlink.propertySet(sub, JSON.readTree("{\"Power\":\"on\"}"));
    assertThat(set.topic()).isEqualTo("$sys/gwp/gw-1/thing/sub/property/set");
    assertThat(body(set).get("params")).isEqualTo(JSON.readTree("{\"productID\":\"subp\",\"deviceName\":\"s-1\",\"params\":{\"Power\":\"on\"}}"));
    assertThat(body(set).get("id").asText()).isEqualTo(set.requestId()).isEqualTo(set.pendingId());

    ThingCall get = downlink.propertyGet(sub, List.of("Power"));
    assertThat(get.topic()).isEqualTo("$sys/gwp/gw-1/thing/sub/property/get");
    assertThat(body(get).get("params").get("params")).isEqualTo(JSON.readTree("[\"Power\"]"));

    ThingCall invoke = downlink.service(sub, "reboot", JSON.readTree("{\"delay\":1}"), true);
    assertThat(invoke.topic()).isEqualTo("$sys/gwp/gw-1/thing/sub/service/invoke");
    assertThat(body(invoke).get("params"))
        .isEqualTo(JSON.readTree("{\"productID\":\"subp\",\"deviceName\":\"s-1\",\"identifier\":\"reboot\",\"input\":{\"delay\":1}}"));

    // A device connected itself keeps its own topics.
    assertThat(downlink.propertySet(gateway, JSON.readTree("{}")).topic()).isEqualTo("$sys/gwp/gw-1/thing/property/set");
  }

  private static JsonNode body(ThingCall call) {
    return JSON.readTree(new String(call.payload(), StandardCharsets.UTF_8));
  }
}
