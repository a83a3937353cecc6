package io.porta.core.event;

import java.util.concurrent.CompletableFuture;

/**
 * Where device events go for applications (webhooks, the application channel). Never blocks: it is
 * called from event loops.
 */
public interface EventSink {
  /** Takes nothing and completes at once: for servers and tests without push channels. */
  EventSink NONE = event -> CompletableFuture.completedFuture(null);

  /** Hands each event to both sinks; durable once both say so. */
  static EventSink both(EventSink first, EventSink second) {
    return event -> CompletableFuture.allOf(first.publish(event), second.publish(event));
  }

  /**
   * Hands an event over.
   *
   * @return completes once the event is durable (a QoS 1 upload is acknowledged only then), or
   *     exceptionally when it could not be stored
   */
  CompletableFuture<Void> publish(DeviceEvent event);
}
