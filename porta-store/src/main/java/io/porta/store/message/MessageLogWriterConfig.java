package io.porta.store.message;

import io.porta.store.batch.BatchBounds;

/**
 * Bounds of the message log's group-commit writer.
 *
 * @param maxBatchBytes payload bytes per transaction at most (a larger single message goes alone)
 * @param maxBatchMessages messages per transaction at most
 * @param maxQueuedMessages messages waiting at most; beyond, appends fail at once
 * @param maxQueuedBytes payload bytes waiting at most; beyond, appends fail at once
 */
public record MessageLogWriterConfig(
    int maxBatchBytes, int maxBatchMessages, int maxQueuedMessages, int maxQueuedBytes) {
  public static final MessageLogWriterConfig DEFAULTS =
      new MessageLogWriterConfig(4 << 20, 500, 20_000, 64 << 20);

  public MessageLogWriterConfig {
    if (maxBatchBytes < 1 || maxBatchMessages < 1 || maxQueuedMessages < 1 || maxQueuedBytes < 1) {
      throw new IllegalArgumentException("message log writer bounds must be positive");
    }
  }

  BatchBounds bounds() {
    return new BatchBounds(maxBatchBytes, maxBatchMessages, maxQueuedMessages, maxQueuedBytes);
  }
}
