package io.porta.core.webhook;

import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventType;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An application's HTTP endpoint for device events (api.md "Push to applications").
 *
 * @param secret the key of the {@code X-Porta-Signature} HMAC; never logged, never shown by the API
 * @param productId only this product's events, or null for every product
 * @param events the event types it receives (never empty)
 */
public record Webhook(
    String id, String url, String secret, String productId, Set<EventType> events, boolean enabled, Instant createdAt) {
  public Webhook {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(createdAt, "createdAt");
    if (events == null || events.isEmpty()) {
      throw new IllegalArgumentException("a webhook needs at least one event type");
    }
    events = Set.copyOf(EnumSet.copyOf(events));
  }

  /** Whether this webhook receives the event. */
  public boolean wants(String eventProductId, EventType type) {
    return enabled && events.contains(type) && (productId == null || productId.equals(eventProductId));
  }

  public boolean wants(DeviceEvent event) {
    return wants(event.productId(), event.type());
  }

  @Override
  public String toString() {
    return "Webhook[" + id + " " + url + "]"; // never the secret
  }
}
