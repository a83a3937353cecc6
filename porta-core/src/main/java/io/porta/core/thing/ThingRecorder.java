package io.porta.core.thing;

import io.porta.core.event.DeviceEvent;
import io.porta.core.event.DeviceEventWriter;
import io.porta.core.event.EventJson;
import io.porta.core.event.EventSink;
import io.porta.core.event.EventType;
import io.porta.core.event.StoredEvent;
import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.TelemetryWriter;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Makes what thing-model uplinks carry durable, for both dialects: properties as data points
 * ({@code …/datapoints}, {@code datapoints} events), events in the device's event history
 * ({@code …/events?type=event}) and as {@code events} events for webhooks and the application
 * channel. The futures complete once all of it is durable, so a QoS 1 post is acknowledged only then.
 */
public final class ThingRecorder {
  /** The history type of device-reported events ({@code GET …/events?type=event}). */
  public static final String EVENT_TYPE = "event";

  private final TelemetryWriter telemetry;
  private final DeviceEventWriter history;
  private final EventSink events;

  /** @param telemetry stores points and publishes their {@code datapoints} event */
  public ThingRecorder(TelemetryWriter telemetry, DeviceEventWriter history, EventSink events) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.history = Objects.requireNonNull(history, "history");
    this.events = Objects.requireNonNull(events, "events");
  }

  public CompletableFuture<Void> properties(DeviceKey device, List<DataPoint> points) {
    try {
      return telemetry.append(device, points);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  public CompletableFuture<Void> events(DeviceKey device, List<ThingEvent> reported) {
    try {
      CompletableFuture<?>[] all = new CompletableFuture<?>[reported.size() * 2];
      int i = 0;
      for (ThingEvent e : reported) {
        all[i++] = history.append(new StoredEvent(device, EVENT_TYPE, e.timeMs(), e.identifier(), e.valueJson()));
        all[i++] =
            events.publish(
                DeviceEvent.of(
                    Instant.ofEpochMilli(e.timeMs()),
                    device.productId(),
                    device.deviceName(),
                    EventType.EVENTS,
                    data(e)));
      }
      return CompletableFuture.allOf(all);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@code {"identifier":…,"time":ms,"value":<as sent>}}. */
  static String data(ThingEvent e) {
    StringBuilder b = new StringBuilder(48 + e.valueJson().length()).append("{\"identifier\":");
    EventJson.string(b, e.identifier());
    return b.append(",\"time\":").append(e.timeMs()).append(",\"value\":").append(e.valueJson()).append('}').toString();
  }
}
