package io.porta.api.push;

import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventJson;
import java.util.List;

/**
 * The body Porta POSTs (README "Webhooks"):
 *
 * <pre>{"webhook":"wh_…","events":[{"id":…,"time":ms,"productId":…,"device":…,"type":…,"data":{…}}]}</pre>
 */
final class WebhookBatch {
  private WebhookBatch() {}

  static String json(String webhookId, List<DeviceEvent> events) {
    StringBuilder b = new StringBuilder(64 + events.size() * 160).append("{\"webhook\":");
    EventJson.string(b, webhookId);
    b.append(",\"events\":[");
    for (int i = 0; i < events.size(); i++) {
      DeviceEvent e = events.get(i);
      if (i > 0) {
        b.append(',');
      }
      EventJson.event(b, e, true);
    }
    return b.append("]}").toString();
  }
}
