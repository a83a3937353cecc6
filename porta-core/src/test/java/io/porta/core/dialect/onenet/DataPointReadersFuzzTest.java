package io.porta.core.dialect.onenet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The one-pass reading of {@code dp/post/json} gives exactly what the tree reading gives (id, points
 * with their stored value text and time, problem), or leaves the payload to the tree: what is stored
 * and acknowledged does not depend on which reader ran.
 */
class DataPointReadersFuzzTest {
  private static final long ARRIVAL_MS = 1_748_736_000_000L;

  /** Seeds: DataPointReadersFuzzTestInputs/sameUpload (the DataPointUploadFuzzTest seeds and more). */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void sameUpload(FuzzedDataProvider data) {
    byte[] payload = data.consumeRemainingAsBytes();
    DataPointUpload tree = DataPointTreeReader.read(payload, ARRIVAL_MS);
    DataPointUpload stream = DataPointStreamReader.read(payload, ARRIVAL_MS);
    if (stream != null) {
      assertThat(stream).isEqualTo(tree);
    }
    assertThat(DataPointUpload.parse(payload, ARRIVAL_MS)).isEqualTo(tree);
  }
}
