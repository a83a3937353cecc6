package io.porta.core.dialect.onenet;

import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.JsonDecimals;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
 * A data-point upload on {@code $sys/{pid}/{dn}/dp/post/json} (protocols.md A.7.1), read and
 * checked:
 *
 * <pre>{"id": 42, "dp": {"temp": [{"v": 21.5, "t": 1700000000}], "status": [{"v": {"mode": "eco"}}]}}</pre>
 *
 * @param id the {@code id} exactly as the device wrote it, or {@code "-1"} when no valid id could be
 *     read (A.7.1: the rejected reply then carries -1)
 * @param points the points, in payload order; empty when the upload is invalid
 * @param problem why the upload is invalid (for the log; never payload secrets), or null when valid
 */
public record DataPointUpload(String id, List<DataPoint> points, String problem) {
  /** The id of a reply when none could be read (A.7.1). */
  public static final String NO_ID = "-1";

  static final int MAX_NAME_BYTES = 30;
  static final int MAX_VALUE_DEPTH = 5;

  /**
   * Big decimals keep a float's digits as sent (no rounding through double, no stripped zeros), so
   * {@code valueJson} stays what the device wrote; trailing content after the object is refused.
   */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /** Unix seconds above this are read as milliseconds (year 5138 in seconds: a unit slip, not a date). */
  private static final long SECONDS_CEILING = 100_000_000_000L;

  /** The largest {@code t} that can be a time at all: milliseconds that still fit a long. */
  private static final BigDecimal MAX_TIME = BigDecimal.valueOf(Long.MAX_VALUE);

  /** One millisecond, in seconds: the smallest {@code t} that is not 0 ms. */
  private static final BigDecimal MIN_TIME = new BigDecimal("0.001");

  public DataPointUpload {
    points = List.copyOf(points);
  }

  public boolean isValid() {
    return problem == null;
  }

  /**
   * Reads an upload.
   *
   * @param arrivalMs the time of points without {@code t} (design.md "Time")
   */
  public static DataPointUpload parse(byte[] payload, long arrivalMs) {
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
      if (!isValidStreamName(name)) {
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

  private static DataPointUpload invalid(String id, String problem) {
    return new DataPointUpload(id, List.of(), problem);
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
      Long ms = readTime(t);
      if (ms == null) {
        return "t of " + stream + " is not a Unix time";
      }
      timeMs = ms;
    }
    out.add(new DataPoint(stream, timeMs, v.toString()));
    return null;
  }

  /**
   * {@code t}: Unix seconds (A.7.1). Liberal with what real firmware sends: a fraction of a second, a
   * numeric string, or milliseconds by mistake (any value too large to be seconds).
   */
  static Long readTime(JsonNode t) {
    BigDecimal value = JsonDecimals.of(t);
    if (value == null) {
      return null;
    }
    if (value.signum() < 0 || value.compareTo(MAX_TIME) > 0) {
      return null;
    }
    // Converting a value with a huge exponent (1e99999999, 1e-99999999: a 45-byte payload) to an
    // integer computes a power of ten of that size and holds the event loop for minutes; both ends are
    // bounded first by comparisons, which cost nothing (found writing DataPointUploadFuzzTest).
    if (value.compareTo(MIN_TIME) < 0) {
      return 0L; // less than a millisecond after the epoch
    }
    try {
      if (value.compareTo(BigDecimal.valueOf(SECONDS_CEILING)) >= 0) {
        return value.toBigInteger().longValueExact();
      }
      return value.movePointRight(3).toBigInteger().longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** ON-design: ≤ 30 bytes of {@code [A-Za-z0-9_.$]}, {@code $} only as the first character. */
  static boolean isValidStreamName(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME_BYTES) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(isKeyChar(c) || (c == '$' && i == 0))) {
        return false;
      }
    }
    return true;
  }

  /**
   * ON-design: an object value nests at most 5 levels and its keys are ≤ 30 bytes of
   * {@code [A-Za-z0-9_.]}. Arrays count as a level too, and objects inside them are checked alike.
   */
  static boolean isValidValue(JsonNode value, int depth) {
    if (!value.isContainer()) {
      return true;
    }
    if (depth + 1 > MAX_VALUE_DEPTH) {
      return false;
    }
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        if (!isValidKey(e.getKey()) || !isValidValue(e.getValue(), depth + 1)) {
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

  static boolean isValidKey(String key) {
    if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      if (!isKeyChar(key.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.';
  }
}
