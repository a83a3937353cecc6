package io.porta.core.dialect.onenet;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.telemetry.DataPoint;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** protocols.md A.7.1: the data-point upload, one test per rule. */
class DataPointUploadTest {
  static final long ARRIVAL = 1_700_000_999_123L;

  static DataPointUpload parse(String json) {
    return DataPointUpload.parse(json.getBytes(StandardCharsets.UTF_8), ARRIVAL);
  }

  static DataPointUpload withDp(String dp) {
    return parse("{\"id\":7,\"dp\":" + dp + "}");
  }

  @Test
  void documentedExampleIsAccepted() {
    DataPointUpload u =
        parse(
            "{ \"id\": 42, \"dp\": { \"temp\": [ { \"v\": 21.5, \"t\": 1700000000 } ],"
                + " \"status\": [ { \"v\": {\"mode\": \"eco\"} }, { \"v\": {\"mode\": \"off\"}, \"t\": 1700000005 } ] } }");
    assertThat(u.isValid()).isTrue();
    assertThat(u.id()).isEqualTo("42");
    assertThat(u.points())
        .containsExactly(
            new DataPoint("temp", 1_700_000_000_000L, "21.5"),
            new DataPoint("status", ARRIVAL, "{\"mode\":\"eco\"}"),
            new DataPoint("status", 1_700_000_005_000L, "{\"mode\":\"off\"}"));
  }

  @Test
  void idIsEchoedExactlyAsSent() {
    assertThat(parse("{\"id\":2147483647,\"dp\":{\"a\":[{\"v\":1}]}}").id()).isEqualTo("2147483647");
    assertThat(parse("{\"id\":1,\"dp\":{\"a\":[{\"v\":1}]}}").id()).isEqualTo("1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "2147483648", "1.0", "1e2", "\"42\"", "true", "null", "[1]"})
  void idThatIsNotAPositive32BitIntegerIsRejectedWithMinusOne(String id) {
    DataPointUpload u = parse("{\"id\":" + id + ",\"dp\":{\"a\":[{\"v\":1}]}}");
    assertThat(u.isValid()).isFalse();
    assertThat(u.id()).isEqualTo("-1");
  }

