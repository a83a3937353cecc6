package io.porta.store.message;

import io.micrometer.core.instrument.MeterRegistry;
import io.porta.core.message.MessageLogWriter;
import io.porta.core.message.UplinkMessage;
import io.porta.core.model.DeviceKey;
import io.porta.store.batch.ArrivalSequence;
import io.porta.store.batch.GroupCommitWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit of the message log: the {@link GroupCommitWriter} core writing many devices' messages
 * to {@code device_messages} in one transaction, a message weighing its payload bytes. The future
 * completes once the message is committed; when the queue is full or the writer closed it fails at once
 * with a {@link RejectedExecutionException}. Futures complete on the writer thread.
 */
public final class BatchingMessageLogWriter implements MessageLogWriter, AutoCloseable {
  public static final String THREAD_NAME = "porta-message-log-writer";
  private static final String INSERT =
      "INSERT INTO device_messages (product_id, device_name, topic, time_ms, seq, payload) VALUES (?, ?, ?, ?, ?, ?)";

  private final GroupCommitWriter<LoggedMessage> core;

  private BatchingMessageLogWriter(GroupCommitWriter<LoggedMessage> core) {
    this.core = core;
  }

  /** Creates the writer and starts its thread. */
  public static BatchingMessageLogWriter start(Jdbi jdbi, MessageLogWriterConfig config) {
    ArrivalSequence sequence = new ArrivalSequence();
    GroupCommitWriter.Inserter<LoggedMessage> inserter =
        messages -> jdbi.useTransaction(h -> insert(h.getConnection(), sequence, messages));
    return new BatchingMessageLogWriter(
        GroupCommitWriter.start(
            "message log", THREAD_NAME, config.bounds(), inserter, LoggedMessage::size, LoggedMessage::describe));
  }

  /** The payload is not copied: the caller must not change it afterwards. */
  @Override
  public CompletableFuture<Void> append(DeviceKey device, UplinkMessage message) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(message, "message");
    return core.append(new LoggedMessage(device, message));
  }

  /** Registers the writer's meters, tagged {@code writer=message_log} (see {@link GroupCommitWriter#bindTo}). */
  public BatchingMessageLogWriter bindTo(MeterRegistry registry) {
    core.bindTo(registry);
    return this;
  }

  /** Stops accepting, writes everything accepted so far, then stops the thread. Idempotent. */
  @Override
  public void close() {
    core.close();
  }

  private static void insert(Connection connection, ArrivalSequence sequence, List<LoggedMessage> messages)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (LoggedMessage m : messages) {
        insert.setString(1, m.device().productId());
        insert.setString(2, m.device().deviceName());
        insert.setString(3, m.message().topic());
        insert.setLong(4, m.message().timeMs());
        insert.setLong(5, sequence.next());
        insert.setBytes(6, m.message().payload());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Transactions committed. */
  public long batchesWritten() {
    return core.batchesWritten();
  }

  public long messagesWritten() {
    return core.itemsWritten();
  }

  public long bytesWritten() {
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

  public int lastBatchMessages() {
    return core.lastBatchItems();
  }

  /** Messages accepted and not yet taken into a batch. */
  public int queuedMessages() {
    return core.queuedItems();
  }

  public int queuedBytes() {
    return core.queuedWeight();
  }
}
