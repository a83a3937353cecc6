package io.porta.store.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.TelemetryWriter;
import io.porta.store.batch.BatchBounds;
import io.porta.store.batch.GroupCommitWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit of telemetry (design.md "Storage"): the {@link GroupCommitWriter} core writing many
 * devices' points in one transaction, a message weighing its number of points. A QoS 1 PUBACK can
 * follow the future's completion, which means the commit.
 *
 * <p>{@link #append} never blocks: when the queue is full or the writer closed, the future fails at
 * once with a {@link RejectedExecutionException}. If a batch fails, its messages are retried one
 * transaction each. Futures complete on the writer thread.
 */
public final class BatchingTelemetryWriter implements TelemetryWriter, AutoCloseable {
  static final String THREAD_NAME = "porta-telemetry-writer";

  private final GroupCommitWriter<QueuedMessage> core;

  private BatchingTelemetryWriter(GroupCommitWriter<QueuedMessage> core) {
    this.core = core;
  }

  /** Creates the writer and starts its thread. */
  public static BatchingTelemetryWriter start(Jdbi jdbi, TelemetryWriterConfig config) {
    DataPointInserter inserter = new DataPointInserter(jdbi);
    BatchBounds bounds =
        new BatchBounds(
            config.maxBatchPoints(), config.maxBatchMessages(), config.maxQueuedMessages(), config.maxQueuedPoints());
    return new BatchingTelemetryWriter(
        GroupCommitWriter.start(
            "telemetry", THREAD_NAME, bounds, inserter::insert, QueuedMessage::size, QueuedMessage::toString));
  }

  /** The points list is copied (free for immutable lists). */
  @Override
  public CompletableFuture<Void> append(DeviceKey device, List<DataPoint> points) {
    QueuedMessage message = new QueuedMessage(device, List.copyOf(points));
    if (message.size() == 0) {
      return CompletableFuture.completedFuture(null);
    }
    return core.append(message);
  }

  /** Registers the writer's meters, tagged {@code writer=telemetry} (see {@link GroupCommitWriter#bindTo}). */
  public BatchingTelemetryWriter bindTo(MeterRegistry registry) {
    core.bindTo(registry);
    return this;
  }

  /** Stops accepting, writes everything accepted so far, then stops the thread. Idempotent. */
  @Override
  public void close() {
    core.close();
  }

  /** Transactions committed. */
  public long batchesWritten() {
    return core.batchesWritten();
  }

  public long messagesWritten() {
    return core.itemsWritten();
  }

  public long pointsWritten() {
    return core.weightWritten();
  }

  /** Messages whose transaction failed (their futures failed). */
  public long messagesFailed() {
    return core.itemsFailed();
  }

  /** Appends refused because the queue was full or the writer closed. */
  public long messagesRejected() {
    return core.itemsRejected();
  }

  /** Points in the last committed transaction. */
  public int lastBatchPoints() {
    return core.lastBatchWeight();
  }

  public int lastBatchMessages() {
    return core.lastBatchItems();
  }

  /** Messages accepted and not yet taken into a batch. */
  public int queuedMessages() {
    return core.queuedItems();
  }

  public int queuedPoints() {
    return core.queuedWeight();
  }
}
