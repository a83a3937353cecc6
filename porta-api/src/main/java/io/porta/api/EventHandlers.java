package io.porta.api;

import io.javalin.http.Context;
import io.porta.core.event.DeviceEventQuery;
import io.porta.core.event.DeviceEventRepository;
import io.porta.core.event.StoredEvent;
import io.porta.core.model.Device;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * {@code GET …/devices/{name}/events} (api.md "Thing model, shadow, events"): the device's event
 * history, newest first; {@code status} entries are its online/offline history with reasons.
 */
final class EventHandlers {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final DeviceEventRepository deviceEvents;
  private final Lookups lookups;

  EventHandlers(ApiServices s, Lookups lookups) {
    this.deviceEvents = s.deviceEvents();
    this.lookups = lookups;
  }

  void query(Context ctx) {
    String type = Params.optionalString(ctx, "type");
    Params.TimeRange range = Params.timeRange(ctx);
    int limit = Params.intInRange(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    Device device = lookups.device(ctx.pathParam("pid"), ctx.pathParam("name"));
    List<StoredEvent> events =
        deviceEvents.query(new DeviceEventQuery(device.key(), type, range.fromMs(), range.toMs(), limit));
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("items");
    for (StoredEvent e : events) {
      ObjectNode item = items.addObject();
      item.put("type", e.type());
      item.put("time", e.timeMs());
      item.put("identifier", e.identifier());
      // Stored as the JSON object the platform serialised: it goes out as it is.
      item.putRawValue("data", new RawValue(e.data()));
    }
    Json.write(ctx, 200, out);
  }
}
