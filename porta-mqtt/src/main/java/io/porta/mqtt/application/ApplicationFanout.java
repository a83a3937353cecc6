package io.porta.mqtt.application;

import io.porta.core.application.Application;
import io.porta.core.application.ApplicationRules;
import io.porta.core.application.ApplicationTopics;
import io.porta.core.application.Applications;
import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventJson;
import io.porta.core.event.EventSink;
import io.porta.core.event.EventType;
import io.porta.core.model.DeviceKey;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.session.StoredSubscription;
import io.porta.core.topic.TopicFilters;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.SessionRegistry;
import io.porta.mqtt.session.PersistentSessions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application channel's fan-out (README "Application channel"): each device event goes to the
 * applications subscribed to its {@code $app/{product}/{device}/{kind}} topic whose scope covers the
 * product. A persistent application session (cleanSession = 0) gets the event through its durable
 * queue, connected or not, and the event is acknowledged to the device only once it is queued there
 * (QoS 1 subscriptions); a clean session gets it only while connected. Never blocks.
 */
public final class ApplicationFanout implements EventSink, PersistentSessions.SessionObserver {
  private static final Logger LOG = LoggerFactory.getLogger(ApplicationFanout.class);
  private static final String SCOPE = ApplicationTopics.PREFIX;

  private final Applications applications;
  // Set once by attach(): the dialects that publish events are built before the transport.
  private volatile SessionRegistry connections;
  private volatile PersistentSessions sessions;

  /** Stored application sessions (connected or away) by session name, with their subscriptions. */
  private final Map<String, Map<String, Integer>> persistent = new ConcurrentHashMap<>();

  public ApplicationFanout(Applications applications) {
    this.applications = applications;
  }

  /**
   * Connects the fan-out to the transport and loads the stored application sessions; call once,
   * before the listeners accept connections. Events published before are not for any application.
   */
  public CompletableFuture<Void> attach(SessionRegistry liveConnections, PersistentSessions sessionStore) {
    sessionStore.observe(this);
    this.sessions = sessionStore;
    this.connections = liveConnections;
    return sessionStore
        .sessionsOf(SCOPE)
        .thenAccept(
            stored -> {
              stored.forEach((name, subs) -> persistent.put(name, filters(subs)));
              if (!stored.isEmpty()) {
                LOG.info("Application channel: {} stored session(s)", stored.size());
              }
            });
  }

  /** Whether any application could receive an event now: one is connected or has a stored session. */
  @Override
  public boolean wants(String productId, EventType type) {
    SessionRegistry live = connections;
    return live != null && (!persistent.isEmpty() || live.any(SCOPE));
  }

  @Override
  public CompletableFuture<Void> publish(DeviceEvent event) {
    if (connections == null) {
      return CompletableFuture.completedFuture(null);
    }
    String topic = ApplicationTopics.topic(event);
    byte[] payload = null;
    List<CompletableFuture<?>> durable = null;
    for (Map.Entry<String, Map<String, Integer>> session : persistent.entrySet()) {
      int qos = maxQos(session.getValue(), topic);
      if (qos < 0 || !covers(applicationOf(session.getKey()), event.productId())) {
        continue;
      }
      payload = payload != null ? payload : payload(event);
      CompletableFuture<Boolean> queued =
          sessions.enqueue(new DeviceKey(SCOPE, session.getKey()), new OutboundMessage(topic, payload, qos, true))
              .toCompletableFuture();
      String name = session.getKey();
      queued.thenAccept(stored -> {
        if (!stored) {
          persistent.remove(name); // expired or discarded meanwhile
        }
      });
      if (qos == 1) {
        durable = durable != null ? durable : new ArrayList<>();
        durable.add(queued);
      }
    }
    for (Connection c : connections.connections(SCOPE)) {
      if (c.persistentSession() != null || !covers(ApplicationRules.applicationId(c.identity()), event.productId())) {
        continue; // persistent sessions were served through their queue
      }
      payload = payload != null ? payload : payload(event);
      // Delivered at the granted QoS, if subscribed; batched with the other events of this commit.
      ApplicationFeed.of(c).send(new OutboundMessage(topic, payload, 1, true));
    }
    return durable == null
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new));
  }

  /** An application was deleted: its connections close and its stored sessions are forgotten. */
  public void revoke(Application app) {
    String prefix = app.id() + "/";
    for (Connection c : connections.connections(SCOPE)) {
      if (c.identity().deviceName().startsWith(prefix)) {
        c.close(DisconnectReason.KICKED_BY_API);
      }
    }
    for (String name : List.copyOf(persistent.keySet())) {
      if (name.startsWith(prefix)) {
        persistent.remove(name);
        sessions.discard(new DeviceKey(SCOPE, name));
      }
    }
  }

  // SessionObserver: keeps the index of stored application sessions (on the session store thread).

  @Override
  public void opened(DeviceKey session, List<StoredSubscription> subscriptions) {
    if (SCOPE.equals(session.productId())) {
      persistent.put(session.deviceName(), filters(subscriptions));
    }
  }

  @Override
  public void discarded(DeviceKey session) {
    if (SCOPE.equals(session.productId())) {
      persistent.remove(session.deviceName());
    }
  }

  @Override
  public void subscribed(DeviceKey session, List<StoredSubscription> subscriptions) {
    if (SCOPE.equals(session.productId())) {
      Map<String, Integer> filters = persistent.computeIfAbsent(session.deviceName(), k -> new ConcurrentHashMap<>());
      subscriptions.forEach(s -> filters.put(s.filter(), s.qos()));
    }
  }

  @Override
  public void unsubscribed(DeviceKey session, List<String> filters) {
    if (SCOPE.equals(session.productId())) {
      Map<String, Integer> stored = persistent.get(session.deviceName());
      if (stored != null) {
        filters.forEach(stored::remove);
      }
    }
  }

  private boolean covers(String applicationId, String productId) {
    return applicationId != null
        && applications.find(applicationId).map(a -> a.covers(productId)).orElse(false);
  }

  /** Session names are {@code {applicationId}/{clientId}}. */
  private static String applicationOf(String sessionName) {
    int slash = sessionName.indexOf('/');
    return slash < 0 ? null : sessionName.substring(0, slash);
  }

  private static int maxQos(Map<String, Integer> filters, String topic) {
    int qos = -1;
    for (Map.Entry<String, Integer> f : filters.entrySet()) {
      if (f.getValue() > qos && TopicFilters.matches(f.getKey(), topic)) {
        qos = f.getValue();
      }
    }
    return qos;
  }

  private static Map<String, Integer> filters(List<StoredSubscription> subscriptions) {
    Map<String, Integer> filters = new ConcurrentHashMap<>();
    subscriptions.forEach(s -> filters.put(s.filter(), s.qos()));
    return filters;
  }

  private static byte[] payload(DeviceEvent event) {
    StringBuilder json = new StringBuilder(160 + event.data().length());
    EventJson.event(json, event, false);
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }
}
