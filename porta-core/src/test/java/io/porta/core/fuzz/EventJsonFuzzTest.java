package io.porta.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.porta.core.event.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Device bytes into webhook events (EventJson): whatever a device publishes, the event is valid
 * JSON that gives back exactly those bytes — as text when they are UTF-8, else as base64 — and a
 * topic or stream name comes back as the same string.
 */
class EventJsonFuzzTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Seeds: EventJsonFuzzTestInputs/payload (text, control characters, broken UTF-8, binary). */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void payload(FuzzedDataProvider data) {
    byte[] payload = data.consumeRemainingAsBytes();
    StringBuilder event = new StringBuilder("{");
    EventJson.payload(event, payload);
    event.append(",\"topic\":");
    String asText = new String(payload, StandardCharsets.UTF_8);
    EventJson.string(event, asText);
    JsonNode node = JSON.readTree(event.append('}').toString());

    String value = node.get("payload").asString();
    if (node.get("encoding").asString().equals("text")) {
      assertThat(value.getBytes(StandardCharsets.UTF_8)).isEqualTo(payload);
    } else {
      assertThat(node.get("encoding").asString()).isEqualTo("base64");
      assertThat(Base64.getDecoder().decode(value)).isEqualTo(payload);
      assertThat(EventJson.strictUtf8(payload)).isNull();
    }
    assertThat(node.get("topic").asString()).isEqualTo(asText);
  }
}
