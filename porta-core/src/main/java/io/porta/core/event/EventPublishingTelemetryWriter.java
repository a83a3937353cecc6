package io.porta.core.event;

import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.TelemetryWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Stores data points and then hands them to the push channels as one {@code datapoints} event: the
 * returned future completes when both are durable, so a QoS 1 upload is acknowledged only once it is
 * stored and queued for every webhook that wants it (issue 4 §1).
 *
 * <p>Event data: {@code {"points":[{"stream":…,"time":ms,"value":<as sent>}]}}. No event is built
 * when no push channel wants it ({@link EventSink#wants}).
 */
public final class EventPublishingTelemetryWriter implements TelemetryWriter {
  private final TelemetryWriter store;
  private final EventSink events;
  private final Clock clock;

  public EventPublishingTelemetryWriter(TelemetryWriter store, EventSink events, Clock clock) {
    this.store = store;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Void> append(DeviceKey device, List<DataPoint> points) {
    if (!events.wants(device.productId(), EventType.DATAPOINTS)) {
      return store.append(device, points);
    }
    DeviceEvent event =
        DeviceEvent.of(clock.instant(), device.productId(), device.deviceName(), EventType.DATAPOINTS, data(points));
    // The event follows the stored points, never precedes them: an upload lost in a crash or a failed
    // write must not reach applications as if it had been stored (CrashSafetyIT showed that it did).
    return store.append(device, points).thenCompose(stored -> events.publish(event));
  }

  static String data(List<DataPoint> points) {
    StringBuilder b = new StringBuilder(32 + points.size() * 48).append("{\"points\":[");
    for (int i = 0; i < points.size(); i++) {
      DataPoint p = points.get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"stream\":");
      EventJson.string(b, p.stream());
      b.append(",\"time\":").append(p.timeMs()).append(",\"value\":").append(p.valueJson()).append('}');
    }
    return b.append("]}").toString();
  }
}
