package io.porta.core.dialect.onenet;

import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.thing.PropertyPost;
import io.porta.core.thing.ThingEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code params} of OneJSON batch posts (protocols.md A.7.5), read into points and events per
 * device. Pure.
 *
 * <ul>
 *   <li>{@code thing/pack/post}: {@code [{"identity":{"productID","deviceName"},"properties":{"k":{"value","time"}},
 *       "events":{"e":{"value","time"}}}]}, ≤ 100 points per entry;
 *   <li>{@code thing/history/post}: the same with arrays of {@code {"value","time"}} per property and
 *       event, ≤ 100 values per feature.
 * </ul>
 *
 * An entry without {@code identity} is the device itself; one naming another device is sub-device data,
 * which the caller accepts only from that sub-device's gateway. How many entries one post may carry
 * is a gateway limit, checked by the caller.
 *
 * @param parts what each device posted, in the order the devices first appear
 */
record OneJsonBatch(List<Part> parts, String problem) {
  static final int MAX_VALUES = 100;

  /** One device's points and events. */
  record Part(DeviceKey device, List<DataPoint> points, List<ThingEvent> events) {}

  OneJsonBatch {
    parts = List.copyOf(parts);
  }

  boolean isValid() {
    return problem == null;
  }

  /** The devices other than {@code self} this batch posts for. */
  List<DeviceKey> subDevices(DeviceKey self) {
    List<DeviceKey> subs = new ArrayList<>();
    for (Part p : parts) {
      if (!p.device().equals(self)) {
        subs.add(p.device());
      }
    }
    return subs;
  }

  static OneJsonBatch parsePack(JsonNode params, String productId, String deviceName, long arrivalMs) {
    return parse(params, new DeviceKey(productId, deviceName), arrivalMs, false);
  }

  static OneJsonBatch parseHistory(JsonNode params, String productId, String deviceName, long arrivalMs) {
    return parse(params, new DeviceKey(productId, deviceName), arrivalMs, true);
  }

  private static OneJsonBatch parse(JsonNode params, DeviceKey self, long arrivalMs, boolean history) {
    if (params == null || !params.isArray() || params.isEmpty()) {
      return invalid("params must be a non-empty array");
    }
    Map<DeviceKey, List<DataPoint>> points = new LinkedHashMap<>();
    Map<DeviceKey, List<ThingEvent>> events = new LinkedHashMap<>();
    for (JsonNode entry : params) {
      if (!entry.isObject()) {
        return invalid("each entry must be an object");
      }
      DeviceKey device = identity(entry.get("identity"), self);
      if (device == null) {
        return invalid("identity needs productID and deviceName");
      }
      String problem = properties(entry.get("properties"), arrivalMs, history, points.computeIfAbsent(device, k -> new ArrayList<>()));
      if (problem == null) {
        problem = events(entry.get("events"), arrivalMs, history, events.computeIfAbsent(device, k -> new ArrayList<>()));
      }
      if (problem != null) {
        return invalid(problem);
      }
    }
    List<Part> parts = new ArrayList<>();
    for (DeviceKey device : points.keySet()) {
      List<DataPoint> p = points.get(device);
      List<ThingEvent> e = events.get(device);
      if (!p.isEmpty() || !e.isEmpty()) {
        parts.add(new Part(device, p, e));
      }
    }
    if (parts.isEmpty()) {
      return invalid("no properties or events");
    }
    return new OneJsonBatch(parts, null);
  }

  /** The device an entry is about: itself without {@code identity}; null when identity is malformed. */
  private static DeviceKey identity(JsonNode identity, DeviceKey self) {
    if (identity == null || identity.isNull()) {
      return self;
    }
    return identity.isObject() ? OneNetGateway.key(identity) : null;
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
    return new OneJsonBatch(List.of(), problem);
  }
}
