package io.porta.core.event;

import java.util.concurrent.CompletableFuture;

/**
 * Where device events go for applications (webhooks, the application channel). Never blocks: it is
 * called from event loops.
 */
public interface EventSink {
  /** Takes nothing and completes at once: for servers and tests without push channels. */
  EventSink NONE = event -> CompletableFuture.completedFuture(null);

  /**
   * Hands an event over.
   *
   * @return completes once the event is durable (a QoS 1 upload is acknowledged only then), or
   *     exceptionally when it could not be stored
   */
  CompletableFuture<Void> publish(DeviceEvent event);
}
