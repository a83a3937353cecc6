package io.porta.api;

import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventOutbox;
import io.porta.core.event.EventType;
import io.porta.core.webhook.DeliveryState;
import io.porta.core.webhook.Webhook;
import io.porta.core.webhook.WebhookRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Webhooks and an event outbox in memory, for the REST tests. */
final class InMemoryWebhookStore implements WebhookRepository, EventOutbox {
  private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
  private final Map<String, DeliveryState> states = new LinkedHashMap<>();
  private final List<DeviceEvent> events = new ArrayList<>();

  synchronized void add(DeviceEvent e) {
    events.add(e.withId(events.isEmpty() ? 1 : events.get(events.size() - 1).id() + 1));
  }

  @Override
  public synchronized void create(Webhook webhook, long cursor) {
    webhooks.put(webhook.id(), webhook);
    states.put(webhook.id(), DeliveryState.startingAt(cursor));
  }

  @Override
  public synchronized Optional<Webhook> find(String id) {
    return Optional.ofNullable(webhooks.get(id));
  }

  @Override
  public synchronized List<Webhook> list() {
    return List.copyOf(webhooks.values());
  }

  @Override
  public synchronized boolean update(Webhook webhook) {
    return webhooks.replace(webhook.id(), webhook) != null;
  }

  @Override
  public synchronized boolean delete(String id) {
    states.remove(id);
    return webhooks.remove(id) != null;
  }

  @Override
  public synchronized Optional<DeliveryState> state(String id) {
    return Optional.ofNullable(states.get(id));
  }

  @Override
  public synchronized void saveState(String id, DeliveryState state) {
    states.replace(id, state);
  }

  @Override
  public synchronized List<DeviceEvent> after(long cursor, String productId, Set<EventType> types, int limit) {
    return events.stream()
        .filter(e -> e.id() > cursor && (productId == null || productId.equals(e.productId())) && types.contains(e.type()))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized long countAfter(long cursor, String productId, Set<EventType> types) {
    return after(cursor, productId, types, Integer.MAX_VALUE).size();
  }

  @Override
  public synchronized long newestId() {
    return events.isEmpty() ? 0 : events.get(events.size() - 1).id();
  }

  @Override
  public synchronized long oldestId() {
    return events.isEmpty() ? 0 : events.get(0).id();
  }

  @Override
  public synchronized int deleteUpTo(long id) {
    int before = events.size();
    events.removeIf(e -> e.id() <= id);
    return before - events.size();
  }

  @Override
  public synchronized long newestIdBefore(long cutoffMs) {
    return events.stream().filter(e -> e.time().toEpochMilli() < cutoffMs).mapToLong(DeviceEvent::id).max().orElse(0);
  }

  @Override
  public synchronized long size() {
    return events.size();
  }

  @Override
  public synchronized long idOfNthOldest(long n) {
    return n < 1 || n > events.size() ? 0 : events.get((int) n - 1).id();
  }
}
