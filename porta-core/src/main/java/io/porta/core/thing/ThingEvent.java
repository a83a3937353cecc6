package io.porta.core.thing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An event a device reported (B.6.2 {@code thing/event/{id}/post}, A.7.5 {@code thing/event/post}).
 *
 * @param valueJson the event's output data as JSON text, as sent
 */
public record ThingEvent(String identifier, long timeMs, String valueJson) {

  /** What a post carried: the events, or why it is refused. */
  public record Post(List<ThingEvent> events, String problem) {
    public Post {
      events = List.copyOf(events);
    }

    public boolean isValid() {
      return problem == null;
    }

    static Post invalid(String problem) {
      return new Post(List.of(), problem);
    }
  }

  /** Alink: the identifier is in the topic, params {@code {"value":{…},"time":ms}} (or the bare value). Pure. */
  public static Post parseAlink(String identifier, JsonNode params, long arrivalMs) {
    if (!ThingIdentifiers.isValid(identifier)) {
      return Post.invalid("illegal event identifier");
    }
    if (params == null) {
      return Post.invalid("params is required");
    }
    TimedValue v = TimedValue.read(identifier, params, arrivalMs);
    if (v.problem() != null) {
      return Post.invalid(v.problem());
    }
    return new Post(List.of(new ThingEvent(identifier, v.timeMs(), v.valueJson())), null);
  }

  /** OneJSON: params {@code {"evt":{"value":{…},"time":ms},…}}, one or more events. Pure. */
  public static Post parseOneJson(JsonNode params, long arrivalMs) {
    if (params == null || !params.isObject() || params.isEmpty()) {
      return Post.invalid("params must be a non-empty object");
    }
    List<ThingEvent> events = new ArrayList<>(params.size());
    for (Map.Entry<String, JsonNode> e : params.properties()) {
      String problem = add(e.getKey(), e.getValue(), arrivalMs, events);
      if (problem != null) {
        return Post.invalid(problem);
      }
    }
    return new Post(events, null);
  }

  /** Adds one wrapped event; returns why it cannot be taken, or null. */
  public static String add(String identifier, JsonNode node, long arrivalMs, List<ThingEvent> out) {
    if (!ThingIdentifiers.isValid(identifier)) {
      return "illegal event identifier";
    }
    if (!TimedValue.isWrapped(node)) {
      return "event " + identifier + " needs {\"value\":…}";
    }
    TimedValue v = TimedValue.read(identifier, node, arrivalMs);
    if (v.problem() != null) {
      return v.problem();
    }
    out.add(new ThingEvent(identifier, v.timeMs(), v.valueJson()));
    return null;
  }
}
