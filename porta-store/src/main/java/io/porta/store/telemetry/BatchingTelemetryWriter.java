package io.porta.store.telemetry;

import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.TelemetryWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit (design.md "Storage"): one thread drains a queue and writes many devices' points in one
 * transaction, then completes each message's future, so a QoS 1 PUBACK can follow the commit.
 *
 * <p>{@link #append} never blocks, for it is called from event loops: when the queue is full or the
 * writer closed, the future fails at once with a {@link RejectedExecutionException}. If a batch fails,
 * its messages are retried one transaction each, so one bad message cannot fail other devices' data.
 * Futures complete on the writer thread.
 */
public final class BatchingTelemetryWriter implements TelemetryWriter, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BatchingTelemetryWriter.class);
  static final String THREAD_NAME = "porta-telemetry-writer";
  /** Put by close() to wake the writer; the queue itself is unbounded, the counters bound it. */
  private static final QueuedMessage STOP = new QueuedMessage(new DeviceKey("", ""), List.of());

  private final DataPointInserter inserter;
  private final TelemetryWriterConfig config;
  private final LinkedBlockingQueue<QueuedMessage> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queuedMessages = new AtomicInteger();
  private final AtomicInteger queuedPoints = new AtomicInteger();
  private final Thread thread;
  private volatile boolean closed;

  private final AtomicLong batchesWritten = new AtomicLong();
  private final AtomicLong messagesWritten = new AtomicLong();
  private final AtomicLong pointsWritten = new AtomicLong();
  private final AtomicLong messagesFailed = new AtomicLong();
  private final AtomicLong messagesRejected = new AtomicLong();
  private volatile int lastBatchPoints;
  private volatile int lastBatchMessages;

  // Writer thread only.
  private QueuedMessage carried;
  private boolean stopSeen;

  private BatchingTelemetryWriter(Jdbi jdbi, TelemetryWriterConfig config) {
    this.inserter = new DataPointInserter(jdbi);
    this.config = config;
    this.thread = new Thread(this::run, THREAD_NAME);
    // Nothing is lost if the JVM exits without close(): only committed points were acknowledged.
    thread.setDaemon(true);
  }

  /** Creates the writer and starts its thread. */
  public static BatchingTelemetryWriter start(Jdbi jdbi, TelemetryWriterConfig config) {
    BatchingTelemetryWriter writer = new BatchingTelemetryWriter(jdbi, config);
    writer.thread.start();
    return writer;
  }

  /** The points list is copied (free for immutable lists). */
  @Override
  public CompletableFuture<Void> append(DeviceKey device, List<DataPoint> points) {
    QueuedMessage message = new QueuedMessage(device, List.copyOf(points));
    int n = message.size();
    if (n == 0) {
      return CompletableFuture.completedFuture(null);
    }
    if (closed) {
      return reject(message, "telemetry writer is closed");
    }
    if (n > config.maxQueuedPoints()) {
      return reject(message, "message of " + n + " points exceeds the telemetry queue bound");
    }
    int messages = queuedMessages.incrementAndGet();
    int total = queuedPoints.addAndGet(n);
    if (messages > config.maxQueuedMessages() || total > config.maxQueuedPoints()) {
      release(message);
      return reject(message, "telemetry queue full (" + messages + " messages, " + total + " points waiting)");
    }
    queue.add(message);
    // close() may have drained the queue between the check above and the add: take it back.
    if (closed && queue.remove(message)) {
      release(message);
      return reject(message, "telemetry writer is closed");
    }
    return message.future;
  }

  /** Stops accepting, writes everything accepted so far, then stops the thread. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      queue.add(STOP);
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    // Appends that raced with the writer's exit.
    for (QueuedMessage m; (m = queue.poll()) != null; ) {
      if (m != STOP) {
        release(m);
        m.future.completeExceptionally(new RejectedExecutionException("telemetry writer is closed"));
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<QueuedMessage> batch = new ArrayList<>();
    try {
      while (fill(batch)) {
        write(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      log.error("telemetry writer interrupted; {} messages left unwritten", queuedMessages.get());
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      log.error("telemetry writer stopped by an unexpected error", e);
      throw e;
    }
  }

  /**
   * Waits for a first message, then adds what is already queued, up to the batch bounds.
   *
   * @return false once stopped and nothing is left
   */
  private boolean fill(List<QueuedMessage> batch) throws InterruptedException {
    int points = 0;
    while (batch.size() < config.maxBatchMessages()) {
      QueuedMessage next;
      if (carried != null) {
        next = carried;
        carried = null;
      } else {
        next = batch.isEmpty() && !stopSeen ? queue.take() : queue.poll();
        if (next == null) {
          break;
        }
        if (next == STOP) {
          stopSeen = true;
          continue;
        }
        release(next);
      }
      if (!batch.isEmpty() && points + next.size() > config.maxBatchPoints()) {
        carried = next;
        break;
      }
      batch.add(next);
      points += next.size();
    }
    return !batch.isEmpty();
  }

  private void write(List<QueuedMessage> batch) {
    try {
      inserter.insert(batch);
      completed(batch);
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        failed(batch.get(0), e);
        return;
      }
      log.warn("telemetry batch of {} messages failed, writing them one by one: {}", batch.size(), describe(e));
      for (QueuedMessage message : batch) {
        List<QueuedMessage> single = List.of(message);
        try {
          inserter.insert(single);
          completed(single);
        } catch (SQLException | RuntimeException e2) {
          failed(message, e2);
        }
      }
    }
  }

  private void completed(List<QueuedMessage> batch) {
    int points = 0;
    for (QueuedMessage m : batch) {
      points += m.size();
    }
    batchesWritten.incrementAndGet();
    messagesWritten.addAndGet(batch.size());
    pointsWritten.addAndGet(points);
    lastBatchMessages = batch.size();
    lastBatchPoints = points;
    for (QueuedMessage m : batch) {
      m.future.complete(null);
    }
  }

  private void failed(QueuedMessage message, Exception e) {
    messagesFailed.incrementAndGet();
    log.warn("telemetry of {} not stored ({} points): {}", message.device, message.size(), describe(e));
    message.future.completeExceptionally(e);
  }

  /**
   * The database's reason, short: a failed JDBC batch's own message repeats the whole statement with
   * every value, which is the device's data and far too long for a log line.
   */
  private static String describe(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause instanceof SQLException sql && sql.getNextException() != null) {
      cause = sql.getNextException();
    }
    String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  private void release(QueuedMessage message) {
    queuedMessages.decrementAndGet();
    queuedPoints.addAndGet(-message.size());
  }

  private CompletableFuture<Void> reject(QueuedMessage message, String reason) {
    messagesRejected.incrementAndGet();
    message.future.completeExceptionally(new RejectedExecutionException(reason));
    return message.future;
  }

  /** Transactions committed. */
  public long batchesWritten() {
    return batchesWritten.get();
  }

  public long messagesWritten() {
    return messagesWritten.get();
  }

  public long pointsWritten() {
    return pointsWritten.get();
  }

  /** Messages whose transaction failed (their futures failed). */
  public long messagesFailed() {
    return messagesFailed.get();
  }

  /** Appends refused because the queue was full or the writer closed. */
  public long messagesRejected() {
    return messagesRejected.get();
  }

  /** Points in the last committed transaction. */
  public int lastBatchPoints() {
    return lastBatchPoints;
  }

  public int lastBatchMessages() {
    return lastBatchMessages;
  }

  /** Messages accepted and not yet taken into a batch. */
  public int queuedMessages() {
    return queuedMessages.get();
  }

  public int queuedPoints() {
    return queuedPoints.get();
  }
}
