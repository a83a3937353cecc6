package io.porta.core.event;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.SessionInfo;
import io.porta.core.session.SessionListener;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online/offline history (issue 4 §3): every start and end of a device's session becomes a {@code
 * status} entry of its event history and a {@link EventType#STATUS} event for applications. Called on
 * event loops, so it only queues; a failure is logged, never thrown, for a full store queue must not
 * break the transport's accounting of a connection.
 */
public final class StatusEvents implements SessionListener {
  /** The history type of online/offline entries. */
  public static final String TYPE = "status";

  public static final String ONLINE = "online";
  public static final String OFFLINE = "offline";

  private static final Logger log = LoggerFactory.getLogger(StatusEvents.class);

  private final DeviceEventWriter history;
  private final EventSink events;
  private final Clock clock;

  public StatusEvents(DeviceEventWriter history, EventSink events, Clock clock) {
    this.history = Objects.requireNonNull(history, "history");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void online(DeviceIdentity device, SessionInfo session) {
    record(device, ONLINE, session, null);
  }

  @Override
  public void offline(DeviceIdentity device, SessionInfo session, DisconnectReason reason) {
    record(device, OFFLINE, session, reason);
  }

  /** @param reason null when the device comes online */
  private void record(DeviceIdentity device, String status, SessionInfo session, DisconnectReason reason) {
    long nowMs = clock.millis();
    String historyData = data(session, reason);
    try {
      watch(device, status, "history", history.append(new StoredEvent(device.key(), TYPE, nowMs, status, historyData)));
    } catch (RuntimeException e) {
      failed(device, status, "history", e);
    }
    try {
      if (!events.wants(device.productId(), EventType.STATUS)) {
        return; // no webhook or application would get it: not built at all
      }
      // Applications get the same object with the status first, since a webhook batch mixes event
      // kinds; spliced rather than written twice. The object always has fields and the status is one
      // of this class's constants.
      String eventData = "{\"status\":\"" + status + "\"," + historyData.substring(1);
      watch(
          device,
          status,
          "event",
          events.publish(
              DeviceEvent.of(
                  Instant.ofEpochMilli(nowMs), device.productId(), device.deviceName(), EventType.STATUS, eventData)));
    } catch (RuntimeException e) {
      failed(device, status, "event", e);
    }
  }

  /**
   * What the REST API shows of the connection (api.md "Devices"), and why it ended, as the JSON text
   * stored in the history. Written by hand (this runs on the event loop for every CONNECT), byte for
   * byte as Jackson writes the same object ({@link EventJson#string} escapes as Jackson does).
   */
  static String data(SessionInfo session, DisconnectReason reason) {
    StringBuilder b = new StringBuilder(128);
    b.append('{');
    if (reason != null) {
      b.append("\"reason\":");
      EventJson.string(b, reason.label()); // a constant of lower-case letters and underscores
      b.append(',');
    }
    b.append("\"remoteAddress\":");
    stringOrNull(b, session.remoteAddress());
    b.append(",\"listener\":");
    stringOrNull(b, session.listener());
    b.append(",\"protocolLevel\":").append(session.protocolLevel());
    b.append(",\"keepAlive\":").append(session.keepAliveSeconds());
    b.append(",\"cleanSession\":").append(session.cleanSession());
    return b.append('}').toString();
  }

  private static void stringOrNull(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
    } else {
      EventJson.string(b, s);
    }
  }

  private static void watch(DeviceIdentity device, String status, String what, CompletableFuture<Void> done) {
    if (done.isDone() && !done.isCompletedExceptionally()) {
      return; // nothing to wait for (no push channel wanted it): no callback to allocate
    }
    done.whenComplete(
        (ok, error) -> {
          if (error != null) {
            failed(device, status, what, error);
          }
        });
  }

  private static void failed(DeviceIdentity device, String status, String what, Throwable error) {
    log.warn("device {}: {} {} not recorded: {}", device, status, what, error.toString());
  }
}
