package io.porta.core.telemetry;

import io.porta.core.model.DeviceKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Durable, batched telemetry writes (design.md "Storage": group commit). Never blocks the caller.
 */
public interface TelemetryWriter {
  /**
   * Queues the points for the next batch. The future completes once they are committed (durable),
   * or exceptionally if they could not be stored; it completes on the writer's thread, so callers
   * hop back to their own thread before touching their state.
   */
  CompletableFuture<Void> append(DeviceKey device, List<DataPoint> points);
}
