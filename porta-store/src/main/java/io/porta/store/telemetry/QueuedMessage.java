package io.porta.store.telemetry;

import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import java.util.List;

/** One accepted append of a device's points: they commit together. */
final class QueuedMessage {
  final DeviceKey device;
  final List<DataPoint> points;

  QueuedMessage(DeviceKey device, List<DataPoint> points) {
    this.device = device;
    this.points = points;
  }

  int size() {
    return points.size();
  }

  @Override
  public String toString() {
    return device + " (" + points.size() + " points)";
  }
}
