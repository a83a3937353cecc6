package io.porta.core.event;

import io.porta.core.message.MessageLogWriter;
import io.porta.core.message.UplinkMessage;
import io.porta.core.model.DeviceKey;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Logs an uplink message and hands it to the push channels as a {@code messages} event; the future
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
    CompletableFuture<Void> stored = store.append(device, message);
    CompletableFuture<Void> queued =
        events.publish(
            DeviceEvent.of(
                Instant.ofEpochMilli(message.timeMs()),
                device.productId(),
                device.deviceName(),
                EventType.MESSAGES,
                data(message)));
    return CompletableFuture.allOf(stored, queued);
  }

  static String data(UplinkMessage message) {
    StringBuilder b = new StringBuilder(64 + message.payload().length).append("{\"topic\":");
    EventJson.string(b, message.topic());
    b.append(',');
    EventJson.payload(b, message.payload());
    return b.append('}').toString();
  }
}
