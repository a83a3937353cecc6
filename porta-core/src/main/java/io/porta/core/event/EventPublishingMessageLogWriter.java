package io.porta.core.event;

import io.porta.core.message.MessageLogWriter;
import io.porta.core.message.UplinkMessage;
import io.porta.core.model.DeviceKey;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Logs an uplink message and then hands it to the push channels as a {@code messages} event; the future
 * completes when both are durable (see {@link EventPublishingTelemetryWriter}).
 *
 * <p>Event data: {@code {"topic":…,"payload":…,"encoding":"text"|"base64"}}.
 */
public final class EventPublishingMessageLogWriter implements MessageLogWriter {
  private final MessageLogWriter store;
  private final EventSink events;

  public EventPublishingMessageLogWriter(MessageLogWriter store, EventSink events) {
    this.store = store;
    this.events = events;
  }

  @Override
  public CompletableFuture<Void> append(DeviceKey device, UplinkMessage message) {
    if (!events.wants(device.productId(), EventType.MESSAGES)) {
      return store.append(device, message); // nobody to tell: no event built
    }
    DeviceEvent event =
        DeviceEvent.of(
            Instant.ofEpochMilli(message.timeMs()), device.productId(), device.deviceName(), EventType.MESSAGES, data(message));
    // After the log entry, as for data points: no event for an uplink that was not stored.
    return store.append(device, message).thenCompose(stored -> events.publish(event));
  }

  static String data(UplinkMessage message) {
    StringBuilder b = new StringBuilder(64 + message.payload().length).append("{\"topic\":");
    EventJson.string(b, message.topic());
    b.append(',');
    EventJson.payload(b, message.payload());
    return b.append('}').toString();
  }
}
