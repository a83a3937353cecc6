package io.porta.core.telemetry;

import io.porta.core.model.DeviceKey;
import java.util.List;

/** Reads of stored telemetry. Blocking: call it off the event loops. */
public interface TelemetryRepository {
  List<DataPoint> query(TelemetryQuery query);

  /** The newest point of each stream of the device. */
  List<DataPoint> latest(DeviceKey device);
}
