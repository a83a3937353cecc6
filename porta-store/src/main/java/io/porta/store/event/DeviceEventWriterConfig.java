package io.porta.store.event;

import io.porta.store.batch.BatchBounds;

/**
 * Bounds of the device event history's group-commit writer. An event weighs its data's characters.
 *
 * @param maxBatchChars data characters per transaction at most (a larger single event goes alone)
 * @param maxBatchEvents events per transaction at most
 * @param maxQueuedEvents events waiting at most; beyond, appends fail at once
 * @param maxQueuedChars data characters waiting at most; beyond, appends fail at once
 */
public record DeviceEventWriterConfig(int maxBatchChars, int maxBatchEvents, int maxQueuedEvents, int maxQueuedChars) {
  public static final DeviceEventWriterConfig DEFAULTS = new DeviceEventWriterConfig(1 << 20, 500, 50_000, 32 << 20);

  public DeviceEventWriterConfig {
    if (maxBatchChars < 1 || maxBatchEvents < 1 || maxQueuedEvents < 1 || maxQueuedChars < 1) {
      throw new IllegalArgumentException("device event writer bounds must be positive");
    }
  }

  BatchBounds bounds() {
    return new BatchBounds(maxBatchChars, maxBatchEvents, maxQueuedEvents, maxQueuedChars);
  }
}
