package io.porta.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.porta.core.dialect.onenet.DataPointUpload;
import io.porta.core.telemetry.DataPoint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * OneNET {@code dp/post/json} validation (protocols.md A.7.1, ON-design limits): any payload is
 * either a valid upload of well-formed points or an invalid one with a reason and no points; the
 * reply id is always the device's positive 32-bit id or {@code -1}.
 */
class DataPointUploadFuzzTest {
  private static final long ARRIVAL_MS = 1_748_736_000_000L;
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** Seeds: DataPointUploadFuzzTestInputs/parse (A.7.1 examples, every refusal, firmware quirks). */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void parse(FuzzedDataProvider data) {
    DataPointUpload upload = DataPointUpload.parse(data.consumeRemainingAsBytes(), ARRIVAL_MS);

    assertThat(upload.id()).matches("-1|[1-9][0-9]{0,9}");
    assertThat(Long.parseLong(upload.id())).isBetween(-1L, (long) Integer.MAX_VALUE);
    if (!upload.isValid()) {
      assertThat(upload.points()).isEmpty();
      assertThat(upload.problem()).isNotBlank();
      return;
    }
    assertThat(upload.id()).isNotEqualTo(DataPointUpload.NO_ID);
    assertThat(upload.points()).isNotEmpty();
    for (DataPoint point : upload.points()) {
      // ON-design: at most 30 of [A-Za-z0-9_.$], '$' only first (so "$" alone is a name).
      assertThat(point.stream()).matches("\\$[A-Za-z0-9_.]{0,29}|[A-Za-z0-9_.]{1,30}");
      assertThat(point.timeMs()).isNotNegative();
      JsonNode value = JSON.readTree(point.valueJson()); // stored text is JSON again
      assertThat(depth(value)).isLessThanOrEqualTo(5);
    }
  }

  private static int depth(JsonNode node) {
    int deepest = 0;
    for (JsonNode child : node) {
      deepest = Math.max(deepest, depth(child));
    }
    return node.isContainer() ? deepest + 1 : 0;
  }
}
