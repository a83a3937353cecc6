package io.porta.store.event;

import io.micrometer.core.instrument.MeterRegistry;
import io.porta.core.event.DeviceEventRepository;
import io.porta.core.event.DeviceEventWriter;
import io.porta.core.event.StoredEvent;
import io.porta.store.batch.GroupCommitWriter;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Group commit of the device event history: the {@link GroupCommitWriter} core appending many devices'
 * events through {@link DeviceEventRepository#append} in one transaction. A reconnect storm (thousands
 * of devices going offline and online at once) costs a few transactions, not one per event. When the
 * queue is full or the writer closed the future fails at once with a {@link RejectedExecutionException}.
 * Futures complete on the writer thread.
 */
public final class BatchingDeviceEventWriter implements DeviceEventWriter, AutoCloseable {
  public static final String THREAD_NAME = "porta-device-event-writer";

  private final GroupCommitWriter<StoredEvent> core;

  private BatchingDeviceEventWriter(GroupCommitWriter<StoredEvent> core) {
    this.core = core;
  }

  /** Creates the writer and starts its thread. */
  public static BatchingDeviceEventWriter start(DeviceEventRepository repository, DeviceEventWriterConfig config) {
    return new BatchingDeviceEventWriter(
        GroupCommitWriter.start(
            "device events",
            THREAD_NAME,
            config.bounds(),
            repository::append,
            e -> e.data().length(),
            // Never the data: it can be long and is the device's.
            e -> e.device() + " " + e.type() + "/" + e.identifier()));
  }

  /** Registers the writer's meters (see {@link GroupCommitWriter#bindTo}). */
  public BatchingDeviceEventWriter bindTo(MeterRegistry registry) {
    core.bindTo(registry);
    return this;
  }

  @Override
  public CompletableFuture<Void> append(StoredEvent event) {
    return core.append(Objects.requireNonNull(event, "event"));
  }

  /** Stops accepting, writes everything accepted so far, then stops the thread. Idempotent. */
  @Override
  public void close() {
    core.close();
  }

  public long eventsWritten() {
    return core.itemsWritten();
  }

  /** Events whose transaction failed (their futures failed). */
  public long eventsFailed() {
    return core.itemsFailed();
  }

  /** Appends refused because the queue was full or the writer closed. */
  public long eventsRejected() {
    return core.itemsRejected();
  }

  /** Events accepted and not yet taken into a batch. */
  public int queuedEvents() {
    return core.queuedItems();
  }
}