  @Test
  void missingIdIsRejectedWithMinusOne() {
    DataPointUpload u = parse("{\"dp\":{\"a\":[{\"v\":1}]}}");
    assertThat(u.isValid()).isFalse();
    assertThat(u.id()).isEqualTo("-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1,2]", "42", "\"s\"", "{\"id\":1,", "{\"id\":1,\"dp\":{\"a\":[{\"v\":1}]}} x",
    // A float BigDecimal cannot hold: Jackson throws a bare NumberFormatException (fuzzing found it).
    "{\"id\":1,\"dp\":{\"a\":[{\"v\":1,\"t\":1e-999999991230}]}}"})
  void payloadThatIsNotAJsonObjectIsRejectedWithMinusOne(String payload) {
    DataPointUpload u = parse(payload);
    assertThat(u.isValid()).isFalse();
    assertThat(u.id()).isEqualTo("-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"id\":9}", "{\"id\":9,\"dp\":{}}", "{\"id\":9,\"dp\":[]}", "{\"id\":9,\"dp\":\"x\"}"})
  void missingOrEmptyDpIsRejectedKeepingTheId(String payload) {
    DataPointUpload u = parse(payload);
    assertThat(u.isValid()).isFalse();
    assertThat(u.id()).isEqualTo("9");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":[]}", "{\"a\":{\"v\":1}}", "{\"a\":1}", "{\"a\":[1]}", "{\"a\":[{\"t\":1}]}"})
  void streamMustBeANonEmptyArrayOfPointsWithV(String dp) {
    DataPointUpload u = withDp(dp);
    assertThat(u.isValid()).isFalse();
    assertThat(u.id()).isEqualTo("7");
    assertThat(u.points()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "-2.50", "\"text\"", "true", "null", "[1,\"a\"]", "{\"a\":{\"b\":1}}"})
  void vMayBeAnyJsonValueKeptAsCompactText(String v) {
    DataPointUpload u = withDp("{\"s\":[{\"v\": " + v + " }]}");
    assertThat(u.isValid()).isTrue();
    assertThat(u.points()).singleElement().extracting(DataPoint::valueJson).isEqualTo(v);
  }

  @Test
  void floatDigitsAreKeptAsSent() {
    DataPointUpload u = withDp("{\"s\":[{\"v\":0.10},{\"v\":123456789012345678901234567890.5}]}");
    assertThat(u.points()).extracting(DataPoint::valueJson)
        .containsExactly("0.10", "123456789012345678901234567890.5");
  }

  @Test
  void streamNameUpTo30BytesIsAccepted() {
    assertThat(withDp("{\"" + "a".repeat(30) + "\":[{\"v\":1}]}").isValid()).isTrue();
    assertThat(withDp("{\"" + "a".repeat(31) + "\":[{\"v\":1}]}").isValid()).isFalse();
  }

  @Test
  void streamNameCharsetAllowsLettersDigitsUnderscoreDotAndLeadingDollar() {
    assertThat(withDp("{\"$Temp_1.a\":[{\"v\":1}]}").isValid()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a$", "$$a", "a-b", "a b", "温度", "a/b"})
  void streamNameOutsideTheRuleIsRejected(String name) {
    assertThat(withDp("{\"" + name + "\":[{\"v\":1}]}").isValid()).isFalse();
  }

  @Test
  void objectValueMayNestFiveLevels() {
    String five = "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}";
    String six = "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":1}}}}}}";
    assertThat(withDp("{\"s\":[{\"v\":" + five + "}]}").isValid()).isTrue();
    assertThat(withDp("{\"s\":[{\"v\":" + six + "}]}").isValid()).isFalse();
  }

  @Test
  void arraysCountTowardsTheNestingLimit() {
    assertThat(withDp("{\"s\":[{\"v\":[[[[[1]]]]]}]}").isValid()).isTrue();
    assertThat(withDp("{\"s\":[{\"v\":[[[[[[1]]]]]]}]}").isValid()).isFalse();
  }

  @Test
  void objectKeysUpTo30BytesAreAccepted() {
    assertThat(withDp("{\"s\":[{\"v\":{\"" + "k".repeat(30) + "\":1}}]}").isValid()).isTrue();
    assertThat(withDp("{\"s\":[{\"v\":{\"" + "k".repeat(31) + "\":1}}]}").isValid()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "$k", "a-b", "a b", "ключ"})
  void objectKeysOutsideTheCharsetAreRejected(String key) {
    assertThat(withDp("{\"s\":[{\"v\":{\"" + key + "\":1}}]}").isValid()).isFalse();
    assertThat(withDp("{\"s\":[{\"v\":[{\"" + key + "\":1}]}]}").isValid()).isFalse();
  }

  @Test
  void missingTIsArrivalTime() {
    assertThat(withDp("{\"s\":[{\"v\":1}]}").points().get(0).timeMs()).isEqualTo(ARRIVAL);
    assertThat(withDp("{\"s\":[{\"v\":1,\"t\":null}]}").points().get(0).timeMs()).isEqualTo(ARRIVAL);
  }

  @Test
  void tIsUnixSeconds() {
    assertThat(withDp("{\"s\":[{\"v\":1,\"t\":1700000000}]}").points().get(0).timeMs())
        .isEqualTo(1_700_000_000_000L);
  }

  @Test
  void tFromRealFirmwareIsReadLiberally() {
    assertThat(withDp("{\"s\":[{\"v\":1,\"t\":1700000000.25}]}").points().get(0).timeMs())
        .isEqualTo(1_700_000_000_250L);
    assertThat(withDp("{\"s\":[{\"v\":1,\"t\":\"1700000000\"}]}").points().get(0).timeMs())
        .isEqualTo(1_700_000_000_000L);
    // Milliseconds sent by mistake: too large to be seconds.
    assertThat(withDp("{\"s\":[{\"v\":1,\"t\":1700000000123}]}").points().get(0).timeMs())
        .isEqualTo(1_700_000_000_123L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "\"soon\"", "true", "{}", "[1]", "1e30"})
  void tThatIsNotAUnixTimeIsRejected(String t) {
    assertThat(withDp("{\"s\":[{\"v\":1,\"t\":" + t + "}]}").isValid()).isFalse();
  }

  /** A huge exponent is judged by its size, never expanded (that took minutes on the event loop). */
  @ParameterizedTest
  @ValueSource(strings = {"1e99999999", "\"1e99999999\"", "9.3e18"})
  void tWithAHugeExponentIsRejected(String t) {
    assertThat(withDp("{\"s\":[{\"v\":1,\"t\":" + t + "}]}").isValid()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e-99999999", "\"1e-99999999\"", "0.0009"})
  void tBelowAMillisecondIsTheEpoch(String t) {
    assertThat(withDp("{\"s\":[{\"v\":1,\"t\":" + t + "}]}").points().get(0).timeMs()).isZero();
  }

  @Test
  void extraFieldsAreIgnored() {
    DataPointUpload u = parse("{\"id\":3,\"extra\":1,\"dp\":{\"s\":[{\"v\":1,\"q\":2}]}}");
    assertThat(u.isValid()).isTrue();
    assertThat(u.points()).hasSize(1);
  }

  @Test
  void onePointInvalidRejectsTheWholeUpload() {
    DataPointUpload u = withDp("{\"a\":[{\"v\":1}],\"b\":[{\"v\":2},{\"x\":3}]}");
    assertThat(u.isValid()).isFalse();
    assertThat(u.points()).isEmpty();
  }
}
