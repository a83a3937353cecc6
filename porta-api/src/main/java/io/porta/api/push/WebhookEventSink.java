package io.porta.api.push;

import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventSink;
import io.porta.core.event.EventType;
import java.util.concurrent.CompletableFuture;

/**
 * The push channels' door: an event some webhook wants is written to the durable outbox (the returned
 * future completes once it is committed) and the dispatcher is woken; an event nobody wants is not
 * stored at all, so a server without webhooks pays nothing.
 */
public final class WebhookEventSink implements EventSink {
  private final Webhooks webhooks;
  private final EventSink outbox;
  private final Runnable wake;

  public WebhookEventSink(Webhooks webhooks, EventSink outbox, Runnable wake) {
    this.webhooks = webhooks;
    this.outbox = outbox;
    this.wake = wake;
  }

  @Override
  public boolean wants(String productId, EventType type) {
    return webhooks.anyWants(productId, type);
  }

  @Override
  public CompletableFuture<Void> publish(DeviceEvent event) {
    if (!webhooks.anyWants(event)) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> stored = outbox.publish(event);
    stored.thenRun(wake);
    return stored;
  }
}
