package io.porta.core.dialect.onenet;

import static io.porta.core.dialect.onenet.DataPointUpload.NO_ID;
import static io.porta.core.dialect.onenet.DataPointUpload.invalid;

import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.JsonDecimals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@code dp/post/json} upload through a JSON tree. This reading defines what is stored: each
 * value is the tree's compact text of what the device sent. {@link DataPointStreamReader} reproduces
 * it without the tree for the payloads it can, and leaves the rest here.
 */
final class DataPointTreeReader {
  /**
   * Big decimals keep a float's digits as sent (no rounding through double, no stripped zeros), so
   * {@code valueJson} stays what the device wrote; trailing content after the object is refused.
   */
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private DataPointTreeReader() {}

  static DataPointUpload read(byte[] payload, long arrivalMs) {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JacksonException | NumberFormatException e) {
      // Jackson throws a bare NumberFormatException for a float whose exponent BigDecimal cannot
      // hold (1e-999999991230; found by DataPointUploadFuzzTest).
      return invalid(NO_ID, "payload is not JSON");
    }
    if (root == null || !root.isObject()) {
      return invalid(NO_ID, "payload is not a JSON object");
    }
    String id = readId(root.get("id"));
    if (id == null) {
      return invalid(NO_ID, "id missing or not a positive 32-bit integer");
    }
    JsonNode dp = root.get("dp");
    if (dp == null || !dp.isObject() || dp.isEmpty()) {
      return invalid(id, "dp missing, empty or not an object");
    }
    List<DataPoint> points = new ArrayList<>();
    for (Map.Entry<String, JsonNode> stream : dp.properties()) {
      String name = stream.getKey();
      if (!DataPointUpload.isValidStreamName(name)) {
        return invalid(id, "illegal stream name");
      }
      JsonNode array = stream.getValue();
      if (!array.isArray() || array.isEmpty()) {
        return invalid(id, "stream " + name + " is not a non-empty array");
      }
      for (JsonNode point : array) {
        String problem = addPoint(name, point, arrivalMs, points);
        if (problem != null) {
          return invalid(id, problem);
        }
      }
    }
    return new DataPointUpload(id, points, null);
  }

  /**
   * A.7.1: a positive integer that fits a signed 32-bit int. A JSON integer literal has one spelling
   * (no sign, no leading zeros), so the node's text is the text the device sent.
   */
  static String readId(JsonNode id) {
    if (id == null || !id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() <= 0) {
      return null;
    }
    return id.asString();
  }

  private static String addPoint(String stream, JsonNode point, long arrivalMs, List<DataPoint> out) {
    if (!point.isObject()) {
      return "point of " + stream + " is not an object";
    }
    JsonNode v = point.get("v");
    if (v == null) {
      return "point of " + stream + " has no v";
    }
    if (!isValidValue(v, 0)) {
      return "value of " + stream + " nests too deep or has an illegal key";
    }
    long timeMs;
    JsonNode t = point.get("t");
    if (t == null || t.isNull()) {
      timeMs = arrivalMs; // design.md "Time": no device timestamp → arrival time
    } else {
      Long ms = DataPointUpload.readTime(JsonDecimals.of(t));
      if (ms == null) {
        return "t of " + stream + " is not a Unix time";
      }
      timeMs = ms;
    }
    out.add(new DataPoint(stream, timeMs, v.toString()));
    return null;
  }

  /**
   * ON-design: an object value nests at most 5 levels and its keys are ≤ 30 bytes of
   * {@code [A-Za-z0-9_.]}. Arrays count as a level too, and objects inside them are checked alike.
   */
  static boolean isValidValue(JsonNode value, int depth) {
    if (!value.isContainer()) {
      return true;
    }
    if (depth + 1 > DataPointUpload.MAX_VALUE_DEPTH) {
      return false;
    }
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        if (!DataPointUpload.isValidKey(e.getKey()) || !isValidValue(e.getValue(), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    for (JsonNode element : value) {
      if (!isValidValue(element, depth + 1)) {
        return false;
      }
    }
    return true;
  }
}
