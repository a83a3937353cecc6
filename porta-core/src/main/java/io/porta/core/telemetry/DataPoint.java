package io.porta.core.telemetry;

import java.util.Objects;

/**
 * One value of one data stream (OneNET) or property (Alibaba).
 *
 * @param timeMs UTC epoch milliseconds: the device's timestamp when it gave one, else arrival time
 * @param valueJson the value exactly as the device sent it, as JSON text (number, string, object, …)
 */
public record DataPoint(String stream, long timeMs, String valueJson) {
  public DataPoint {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(valueJson, "valueJson");
  }
}
