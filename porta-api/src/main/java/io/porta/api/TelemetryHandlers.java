package io.porta.api;

import io.javalin.http.Context;
import io.porta.core.model.Device;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.TelemetryQuery;
import io.porta.core.telemetry.TelemetryRepository;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/** {@code …/devices/{name}/datapoints} (api.md "Telemetry"). */
final class TelemetryHandlers {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final TelemetryRepository telemetry;
  private final Lookups lookups;

  TelemetryHandlers(ApiServices s, Lookups lookups) {
    this.telemetry = s.telemetry();
    this.lookups = lookups;
  }

  void query(Context ctx) {
    String stream = Params.optionalString(ctx, "stream");
    Params.TimeRange range = Params.timeRange(ctx);
    int limit = Params.intInRange(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    String order = Params.optionalString(ctx, "order");
    if (order != null && !order.equals("asc") && !order.equals("desc")) {
      throw ApiException.invalidParam("order: must be asc or desc");
    }
    boolean ascending = "asc".equals(order);
    Device device = lookups.device(ctx.pathParam("pid"), ctx.pathParam("name"));
    List<DataPoint> points =
        telemetry.query(
            new TelemetryQuery(device.key(), stream, range.fromMs(), range.toMs(), limit, ascending));
    Json.write(ctx, 200, items(points));
  }

  void latest(Context ctx) {
    Device device = lookups.device(ctx.pathParam("pid"), ctx.pathParam("name"));
    Json.write(ctx, 200, items(telemetry.latest(device.key())));
  }

  /** The value goes out exactly as the device sent it (it was stored as JSON text). */
  private static ObjectNode items(List<DataPoint> points) {
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("items");
    for (DataPoint p : points) {
      ObjectNode item = items.addObject();
      item.put("stream", p.stream());
      item.put("time", p.timeMs());
      item.putRawValue("value", new RawValue(p.valueJson()));
    }
    return out;
  }
}
