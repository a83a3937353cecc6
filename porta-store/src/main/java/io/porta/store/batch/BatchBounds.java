package io.porta.store.batch;

/**
 * Bounds of a {@link GroupCommitWriter}. An item has a weight (telemetry: its points; the message log:
 * its payload bytes).
 *
 * @param maxBatchWeight weight per transaction at most (a heavier single item still goes alone, whole)
 * @param maxBatchItems items per transaction at most
 * @param maxQueuedItems items waiting at most; beyond, appends fail at once
 * @param maxQueuedWeight weight waiting at most; beyond, appends fail at once
 */
public record BatchBounds(int maxBatchWeight, int maxBatchItems, int maxQueuedItems, int maxQueuedWeight) {
  public BatchBounds {
    if (maxBatchWeight < 1 || maxBatchItems < 1 || maxQueuedItems < 1 || maxQueuedWeight < 1) {
      throw new IllegalArgumentException("writer bounds must be positive");
    }
  }
}
