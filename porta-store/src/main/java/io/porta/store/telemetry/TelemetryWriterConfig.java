package io.porta.store.telemetry;

/**
 * Bounds of the group-commit writer.
 *
 * @param maxBatchPoints points per transaction at most (a larger single message still goes alone,
 *     whole: a message's points commit together)
 * @param maxBatchMessages messages per transaction at most
 * @param maxQueuedMessages messages waiting at most; beyond, appends fail at once
 * @param maxQueuedPoints points waiting at most; beyond, appends fail at once
 */
public record TelemetryWriterConfig(
    int maxBatchPoints, int maxBatchMessages, int maxQueuedMessages, int maxQueuedPoints) {
  public static final TelemetryWriterConfig DEFAULTS = new TelemetryWriterConfig(1000, 500, 20_000, 200_000);

  public TelemetryWriterConfig {
    if (maxBatchPoints < 1 || maxBatchMessages < 1 || maxQueuedMessages < 1 || maxQueuedPoints < 1) {
      throw new IllegalArgumentException("telemetry writer bounds must be positive");
    }
  }
}
