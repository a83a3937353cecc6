package io.porta.core.event;

import java.util.concurrent.CompletableFuture;

/** Durable, batched writes of the device event history. Never blocks the caller. */
public interface DeviceEventWriter {
  /**
   * Queues the event for the next batch; the future completes once it is committed, or exceptionally
   * when it could not be stored.
   */
  CompletableFuture<Void> append(StoredEvent event);
}
