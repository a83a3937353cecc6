package io.porta.api;

import io.javalin.http.Context;
import io.porta.core.model.Device;
import io.porta.core.thing.DesiredProperty;
import io.porta.core.thing.DesiredPropertyRepository;
import io.porta.core.thing.ThingIdentifiers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * {@code …/devices/{name}/properties/desired}: the desired property values devices read with
 * {@code thing/property/desired/get} and remove with {@code …/delete} (B.6.2, A.7.5). Setting one
 * stores it with a new version; the device learns it when it asks.
 */
final class DesiredPropertyHandlers {
  private final DesiredPropertyRepository desired;
  private final Lookups lookups;
  private final Clock clock;

  DesiredPropertyHandlers(ApiServices s, Lookups lookups) {
    this.desired = s.desiredProperties();
    this.lookups = lookups;
    this.clock = s.clock();
  }

  /** {@code ?identifiers=a,b} (all when absent) → {@code {"data":{"a":{"value","version","time"}}}}. */
  void get(Context ctx) {
    List<String> identifiers = identifiers(ctx);
    Device device = lookups.device(ctx.pathParam("pid"), ctx.pathParam("name"));
    Json.write(ctx, 200, json(desired.find(device.key(), identifiers)));
  }

  /** {@code {"params":{"Power":"on"}}} → the values with their new versions. */
  void set(Context ctx) {
    JsonBody body = Json.readObject(ctx);
    ObjectNode params = body.optionalRawObject("params");
    if (params == null || params.isEmpty()) {
      throw ApiException.invalidBody("params: required, a non-empty object");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, tools.jackson.databind.JsonNode> e : params.properties()) {
      if (!ThingIdentifiers.isValid(e.getKey())) {
        throw ApiException.invalidBody("params." + e.getKey() + ": identifiers are 1-50 letters, digits or _");
      }
      values.put(e.getKey(), e.getValue().toString());
    }
    Device device = lookups.device(ctx.pathParam("pid"), ctx.pathParam("name"));
    Json.write(ctx, 200, json(desired.set(device.key(), values, clock.millis())));
  }

  /** {@code ?identifiers=a,b} (all when absent) → 204. */
  void delete(Context ctx) {
    List<String> identifiers = identifiers(ctx);
    Device device = lookups.device(ctx.pathParam("pid"), ctx.pathParam("name"));
    if (identifiers.isEmpty()) {
      for (DesiredProperty p : desired.find(device.key(), List.of())) {
        identifiers.add(p.identifier());
      }
    }
    Map<String, Long> any = new LinkedHashMap<>();
    identifiers.forEach(id -> any.put(id, null));
    desired.delete(device.key(), any);
    ctx.status(204);
  }

  private static List<String> identifiers(Context ctx) {
    String list = Params.optionalString(ctx, "identifiers");
    List<String> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    for (String part : list.split(",", -1)) {
      String id = part.trim();
      if (!ThingIdentifiers.isValid(id)) {
        throw ApiException.invalidParam("identifiers: '" + id + "' is not 1-50 letters, digits or _");
      }
      out.add(id);
    }
    return out;
  }

  private static ObjectNode json(List<DesiredProperty> properties) {
    ObjectNode out = Json.object();
    ObjectNode data = out.putObject("data");
    for (DesiredProperty p : properties) {
      ObjectNode item = data.putObject(p.identifier());
      item.putRawValue("value", new RawValue(p.valueJson()));
      item.put("version", p.version());
      item.put("time", p.updatedMs());
    }
    return out;
  }
}
