package io.porta.store.telemetry;

import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One accepted append waiting for its commit. Identity matters (it is removed from the queue by identity). */
final class QueuedMessage {
  final DeviceKey device;
  final List<DataPoint> points;
  final CompletableFuture<Void> future = new CompletableFuture<>();

  QueuedMessage(DeviceKey device, List<DataPoint> points) {
    this.device = device;
    this.points = points;
  }

  int size() {
    return points.size();
  }
}
