package io.porta.core.testing;

import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.TelemetryWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A TelemetryWriter whose commits the test completes by hand. */
public final class RecordingWriter implements TelemetryWriter {
  public record Append(DeviceKey device, List<DataPoint> points, CompletableFuture<Void> commit) {}

  public final List<Append> appends = new ArrayList<>();
  public RuntimeException throwOnAppend;

  @Override
  public synchronized CompletableFuture<Void> append(DeviceKey device, List<DataPoint> points) {
    if (throwOnAppend != null) {
      throw throwOnAppend;
    }
    CompletableFuture<Void> commit = new CompletableFuture<>();
    appends.add(new Append(device, List.copyOf(points), commit));
    return commit;
  }

  public synchronized Append last() {
    return appends.get(appends.size() - 1);
  }
}
