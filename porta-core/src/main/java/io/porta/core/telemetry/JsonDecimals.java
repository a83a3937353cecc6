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
      return ofText(t.asString());
    }
    return null;
  }

  /** The value of a numeric string (surrounding blanks ignored), or null when it holds no number. */
  public static BigDecimal ofText(String text) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
