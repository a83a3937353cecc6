package io.porta.api.push;

import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventType;
import io.porta.core.webhook.Webhook;
import io.porta.core.webhook.WebhookRepository;
import java.util.List;
import java.util.Optional;

/**
 * The webhooks, cached: whether an event is wanted is asked for every upload, on event loops, so it
 * must not touch the database. Changes go through here, which keeps the cache in step.
 */
public final class Webhooks {
  private final WebhookRepository repository;
  private volatile List<Webhook> cached;

  public Webhooks(WebhookRepository repository) {
    this.repository = repository;
    this.cached = List.copyOf(repository.list());
  }

  /** Whether any enabled webhook receives this kind of event of this product. Never blocks. */
  public boolean anyWants(String productId, EventType type) {
    for (Webhook w : cached) {
      if (w.wants(productId, type)) {
        return true;
      }
    }
    return false;
  }

  public boolean anyWants(DeviceEvent event) {
    return anyWants(event.productId(), event.type());
  }

  public List<Webhook> all() {
    return cached;
  }

  public Optional<Webhook> find(String id) {
    return cached.stream().filter(w -> w.id().equals(id)).findFirst();
  }

  public WebhookRepository repository() {
    return repository;
  }

  /** Re-reads the list after a change. Blocking. */
  public synchronized void reload() {
    cached = List.copyOf(repository.list());
  }
}
