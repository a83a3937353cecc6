package io.porta.core.thing;

import java.util.Iterator;
import tools.jackson.databind.JsonNode;

/**
 * One property or event value with its time, read from either form devices send: wrapped
 * {@code {"value":…,"time":ms}} (B.6.2, A.7.5) or bare ({@code "Power":"on"}, which Alibaba's newer
 * SDKs send). An object is the wrapped form when {@code value} is present and {@code time} is its
 * only other member. Pure.
 *
 * @param valueJson the value as JSON text, as the device wrote it
 * @param timeMs the device's time, else the arrival time (design.md "Time")
 * @param problem why the value cannot be taken, or null
 */
record TimedValue(String valueJson, long timeMs, String problem) {
  /** B.6.1: a property or event time may be at most 24 h ahead of the platform's clock. */
  static final long MAX_AHEAD_MS = 24L * 60 * 60 * 1000;

  static TimedValue read(String identifier, JsonNode node, long arrivalMs) {
    if (!isWrapped(node)) {
      return new TimedValue(node.toString(), arrivalMs, null);
    }
    JsonNode t = node.get("time");
    long time = arrivalMs;
    if (t != null && !t.isNull()) {
      Long ms = ThingJson.readMillis(t);
      if (ms == null) {
        return new TimedValue(null, 0, "time of " + identifier + " is not epoch milliseconds");
      }
      if (ms > arrivalMs + MAX_AHEAD_MS) {
        return new TimedValue(null, 0, "time of " + identifier + " is more than 24 h ahead");
      }
      time = ms;
    }
    return new TimedValue(node.get("value").toString(), time, null);
  }

  static boolean isWrapped(JsonNode node) {
    if (!node.isObject() || !node.has("value")) {
      return false;
    }
    Iterator<String> names = node.propertyNames().iterator();
    while (names.hasNext()) {
      String n = names.next();
      if (!n.equals("value") && !n.equals("time")) {
        return false;
      }
    }
    return true;
  }
}
