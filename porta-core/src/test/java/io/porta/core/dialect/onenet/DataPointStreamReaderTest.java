package io.porta.core.dialect.onenet;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.telemetry.DataPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * protocols.md A.7.1 read in one pass: every upload real firmware sends is read without a tree and
 * gives exactly what the tree reading gives; the payloads whose stored text only the tree defines are
 * left to it.
 */
class DataPointStreamReaderTest {
  static final long ARRIVAL = 1_700_000_999_123L;

  static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void specExampleIsReadInOnePass() {
    byte[] a71 =
        utf8(
            "{ \"id\": 42,\n  \"dp\": { \"temp\":   [ { \"v\": 21.5, \"t\": 1700000000 } ],\n"
                + "          \"status\": [ { \"v\": {\"mode\": \"eco\"} }, { \"v\": {\"mode\": \"off\"}, \"t\": 1700000005 } ] } }");
    DataPointUpload upload = DataPointStreamReader.read(a71, ARRIVAL);
    assertThat(upload).isNotNull();
    assertThat(upload.id()).isEqualTo("42");
    assertThat(upload.points())
        .containsExactly(
            new DataPoint("temp", 1_700_000_000_000L, "21.5"),
            new DataPoint("status", ARRIVAL, "{\"mode\":\"eco\"}"),
            new DataPoint("status", 1_700_000_005_000L, "{\"mode\":\"off\"}"));
    assertThat(upload).isEqualTo(DataPointTreeReader.read(a71, ARRIVAL));
  }

