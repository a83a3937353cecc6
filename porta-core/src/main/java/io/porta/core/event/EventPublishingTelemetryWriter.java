package io.porta.core.event;

import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.TelemetryWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Stores data points and hands them to the push channels as one {@code datapoints} event: the
 * returned future completes when both are durable, so a QoS 1 upload is acknowledged only once it is
 * stored and queued for every webhook that wants it (issue 4 §1).
 *
 * <p>Event data: {@code {"points":[{"stream":…,"time":ms,"value":<as sent>}]}}.
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
    CompletableFuture<Void> stored = store.append(device, points);
    CompletableFuture<Void> queued =
        events.publish(
            DeviceEvent.of(clock.instant(), device.productId(), device.deviceName(), EventType.DATAPOINTS, data(points)));
    return CompletableFuture.allOf(stored, queued);
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
