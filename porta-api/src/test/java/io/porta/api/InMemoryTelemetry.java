package io.porta.api;

import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.TelemetryQuery;
import io.porta.core.telemetry.TelemetryRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stored points in lists; remembers the last query so tests can check what the API asked for. */
final class InMemoryTelemetry implements TelemetryRepository {
  private final Map<DeviceKey, List<DataPoint>> points = new ConcurrentHashMap<>();
  volatile TelemetryQuery lastQuery;

  void add(DeviceKey device, DataPoint point) {
    points.computeIfAbsent(device, k -> new CopyOnWriteArrayList<>()).add(point);
  }

  @Override
  public List<DataPoint> query(TelemetryQuery q) {
    lastQuery = q;
    Comparator<DataPoint> byTime = Comparator.comparingLong(DataPoint::timeMs);
    return points.getOrDefault(q.device(), List.of()).stream()
        .filter(p -> q.stream() == null || p.stream().equals(q.stream()))
        .filter(p -> q.fromMs() == null || p.timeMs() >= q.fromMs())
        .filter(p -> q.toMs() == null || p.timeMs() <= q.toMs())
        .sorted(q.ascending() ? byTime : byTime.reversed())
        .limit(q.limit())
        .toList();
  }

  @Override
  public List<DataPoint> latest(DeviceKey device) {
    Map<String, DataPoint> newest = new LinkedHashMap<>();
    for (DataPoint p : points.getOrDefault(device, List.of())) {
      newest.merge(p.stream(), p, (a, b) -> b.timeMs() >= a.timeMs() ? b : a);
    }
    return new ArrayList<>(newest.values());
  }
}
