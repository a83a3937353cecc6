package io.porta.core.thing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code params} of a device's desired-property get and delete, either dialect (B.6.2
 * {@code thing/property/desired/get|delete}, A.7.5): get names identifiers ({@code ["Power"]}, none
 * or empty for all); delete names identifiers with the version applied ({@code {"Power":{"version":3}}},
 * {@code {"Power":{}}} for any version) or as an array. Pure.
 *
 * @param versions identifier → version to delete (null: any version); for get the values are null
 * @param problem why the params are refused, or null
 */
public record DesiredRequest(Map<String, Long> versions, String problem) {
  public boolean isValid() {
    return problem == null;
  }

  public List<String> identifiers() {
    return new ArrayList<>(versions.keySet());
  }

  /** The params of a desired get ({@code get}) or delete. */
  public static DesiredRequest parse(boolean get, JsonNode params) {
    return get ? parseGet(params) : parseDelete(params);
  }

  public static DesiredRequest parseGet(JsonNode params) {
    if (params == null || (params.isObject() && params.isEmpty())) {
      return new DesiredRequest(Map.of(), null);
    }
    if (!params.isArray()) {
      return invalid("params must be an array of identifiers");
    }
    return identifiers(params);
  }

  public static DesiredRequest parseDelete(JsonNode params) {
    if (params == null) {
      return invalid("params is required");
    }
    if (params.isArray()) {
      return params.isEmpty() ? invalid("params names no identifier") : identifiers(params);
    }
    if (!params.isObject() || params.isEmpty()) {
      return invalid("params must name identifiers");
    }
    Map<String, Long> versions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : params.properties()) {
      if (!ThingIdentifiers.isValid(e.getKey())) {
        return invalid("illegal property identifier");
      }
      JsonNode v = e.getValue().isObject() ? e.getValue().get("version") : null;
      if (v != null && !v.isNull() && !(v.isIntegralNumber() && v.canConvertToLong())) {
        return invalid("version of " + e.getKey() + " must be an integer");
      }
      versions.put(e.getKey(), v == null || v.isNull() ? null : v.longValue());
    }
    return new DesiredRequest(versions, null);
  }

  private static DesiredRequest identifiers(JsonNode array) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (JsonNode item : array) {
      if (!item.isString() || !ThingIdentifiers.isValid(item.asString())) {
        return invalid("illegal property identifier");
      }
      versions.put(item.asString(), null);
    }
    return new DesiredRequest(versions, null);
  }

  private static DesiredRequest invalid(String problem) {
    return new DesiredRequest(Map.of(), problem);
  }
}
