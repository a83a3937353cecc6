package io.porta.core.dialect.onenet;

import io.porta.core.telemetry.DataPoint;
import io.porta.core.thing.PropertyPost;
import io.porta.core.thing.ThingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code params} of OneJSON batch posts (protocols.md A.7.5), read into points and events. Pure.
 *
 * <ul>
 *   <li>{@code thing/pack/post}: {@code [{"identity":{"productID","deviceName"},"properties":{"k":{"value","time"}},
 *       "events":{"e":{"value","time"}}}]}, ≤ 10 entries of ≤ 100 points each;
 *   <li>{@code thing/history/post}: the same with arrays of {@code {"value","time"}} per property and
 *       event, ≤ 100 values per feature.
 * </ul>
 *
 * An entry without {@code identity} is the device itself. Entries naming another device are sub-device
 * data, which needs the gateway topology: refused until gateways exist.
 */
record OneJsonBatch(List<DataPoint> points, List<ThingEvent> events, String problem) {
  static final int MAX_PACK_ENTRIES = 10;
  static final int MAX_VALUES = 100;

  OneJsonBatch {
    points = List.copyOf(points);
    events = List.copyOf(events);
  }

  boolean isValid() {
    return problem == null;
  }

  static OneJsonBatch parsePack(JsonNode params, String productId, String deviceName, long arrivalMs) {
    return parse(params, productId, deviceName, arrivalMs, false);
  }

  static OneJsonBatch parseHistory(JsonNode params, String productId, String deviceName, long arrivalMs) {
    return parse(params, productId, deviceName, arrivalMs, true);
  }

  private static OneJsonBatch parse(
      JsonNode params, String productId, String deviceName, long arrivalMs, boolean history) {
    if (params == null || !params.isArray() || params.isEmpty()) {
      return invalid("params must be a non-empty array");
    }
    if (!history && params.size() > MAX_PACK_ENTRIES) {
      return invalid("at most " + MAX_PACK_ENTRIES + " entries");
    }
    List<DataPoint> points = new ArrayList<>();
    List<ThingEvent> events = new ArrayList<>();
    for (JsonNode entry : params) {
      if (!entry.isObject()) {
        return invalid("each entry must be an object");
      }
      String problem = checkIdentity(entry.get("identity"), productId, deviceName);
      if (problem == null) {
        problem = properties(entry.get("properties"), arrivalMs, history, points);
      }
      if (problem == null) {
        problem = events(entry.get("events"), arrivalMs, history, events);
      }
      if (problem != null) {
        return invalid(problem);
      }
    }
    if (points.isEmpty() && events.isEmpty()) {
      return invalid("no properties or events");
    }
    return new OneJsonBatch(points, events, null);
  }

  private static String checkIdentity(JsonNode identity, String productId, String deviceName) {
    if (identity == null || identity.isNull()) {
      return null;
    }
    JsonNode pid = identity.get("productID");
    JsonNode dn = identity.get("deviceName");
    if (!identity.isObject() || pid == null || dn == null) {
      return "identity needs productID and deviceName";
    }
    if (!productId.equals(pid.asString()) || !deviceName.equals(dn.asString())) {
      return "identity " + pid.asString() + "/" + dn.asString() + " is not this device (sub-devices need a gateway)";
    }
    return null;
  }

  private static String properties(JsonNode node, long arrivalMs, boolean history, List<DataPoint> out) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      return "properties must be an object";
    }
    int before = out.size();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      for (JsonNode value : values(e.getValue(), history)) {
        String problem = value == null ? "values of " + e.getKey() + " must be a non-empty array of at most " + MAX_VALUES
            : PropertyPost.add(e.getKey(), value, arrivalMs, out);
        if (problem != null) {
          return problem;
        }
      }
    }
    return !history && out.size() - before > MAX_VALUES ? "at most " + MAX_VALUES + " points per entry" : null;
  }

  private static String events(JsonNode node, long arrivalMs, boolean history, List<ThingEvent> out) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      return "events must be an object";
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      for (JsonNode value : values(e.getValue(), history)) {
        String problem = value == null ? "values of " + e.getKey() + " must be a non-empty array of at most " + MAX_VALUES
            : ThingEvent.add(e.getKey(), value, arrivalMs, out);
        if (problem != null) {
          return problem;
        }
      }
    }
    return null;
  }

  /** History: the feature's array of values (a single null marks a bad array); pack: the value itself. */
  private static List<JsonNode> values(JsonNode node, boolean history) {
    if (!history) {
      return List.of(node);
    }
    if (!node.isArray() || node.isEmpty() || node.size() > MAX_VALUES) {
      List<JsonNode> bad = new ArrayList<>(1);
      bad.add(null);
      return bad;
    }
    List<JsonNode> all = new ArrayList<>(node.size());
    node.forEach(all::add);
    return all;
  }

  private static OneJsonBatch invalid(String problem) {
    return new OneJsonBatch(List.of(), List.of(), problem);
  }
}
