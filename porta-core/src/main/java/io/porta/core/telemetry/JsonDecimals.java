package io.porta.core.telemetry;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/** Numbers as devices send them in JSON: a number or a numeric string, read exactly. */
public final class JsonDecimals {
  private JsonDecimals() {}

  /**
   * The value of a JSON number or numeric string, or null for anything else (including a non-finite
   * double a tree read with doubles may hold). Callers compare before converting: 1e999999999 is a short
   * literal whose integer would not fit in memory.
   */
  public static BigDecimal of(JsonNode t) {
    if (t.isNumber()) {
      if ((t.isDouble() || t.isFloat()) && !Double.isFinite(t.doubleValue())) {
        return null;
      }
      return t.decimalValue();
    }
    if (t.isString()) {
      try {
        return new BigDecimal(t.asString().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
