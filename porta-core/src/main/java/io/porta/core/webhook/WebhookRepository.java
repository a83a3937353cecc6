package io.porta.core.webhook;

import java.util.List;
import java.util.Optional;

/** Webhooks and their delivery state. Blocking: call it off the event loops. */
public interface WebhookRepository {
  /** Stores a new webhook whose delivery starts after event {@code cursor}. */
  void create(Webhook webhook, long cursor);

  Optional<Webhook> find(String id);

  List<Webhook> list();

  /** Replaces url, secret, product, events and enabled. @return false when unknown */
  boolean update(Webhook webhook);

  /** @return false when unknown */
  boolean delete(String id);

  Optional<DeliveryState> state(String id);

  /** Records a state after an attempt (or a drop). */
  void saveState(String id, DeliveryState state);
}
