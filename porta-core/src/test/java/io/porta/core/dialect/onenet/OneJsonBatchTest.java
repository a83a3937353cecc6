package io.porta.core.dialect.onenet;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.telemetry.DataPoint;
import io.porta.core.thing.ThingEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code thing/pack/post} and {@code thing/history/post} params (protocols.md A.7.5). */
class OneJsonBatchTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final long ARRIVAL = 1_700_000_000_000L;

  static JsonNode tree(String s) {
    return JSON.readTree(s);
  }

  @Test
  void packPostOfTheDeviceItselfCarriesPropertiesAndEvents() {
    OneJsonBatch b =
        OneJsonBatch.parsePack(
            tree("[{\"identity\":{\"productID\":\"p1\",\"deviceName\":\"d1\"},"
                + "\"properties\":{\"temp\":{\"value\":21.5,\"time\":1524448722123}},"
                + "\"events\":{\"alarm\":{\"value\":{\"level\":1},\"time\":1524448722124}}},"
                + "{\"properties\":{\"hum\":{\"value\":40}}}]"),
            "p1", "d1", ARRIVAL);
    assertThat(b.problem()).isNull();
    assertThat(b.points())
        .containsExactly(new DataPoint("temp", 1524448722123L, "21.5"), new DataPoint("hum", ARRIVAL, "40"));
    assertThat(b.events()).containsExactly(new ThingEvent("alarm", 1524448722124L, "{\"level\":1}"));
  }

  @Test
  void historyPostCarriesArraysOfValues() {
    OneJsonBatch b =
        OneJsonBatch.parseHistory(
            tree("[{\"properties\":{\"temp\":[{\"value\":1,\"time\":1000},{\"value\":2,\"time\":2000}]},"
                + "\"events\":{\"alarm\":[{\"value\":{\"x\":1},\"time\":1500}]}}]"),
            "p1", "d1", ARRIVAL);
    assertThat(b.points()).containsExactly(new DataPoint("temp", 1000, "1"), new DataPoint("temp", 2000, "2"));
    assertThat(b.events()).containsExactly(new ThingEvent("alarm", 1500, "{\"x\":1}"));
  }

  @Test
  void anotherDevicesDataNeedsAGatewayAndIsRefused() {
    OneJsonBatch b =
        OneJsonBatch.parsePack(
            tree("[{\"identity\":{\"productID\":\"p1\",\"deviceName\":\"sub\"},\"properties\":{\"t\":{\"value\":1}}}]"),
            "p1", "d1", ARRIVAL);
    assertThat(b.problem()).contains("not this device");
  }

  @Test
  void limitsAndShapesAreEnforced() {
    StringBuilder eleven = new StringBuilder("[");
    for (int i = 0; i < 11; i++) {
      eleven.append(i == 0 ? "" : ",").append("{\"properties\":{\"t\":{\"value\":1}}}");
    }
    assertThat(OneJsonBatch.parsePack(tree(eleven + "]"), "p1", "d1", ARRIVAL).problem()).contains("10 entries");
    StringBuilder many = new StringBuilder("[{\"properties\":{\"t\":[");
    for (int i = 0; i < 101; i++) {
      many.append(i == 0 ? "" : ",").append("{\"value\":").append(i).append('}');
    }
    assertThat(OneJsonBatch.parseHistory(tree(many + "]}}]"), "p1", "d1", ARRIVAL).isValid()).isFalse();
    assertThat(OneJsonBatch.parseHistory(tree("[{\"properties\":{\"t\":{\"value\":1}}}]"), "p1", "d1", ARRIVAL).isValid())
        .as("history values must be arrays")
        .isFalse();
    assertThat(OneJsonBatch.parsePack(tree("{}"), "p1", "d1", ARRIVAL).isValid()).isFalse();
    assertThat(OneJsonBatch.parsePack(tree("[{}]"), "p1", "d1", ARRIVAL).problem()).contains("no properties");
    assertThat(OneJsonBatch.parsePack(null, "p1", "d1", ARRIVAL).isValid()).isFalse();
  }
}
