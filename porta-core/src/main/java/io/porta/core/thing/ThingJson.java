package io.porta.core.thing;

import io.porta.core.telemetry.JsonDecimals;
import java.math.BigDecimal;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON reading shared by both thing-model dialects (Alink B.6, OneJSON A.7.5). Floats are read as big
 * decimals with their zeros kept, so a property value is stored exactly as the device wrote it (B.6.1:
 * "10.0" stays "10.0").
 */
public final class ThingJson {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);

  private ThingJson() {}

  /** The payload as a JSON tree, or null when it is not JSON. */
  public static JsonNode read(byte[] payload) {
    try {
      return MAPPER.readTree(payload);
    } catch (JacksonException e) {
      return null;
    }
  }

  /**
   * A {@code time} in epoch milliseconds (B.6.1, A.7.5): a non-negative integer, or a string holding
   * one (SDKs send both). Null when it is neither.
   */
  static Long readMillis(JsonNode t) {
    BigDecimal value = JsonDecimals.of(t);
    if (value == null) {
      return null;
    }
    // Compared before converting: 1e999999999 is a short literal whose BigInteger would not fit memory.
    if (value.signum() < 0 || value.compareTo(MAX_LONG) > 0) {
      return null;
    }
    return value.longValue();
  }
}
