package io.porta.core.dialect.onenet;

import io.porta.core.telemetry.DataPoint;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

  /** Unix seconds above this are read as milliseconds (year 5138 in seconds: a unit slip, not a date). */
  static final long SECONDS_CEILING = 100_000_000_000L;

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
   * Reads an upload: in one pass over its tokens when it can ({@link DataPointStreamReader}, every
   * upload real firmware sends), else through a JSON tree ({@link DataPointTreeReader}), which decides
   * the rare payloads whose stored text only the tree defines (duplicate keys, exponents, escapes).
   * Both give the same upload for the same bytes.
   *
   * @param arrivalMs the time of points without {@code t} (design.md "Time")
   */
  public static DataPointUpload parse(byte[] payload, long arrivalMs) {
    DataPointUpload upload = DataPointStreamReader.read(payload, arrivalMs);
    return upload != null ? upload : DataPointTreeReader.read(payload, arrivalMs);
  }

  static DataPointUpload invalid(String id, String problem) {
    return new DataPointUpload(id, List.of(), problem);
  }

  /**
   * {@code t}: Unix seconds (A.7.1). Liberal with what real firmware sends: a fraction of a second, a
   * numeric string, or milliseconds by mistake (any value too large to be seconds).
   *
   * @param value the number {@code t} holds, or null when it holds none
   */
  static Long readTime(BigDecimal value) {
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

  /** {@link #readTime(BigDecimal)} for a {@code t} that is an integer, without a BigDecimal. */
  static Long readTime(long value) {
    if (value < 0) {
      return null;
    }
    return value >= SECONDS_CEILING ? value : value * 1000; // 0 stays the epoch
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

  /** ON-design: a key inside an object value is ≤ 30 bytes of {@code [A-Za-z0-9_.]}. */
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
