package io.porta.core.dialect.onenet;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.thing.ThingEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code thing/pack/post} and {@code thing/history/post} params (protocols.md A.7.5). */
class OneJsonBatchTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final long ARRIVAL = 1_700_000_000_000L;
  static final DeviceKey SELF = new DeviceKey("p1", "d1");

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
    assertThat(b.parts()).hasSize(1);
    assertThat(b.parts().get(0).device()).isEqualTo(SELF);
    assertThat(b.parts().get(0).points())
        .containsExactly(new DataPoint("temp", 1524448722123L, "21.5"), new DataPoint("hum", ARRIVAL, "40"));
    assertThat(b.parts().get(0).events()).containsExactly(new ThingEvent("alarm", 1524448722124L, "{\"level\":1}"));
    assertThat(b.subDevices(SELF)).isEmpty();
  }

  @Test
  void historyPostCarriesArraysOfValues() {
    OneJsonBatch b =
        OneJsonBatch.parseHistory(
            tree("[{\"properties\":{\"temp\":[{\"value\":1,\"time\":1000},{\"value\":2,\"time\":2000}]},"
                + "\"events\":{\"alarm\":[{\"value\":{\"x\":1},\"time\":1500}]}}]"),
            "p1", "d1", ARRIVAL);
    assertThat(b.parts().get(0).points()).containsExactly(new DataPoint("temp", 1000, "1"), new DataPoint("temp", 2000, "2"));
    assertThat(b.parts().get(0).events()).containsExactly(new ThingEvent("alarm", 1500, "{\"x\":1}"));
  }

  @Test
  void entriesOfOtherDevicesAreKeptApartAsSubDeviceData() {
    OneJsonBatch b =
        OneJsonBatch.parsePack(
            tree("[{\"identity\":{\"productID\":\"p2\",\"deviceName\":\"sub-a\"},\"properties\":{\"t\":{\"value\":1,\"time\":5}}},"
                + "{\"properties\":{\"t\":{\"value\":2,\"time\":6}}},"
                + "{\"identity\":{\"productID\":\"p2\",\"deviceName\":\"sub-b\"},\"events\":{\"e\":{\"value\":{},\"time\":7}}},"
                + "{\"identity\":{\"productID\":\"p2\",\"deviceName\":\"sub-a\"},\"properties\":{\"h\":{\"value\":3,\"time\":8}}}]"),
            "p1", "d1", ARRIVAL);
    assertThat(b.problem()).isNull();
    DeviceKey a = new DeviceKey("p2", "sub-a");
    DeviceKey bDev = new DeviceKey("p2", "sub-b");
    assertThat(b.parts()).extracting(OneJsonBatch.Part::device).containsExactly(a, SELF, bDev);
    assertThat(b.parts().get(0).points()).containsExactly(new DataPoint("t", 5, "1"), new DataPoint("h", 8, "3"));
    assertThat(b.parts().get(1).points()).containsExactly(new DataPoint("t", 6, "2"));
    assertThat(b.parts().get(2).events()).containsExactly(new ThingEvent("e", 7, "{}"));
    assertThat(b.subDevices(SELF)).containsExactly(a, bDev);
  }

  @Test
  void anIdentityWithoutBothFieldsIsRefused() {
    assertThat(OneJsonBatch.parsePack(tree("[{\"identity\":{\"productID\":\"p2\"},\"properties\":{\"t\":{\"value\":1}}}]"), "p1", "d1", ARRIVAL).problem())
        .contains("identity");
    assertThat(OneJsonBatch.parsePack(tree("[{\"identity\":\"x\",\"properties\":{\"t\":{\"value\":1}}}]"), "p1", "d1", ARRIVAL).isValid())
        .isFalse();
  }

  @Test
  void limitsAndShapesAreEnforced() {
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
