package io.porta.core.thing;

import io.porta.core.telemetry.DataPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code params} of a property post, either dialect (B.6.2 {@code thing/event/property/post},
 * A.7.5 {@code thing/property/post}): {@code {"Power":{"value":"on","time":1524448722000},"WF":23.6}}.
 * Each property becomes a data point (api.md "Telemetry": properties land there). Pure.
 *
 * @param points in payload order; empty when invalid
 * @param problem why the post is refused (the reply's message), or null
 */
public record PropertyPost(List<DataPoint> points, String problem) {
  public PropertyPost {
    points = List.copyOf(points);
  }

  public boolean isValid() {
    return problem == null;
  }

  public static PropertyPost parse(JsonNode params, long arrivalMs) {
    if (params == null || !params.isObject() || params.isEmpty()) {
      return invalid("params must be a non-empty object");
    }
    List<DataPoint> points = new ArrayList<>(params.size());
    for (Map.Entry<String, JsonNode> e : params.properties()) {
      String problem = add(e.getKey(), e.getValue(), arrivalMs, points);
      if (problem != null) {
        return invalid(problem);
      }
    }
    return new PropertyPost(points, null);
  }

  /** Adds one property's point; returns why it cannot be taken, or null. */
  public static String add(String identifier, JsonNode value, long arrivalMs, List<DataPoint> out) {
    if (!ThingIdentifiers.isValid(identifier)) {
      return "illegal property identifier";
    }
    TimedValue v = TimedValue.read(identifier, value, arrivalMs);
    if (v.problem() != null) {
      return v.problem();
    }
    out.add(new DataPoint(identifier, v.timeMs(), v.valueJson()));
    return null;
  }

  private static PropertyPost invalid(String problem) {
    return new PropertyPost(List.of(), problem);
  }
}
