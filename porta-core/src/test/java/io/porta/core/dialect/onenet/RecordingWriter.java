package io.porta.core.dialect.onenet;

import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.TelemetryWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A TelemetryWriter whose commits the test completes by hand. */
final class RecordingWriter implements TelemetryWriter {
  record Append(DeviceKey device, List<DataPoint> points, CompletableFuture<Void> commit) {}

  final List<Append> appends = new ArrayList<>();
  RuntimeException throwOnAppend;

  @Override
  public synchronized CompletableFuture<Void> append(DeviceKey device, List<DataPoint> points) {
    if (throwOnAppend != null) {
      throw throwOnAppend;
    }
    CompletableFuture<Void> commit = new CompletableFuture<>();
    appends.add(new Append(device, List.copyOf(points), commit));
    return commit;
  }

  synchronized Append last() {
    return appends.get(appends.size() - 1);
  }
}
