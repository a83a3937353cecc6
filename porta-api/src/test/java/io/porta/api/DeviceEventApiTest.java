package io.porta.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.event.StoredEvent;
import io.porta.core.model.DeviceKey;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET …/devices/{name}/events} (api.md "Thing model, shadow, events"). */
class DeviceEventApiTest extends ApiTestBase {
  private static final String EVENTS = "/api/v1/products/p1/devices/meter-0001/events";
  private final DeviceKey key = new DeviceKey("p1", "meter-0001");

  @BeforeEach
  void device() {
    createProduct("p1");
    createDevice("p1", "meter-0001");
    createDevice("p1", "meter-0002");
    deviceEvents.append(
        List.of(
            new StoredEvent(key, "status", 1000, "online", "{\"remoteAddress\":\"127.0.0.1:5000\",\"keepAlive\":60}"),
            new StoredEvent(key, "event", 2000, "alarm", "{\"level\":3}"),
            new StoredEvent(
                key, "status", 3000, "offline", "{\"reason\":\"takeover\",\"remoteAddress\":\"127.0.0.1:5000\"}"),
            new StoredEvent(new DeviceKey("p1", "meter-0002"), "status", 1500, "online", "{}")));
  }

  @Test
  void eventsComeNewestFirstWithTheirDataAsAJsonObject() {
    Response r = get(EVENTS);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode items = r.json().get("items");
    assertThat(items).hasSize(3);
    JsonNode offline = items.get(0);
    assertThat(offline.get("type").stringValue()).isEqualTo("status");
    assertThat(offline.get("time").longValue()).isEqualTo(3000);
    assertThat(offline.get("identifier").stringValue()).isEqualTo("offline");
    assertThat(offline.get("data").isObject()).isTrue();
    assertThat(offline.get("data").get("reason").stringValue()).isEqualTo("takeover");
    assertThat(items.get(1).get("identifier").stringValue()).isEqualTo("alarm");
    assertThat(items.get(1).get("data").get("level").intValue()).isEqualTo(3);
    JsonNode online = items.get(2);
    assertThat(online.get("identifier").stringValue()).isEqualTo("online");
    assertThat(online.get("data").get("keepAlive").intValue()).isEqualTo(60);
    assertThat(deviceEvents.lastQuery.limit()).isEqualTo(100);
  }

  @Test
  void filtersAreHandedToTheRepository() {
    JsonNode items = get(EVENTS + "?type=status&from=1500&to=1970-01-01T00:00:03Z&limit=1").json().get("items");
    assertThat(items).hasSize(1);
    assertThat(items.get(0).get("time").longValue()).isEqualTo(3000);
    var q = deviceEvents.lastQuery;
    assertThat(q.device()).isEqualTo(key);
    assertThat(q.type()).isEqualTo("status");
    assertThat(q.fromMs()).isEqualTo(1500L);
    assertThat(q.toMs()).isEqualTo(3000L);
    assertThat(q.limit()).isEqualTo(1);
    get(EVENTS);
    assertThat(deviceEvents.lastQuery.type()).isNull();
    assertThat(get(EVENTS + "?type=event").json().get("items")).hasSize(1);
  }

  @Test
  void invalidParamsAre400() {
    get(EVENTS + "?limit=0").problem(400, "invalid_param");
    get(EVENTS + "?limit=1001").problem(400, "invalid_param");
    get(EVENTS + "?limit=many").problem(400, "invalid_param");
    get(EVENTS + "?from=yesterday").problem(400, "invalid_param");
    assertThat(get(EVENTS + "?from=2000&to=1000").problem(400, "invalid_param").get("detail").stringValue())
        .startsWith("from");
  }

  @Test
  void unknownDeviceOrProductIs404() {
    get("/api/v1/products/p1/devices/meter-9999/events").problem(404, "device_not_found");
    get("/api/v1/products/p9/devices/meter-0001/events").problem(404, "product_not_found");
  }
}
