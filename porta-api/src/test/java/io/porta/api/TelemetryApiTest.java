package io.porta.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TelemetryApiTest extends ApiTestBase {
  private static final String POINTS = "/api/v1/products/p1/devices/meter-0001/datapoints";
  private final DeviceKey key = new DeviceKey("p1", "meter-0001");

  @BeforeEach
  void device() {
    createProduct("p1");
    createDevice("p1", "meter-0001");
    telemetry.add(key, new DataPoint("temperature", 1000, "21.50"));
    telemetry.add(key, new DataPoint("temperature", 2000, "22"));
    telemetry.add(key, new DataPoint("label", 1500, "\"kitchen\""));
    telemetry.add(key, new DataPoint("location", 3000, "{\"lon\":116.3,\"lat\":39.9}"));
  }

  @Test
  void valuesGoOutAsTheDeviceSentThemNewestFirst() {
    Response r = get(POINTS);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("\"value\":21.50");
    JsonNode items = r.json().get("items");
    assertThat(items).hasSize(4);
    assertThat(items.get(0).get("stream").stringValue()).isEqualTo("location");
    assertThat(items.get(0).get("time").longValue()).isEqualTo(3000);
    assertThat(items.get(0).get("value").get("lat").doubleValue()).isEqualTo(39.9);
    assertThat(items.get(2).get("value").stringValue()).isEqualTo("kitchen");
    assertThat(items.get(3).get("value").isNumber()).isTrue();
    assertThat(telemetry.lastQuery.limit()).isEqualTo(100);
    assertThat(telemetry.lastQuery.ascending()).isFalse();
  }

  @Test
  void filtersAreHandedToTheRepository() {
    JsonNode items =
        get(POINTS + "?stream=temperature&from=1000&to=1970-01-01T00:00:01.999Z&limit=10&order=asc")
            .json()
            .get("items");
    assertThat(items).hasSize(1);
    assertThat(items.get(0).get("time").longValue()).isEqualTo(1000);
    var q = telemetry.lastQuery;
    assertThat(q.device()).isEqualTo(key);
    assertThat(q.stream()).isEqualTo("temperature");
    assertThat(q.fromMs()).isEqualTo(1000L);
    assertThat(q.toMs()).isEqualTo(1999L);
    assertThat(q.limit()).isEqualTo(10);
    assertThat(q.ascending()).isTrue();
  }

  @Test
  void invalidParamsAre400() {
    get(POINTS + "?limit=1001").problem(400, "invalid_param");
    get(POINTS + "?limit=0").problem(400, "invalid_param");
    get(POINTS + "?order=sideways").problem(400, "invalid_param");
    get(POINTS + "?from=yesterday").problem(400, "invalid_param");
    get(POINTS + "?from=2000&to=1000").problem(400, "invalid_param");
  }

  @Test
  void latestGivesTheNewestPointOfEachStream() {
    JsonNode items = get(POINTS + "/latest").json().get("items");
    assertThat(items).hasSize(3);
    for (JsonNode item : items) {
      if (item.get("stream").stringValue().equals("temperature")) {
        assertThat(item.get("time").longValue()).isEqualTo(2000);
        assertThat(item.get("value").intValue()).isEqualTo(22);
      }
    }
  }

  @Test
  void unknownDeviceOrProductIs404() {
    get("/api/v1/products/p1/devices/meter-9999/datapoints").problem(404, "device_not_found");
    get("/api/v1/products/p9/devices/meter-0001/datapoints/latest").problem(404, "product_not_found");
  }
}