  /** Valid and invalid uploads alike: the same id, points and problem as the tree reading. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":1,\"dp\":{\"a\":[{\"v\":1}]}}",
        "{\"dp\":{\"a\":[{\"v\":1}]},\"id\":2147483647}",
        "{\"id\":3,\"dp\":{\"s\":[{\"v\":-2.50},{\"v\":0.10,\"t\":1700000000.25},{\"v\":-0,\"t\":\"1700000000\"}]}}",
        "{\"id\":3,\"dp\":{\"s\":[{\"v\":0.0000001},{\"v\":-0.0},{\"v\":0.000001},{\"v\":123456789012345678.5}]}}",
        "{\"id\":4,\"dp\":{\"s\":[{\"v\":\"温度 a/b\",\"t\":null},{\"v\":true},{\"v\":false},{\"v\":null}]}}",
        "{\"id\":5,\"dp\":{\"s\":[{\"v\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":[]}}}}}}]}}",
        "{\"id\":5,\"dp\":{\"s\":[{\"v\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":1}}}}}}}]}}",
        "{\"id\":5,\"dp\":{\"s\":[{\"v\":[[[[[1]]]]]},{\"v\":[[[[[[1]]]]]]}]}}",
        "{\"id\":6,\"dp\":{\"s\":[{\"v\" : { \"k_1.x\" : [ 1 , {\"y\" : \"z\"} ] } }]}}",
        "{\"id\":6,\"dp\":{\"s\":[{\"v\":{\"bad-key\":1}}]}}",
        "{\"id\":7,\"dp\":{\"s\":[{\"v\":1,\"t\":1700000000123},{\"v\":2,\"t\":0},{\"v\":3,\"t\":\" 0.0009 \"}]}}",
        "{\"id\":7,\"dp\":{\"s\":[{\"v\":1,\"t\":-1}]}}",
        "{\"id\":7,\"dp\":{\"s\":[{\"v\":1,\"t\":\"soon\"}]}}",
        "{\"id\":7,\"dp\":{\"s\":[{\"v\":1,\"t\":{\"x\":[1]}}]}}",
        "{\"id\":8,\"dp\":{\"a$\":[{\"v\":1}],\"b\":[{\"v\":1}]}}",
        "{\"id\":8,\"dp\":{\"a\":[],\"b\":[{\"x\":1}]}}",
        "{\"id\":8,\"dp\":{\"a\":[{\"v\":1},2],\"b\":[{\"v\":1}]}}",
        "{\"id\":8,\"dp\":{\"a\":[{\"t\":1}]}}",
        "{\"id\":8,\"dp\":{\"a\":{\"v\":1}}}",
        "{\"id\":9,\"dp\":{}}",
        "{\"id\":9,\"dp\":[]}",
        "{\"id\":9}",
        "{\"id\":0,\"dp\":{\"a\":[{\"v\":1}]}}",
        "{\"id\":2147483648,\"dp\":{\"a\":[{\"v\":1}]}}",
        "{\"id\":\"42\",\"dp\":{\"a\":[{\"v\":1}]}}",
        "{\"id\":1.0,\"dp\":{\"a\":[{\"v\":1}]}}",
        "{\"dp\":{\"a\":[{\"v\":1}]}}",
        "{\"id\":1,\"dp\":{\"a\":[{\"v\":1}]}} x",
        "{\"id\":1,\"dp\":{\"a\":[{\"v\":1}]}} {}",
        "{\"id\":1,\"dp\":{\"a\":[{\"v\":1}]}",
        "{\"id\":1,\"dp\":{\"a\":[{\"v\":\"\\u0041\\/\"}]}}",
        "{\"id\":1,\"extra\":{\"n\":[1,2.5,\"s\",{}]},\"dp\":{\"a\":[{\"v\":1,\"q\":[true]}]}}"
      })
  void readsWhatTheTreeReads(String json) {
    byte[] payload = utf8(json);
    DataPointUpload stream = DataPointStreamReader.read(payload, ARRIVAL);
    assertThat(stream).as("read in one pass").isNotNull();
    assertThat(stream).isEqualTo(DataPointTreeReader.read(payload, ARRIVAL));
  }

  /** Duplicate keys, exponents, escapes, long numbers, non-objects: the tree decides, parse agrees. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":1,\"id\":2,\"dp\":{\"a\":[{\"v\":1}]}}",
        "{\"id\":1,\"dp\":{\"a\":[{\"x\":1}],\"b\":[{\"v\":1}],\"a\":[{\"v\":2}]}}",
        "{\"id\":1,\"dp\":{\"a\":[{\"v\":1,\"v\":2}]}}",
        "{\"id\":1,\"dp\":{\"a\":[{\"v\":{\"k\":{\"a\":{\"b\":{\"c\":{\"d\":{}}}}},\"k\":1}}]}}",
        "{\"id\":1,\"dp\":{\"a\":[{\"v\":1e2}]}}",
        "{\"id\":1,\"dp\":{\"a\":[{\"v\":1,\"t\":1e-999999991230}]}}",
        "{\"id\":1,\"extra\":1e-999999991230,\"dp\":{\"a\":[{\"v\":1}]}}",
        "{\"id\":1,\"dp\":{\"a\":[{\"v\":\"say \\\"hi\\\"\"}]}}",
        "{\"id\":1,\"dp\":{\"a\":[{\"v\":\"\\ud800\"}]}}",
        "{\"id\":1,\"dp\":{\"a\":[{\"v\":12345678901234567890}]}}",
        "{\"id\":99999999999999999999,\"dp\":{\"a\":[{\"v\":1}]}}",
        "[1,2]",
        "42",
        ""
      })
  void leavesWhatOnlyTheTreeDefinesToTheTree(String json) {
    byte[] payload = utf8(json);
    assertThat(DataPointStreamReader.read(payload, ARRIVAL)).isNull();
    assertThat(DataPointUpload.parse(payload, ARRIVAL)).isEqualTo(DataPointTreeReader.read(payload, ARRIVAL));
  }

  @Test
  void payloadThatIsNotJsonIsRejectedWithoutTheTree() {
    DataPointUpload upload = DataPointStreamReader.read(utf8("{\"id\":1,\"dp\":{\"a\":[{\"v\":1}]"), ARRIVAL);
    assertThat(upload).isNotNull();
    assertThat(upload.isValid()).isFalse();
    assertThat(upload.id()).isEqualTo(DataPointUpload.NO_ID);
  }

  /** The fuzz seeds of both data-point fuzz tests, each read alike by both readers. */
  @ParameterizedTest
  @MethodSource("fuzzSeeds")
  void fuzzSeedsAreReadAlike(Path seed) throws IOException {
    byte[] payload = Files.readAllBytes(seed);
    DataPointUpload tree = DataPointTreeReader.read(payload, ARRIVAL);
    DataPointUpload stream = DataPointStreamReader.read(payload, ARRIVAL);
    if (stream != null) {
      assertThat(stream).isEqualTo(tree);
    }
    assertThat(DataPointUpload.parse(payload, ARRIVAL)).isEqualTo(tree);
  }

  static Stream<Path> fuzzSeeds() throws IOException {
    List<Path> dirs =
        List.of(
            Path.of("src/test/resources/io/porta/core/fuzz/DataPointUploadFuzzTestInputs/parse"),
            Path.of("src/test/resources/io/porta/core/dialect/onenet/DataPointReadersFuzzTestInputs/sameUpload"));
    Stream<Path> all = Stream.empty();
    for (Path dir : dirs) {
      assertThat(dir).isDirectory();
      try (Stream<Path> files = Files.list(dir)) {
        all = Stream.concat(all, files.sorted().toList().stream());
      }
    }
    return all;
  }
}
