package io.porta.api;

import io.javalin.http.Context;
import io.porta.core.message.MessageLogRepository;
import io.porta.core.message.MessageQuery;
import io.porta.core.message.UplinkMessage;
import io.porta.core.model.Device;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET …/devices/{name}/messages}: the messages a device published on the topics the platform
 * keeps (Alibaba {@code /update}, custom topics), newest first.
 */
final class MessageHandlers {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final MessageLogRepository messageLog;
  private final Lookups lookups;

  MessageHandlers(ApiServices s, Lookups lookups) {
    this.messageLog = s.messageLog();
    this.lookups = lookups;
  }

  void query(Context ctx) {
    String topic = Params.optionalString(ctx, "topic");
    Params.TimeRange range = Params.timeRange(ctx);
    int limit = Params.intInRange(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    Device device = lookups.device(ctx.pathParam("pid"), ctx.pathParam("name"));
    List<UplinkMessage> messages =
        messageLog.query(new MessageQuery(device.key(), topic, range.fromMs(), range.toMs(), limit, false));
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("items");
    for (UplinkMessage m : messages) {
      ObjectNode item = items.addObject();
      item.put("topic", m.topic());
      item.put("time", m.timeMs());
      // Devices publish any bytes: text when they are UTF-8, base64 otherwise.
      Payloads.write(item, "payload", m.payload(), true);
    }
    Json.write(ctx, 200, out);
  }
}
