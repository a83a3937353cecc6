package io.porta.mqtt.session;

import io.porta.core.model.DeviceKey;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.QueuedMessage;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.ConnectionState;
import io.porta.mqtt.metrics.MqttMetrics;
import io.porta.core.session.StoredSubscription;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's view of its persistent session (cleanSession = 0): subscriptions are stored before
 * they are acknowledged, and the session's queue is delivered (MQTT 3.1.1 §4.4): messages are fetched from
 * the store in pages, written in queue order, and deleted only on the device's PUBACK; those written
 * on an earlier connection go out again with DUP = 1. At most {@link #WINDOW} are in flight, so a
 * long queue never floods the connection. Event loop only.
 */
public final class PersistentSession {
  private static final Logger LOG = LoggerFactory.getLogger(PersistentSession.class);

  /** Unacknowledged queued messages in flight at most. */
  static final int WINDOW = 32;

  private final Connection connection;
  private final DeviceKey device;
  private final PersistentSessions sessions;
  private final MqttMetrics metrics;

  /** The newest queue id fetched over this connection: the next page starts after it. */
  private long lastFetched;

  /** In-flight packet ids and their queue ids, in parallel arrays (WINDOW entries at most). */
  private final int[] packetIds = new int[WINDOW];

  private final long[] queueIds = new long[WINDOW];
  private int inFlight;
  private boolean fetching;
  private boolean wokenWhileFetching;

  public PersistentSession(
      Connection connection, DeviceKey device, PersistentSessions sessions, MqttMetrics metrics) {
    this.connection = connection;
    this.device = device;
    this.sessions = sessions;
    this.metrics = metrics;
  }

  /** Stores granted subscriptions; the SUBACK waits for this (§3.8.4: the session holds them). */
  public CompletableFuture<Void> storeSubscriptions(List<StoredSubscription> subscriptions) {
    return sessions.subscribe(device, subscriptions);
  }

  public CompletableFuture<Void> forgetSubscriptions(List<String> filters) {
    return sessions.unsubscribe(device, filters);
  }

  /** Something may be waiting in the store: fetch and send what the window allows. */
  public void pump() {
    if (fetching) {
      wokenWhileFetching = true;
      return;
    }
    int room = WINDOW - inFlight;
    if (room <= 0 || connection.state() != ConnectionState.CONNECTED) {
      return;
    }
    fetching = true;
    sessions
        .pending(device, lastFetched, room)
        .whenComplete((page, error) -> connection.runOnLoop(() -> onPage(page, error, room)));
  }

  private void onPage(List<QueuedMessage> page, Throwable error, int asked) {
    fetching = false;
    if (connection.state() != ConnectionState.CONNECTED) {
      return;
    }
    if (error != null) {
      // The messages stay queued; the device gets them when it reconnects.
      connection.closeOnLoop(DisconnectReason.STORE_FAILURE, "reading the session queue: " + error);
      return;
    }
    for (QueuedMessage m : page) {
      lastFetched = m.id();
      int granted = connection.subscriptions().maxQos(m.topic());
      if (granted < 0) {
        // Unsubscribed since it was queued: a device only receives what it subscribes to.
        LOG.info("{}: dropped queued message {} on {}: no matching subscription", device, m.id(), m.topic());
        metrics.dropped("not_subscribed");
        sessions.remove(device, m.id());
        continue;
      }
      int qos = Math.min(m.qos(), granted); // §3.8.4
      int packetId = connection.write(m.topic(), m.payload(), qos, m.sent(), false);
      if (packetId < 0) {
        return; // the connection is closing; the message stays queued
      }
      if (qos == 0) {
        // Sent at most once, as the subscription asked: nothing to wait for.
        sessions.remove(device, m.id());
        continue;
      }
      packetIds[inFlight] = packetId;
      queueIds[inFlight] = m.id();
      inFlight++;
      if (!m.sent()) {
        sessions.sent(device, m.id());
      }
    }
    connection.channel().flush();
    if (wokenWhileFetching || page.size() == asked) {
      wokenWhileFetching = false;
      pump();
    }
  }

  /**
   * A PUBACK arrived. @return true when it acknowledged a queued message (now deleted from the store)
   */
  public boolean acknowledged(int packetId) {
    for (int i = 0; i < inFlight; i++) {
      if (packetIds[i] == packetId) {
        sessions.remove(device, queueIds[i]);
        System.arraycopy(packetIds, i + 1, packetIds, i, inFlight - i - 1);
        System.arraycopy(queueIds, i + 1, queueIds, i, inFlight - i - 1);
        inFlight--;
        pump();
        return true;
      }
    }
    return false;
  }
}
