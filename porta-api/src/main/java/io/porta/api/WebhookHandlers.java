package io.porta.api;

import io.javalin.http.Context;
import io.porta.api.push.WebhookDispatcher;
import io.porta.api.push.Webhooks;
import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventOutbox;
import io.porta.core.event.EventType;
import io.porta.core.webhook.DeliveryState;
import io.porta.core.webhook.Webhook;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v1/webhooks} (api.md "Push to applications"): create, list, read with delivery status
 * and lag, update, delete. The secret is write-only: never shown, never logged.
 */
final class WebhookHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookHandlers.class);
  private static final Set<String> FIELDS = Set.of("url", "secret", "productId", "events", "enabled");
  private static final int MIN_SECRET_LENGTH = 16;

  private final Webhooks webhooks;
  private final WebhookDispatcher dispatcher;
  private final EventOutbox outbox;
  private final Lookups lookups;
  private final Clock clock;

  WebhookHandlers(ApiServices s, Lookups lookups) {
    this.webhooks = s.push().webhooks();
    this.dispatcher = s.push().dispatcher();
    this.outbox = s.push().outbox();
    this.lookups = lookups;
    this.clock = s.clock();
  }

  void create(Context ctx) {
    JsonBody body = Json.readObject(ctx);
    body.allowOnly(FIELDS, "unknown field");
    String url = url(body.requiredString("url"));
    String secret = secret(body.requiredString("secret"));
    String productId = body.optionalString("productId");
    if (productId != null) {
      lookups.product(productId); // 404 for an unknown product
    }
    List<String> labels = body.optionalStringList("events");
    Set<EventType> events = labels == null ? EnumSet.allOf(EventType.class) : events(labels);
    Boolean enabled = body.optionalBoolean("enabled");
    Webhook w =
        new Webhook(
            "wh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
            url,
            secret,
            productId,
            events,
            enabled == null || enabled,
            clock.instant());
    // It receives what happens from now on.
    webhooks.repository().create(w, outbox.newestId());
    webhooks.reload();
    LOG.info("webhook {} created for {} ({})", w.id(), productId == null ? "all products" : productId, events);
    Json.write(ctx, 201, representation(w));
  }

  void list(Context ctx) {
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("items");
    for (Webhook w : webhooks.repository().list()) {
      items.add(representation(w));
    }
    Json.write(ctx, 200, out);
  }

  void get(Context ctx) {
    Webhook w = find(ctx.pathParam("id"));
    ObjectNode out = representation(w);
    DeliveryState state = dispatcher.state(w.id());
    if (state != null) {
      out.set("delivery", delivery(w, state));
    }
    Json.write(ctx, 200, out);
  }

  void update(Context ctx) {
    Webhook w = find(ctx.pathParam("id"));
    JsonBody body = Json.readObject(ctx);
    body.allowOnly(FIELDS, "unknown field");
    String url = body.has("url") ? url(body.requiredString("url")) : w.url();
    String secret = body.has("secret") ? secret(body.requiredString("secret")) : w.secret();
    String productId = body.has("productId") ? body.optionalString("productId") : w.productId();
    if (productId != null && body.has("productId")) {
      lookups.product(productId);
    }
    List<String> labels = body.optionalStringList("events");
    Set<EventType> events = labels == null ? w.events() : events(labels);
    Boolean enabled = body.optionalBoolean("enabled");
    Webhook changed =
        new Webhook(w.id(), url, secret, productId, events, enabled == null ? w.enabled() : enabled, w.createdAt());
    if (!webhooks.repository().update(changed)) {
      throw notFound(w.id());
    }
    webhooks.reload();
    dispatcher.wake();
    LOG.info("webhook {} updated", w.id());
    Json.write(ctx, 200, representation(changed));
  }

  void delete(Context ctx) {
    String id = ctx.pathParam("id");
    if (!webhooks.repository().delete(id)) {
      throw notFound(id);
    }
    webhooks.reload();
    LOG.info("webhook {} deleted", id);
    ctx.status(204);
  }

  private Webhook find(String id) {
    return webhooks.repository().find(id).orElseThrow(() -> notFound(id));
  }

  private static ApiException notFound(String id) {
    return new ApiException(404, "webhook_not_found", "no webhook " + id);
  }

  private static ObjectNode representation(Webhook w) {
    ObjectNode n = Json.object();
    n.put("id", w.id());
    n.put("url", w.url());
    n.put("productId", w.productId());
    ArrayNode events = n.putArray("events");
    EnumSet.copyOf(w.events()).forEach(t -> events.add(t.label()));
    n.put("enabled", w.enabled());
    n.put("createdAt", w.createdAt().toString());
    return n;
  }

  /** pending: events not yet delivered; lagMs: the age of the oldest of them (0 when none). */
  private ObjectNode delivery(Webhook w, DeliveryState s) {
    ObjectNode n = Json.object();
    n.put("pending", outbox.countAfter(s.cursor(), w.productId(), w.events()));
    List<DeviceEvent> oldest = outbox.after(s.cursor(), w.productId(), w.events(), 1);
    n.put("lagMs", oldest.isEmpty() ? 0 : Math.max(0, clock.millis() - oldest.get(0).time().toEpochMilli()));
    n.put("lastEventId", s.cursor());
    n.put("lastSuccessAt", time(s.lastSuccessAt()));
    n.put("lastFailureAt", time(s.lastFailureAt()));
    n.put("lastError", s.lastError());
    n.put("failures", s.failures());
    n.put("dropped", s.dropped());
    return n;
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  private static String url(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw ApiException.invalidBody("url: must be an absolute http or https URL");
      }
      return url;
    } catch (URISyntaxException e) {
      throw ApiException.invalidBody("url: must be an absolute http or https URL");
    }
  }

  private static String secret(String secret) {
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw ApiException.invalidBody("secret: at least " + MIN_SECRET_LENGTH + " characters");
    }
    return secret;
  }

  private static Set<EventType> events(List<String> labels) {
    if (labels.isEmpty()) {
      throw ApiException.invalidBody("events: at least one of datapoints, messages, status, commands, events");
    }
    Set<EventType> set = EnumSet.noneOf(EventType.class);
    for (String label : labels) {
      set.add(
          EventType.fromLabel(label)
              .orElseThrow(
                  () -> ApiException.invalidBody("events: unknown event type " + label
                      + " (datapoints, messages, status, commands, events)")));
    }
    return set;
  }
}
