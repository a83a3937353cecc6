package io.porta.store.batch;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.porta.core.concurrent.DeferredHandoffs;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic core of group commit (design.md "Storage"): one thread drains a queue and writes many
 * items in one transaction, then completes each item's future, so a QoS 1 PUBACK can follow the commit.
 * The telemetry writer and the message log writer are this core with their own inserter.
 *
 * <p>{@link #append} never blocks, for it is called from event loops: when the queue is full or the
 * writer closed, the future fails at once with a {@link RejectedExecutionException}. If a batch fails,
 * its items are retried one transaction each, so one bad item cannot fail other devices' data. Futures
 * complete on the writer thread.
 *
 * @param <T> what is written; its weight is bounded per batch and in the queue
 */
public final class GroupCommitWriter<T> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  /** Writes items in one transaction; returns once it is committed, throws if it is not. */
  @FunctionalInterface
  public interface Inserter<T> {
    void insert(List<T> items) throws SQLException;
  }

  /** One accepted append waiting for its commit. Identity matters (removed from the queue by identity). */
  private static final class Pending<T> {
    final T item;
    final int weight;
    final CompletableFuture<Void> future = new CompletableFuture<>();

    Pending(T item, int weight) {
      this.item = item;
      this.weight = weight;
    }
  }

  /** Put by close() to wake the writer; the queue itself is unbounded, the counters bound it. */
  private final Pending<T> stop = new Pending<>(null, 0);

  private final String name;
  private final Inserter<T> inserter;
  private final ToIntFunction<T> weigher;
  private final Function<T, String> describer;
  private final BatchBounds bounds;
  private final LinkedBlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queuedItems = new AtomicInteger();
  private final AtomicInteger queuedWeight = new AtomicInteger();
  private final Thread thread;
  private volatile boolean closed;

  private final AtomicLong batchesWritten = new AtomicLong();
  private final AtomicLong itemsWritten = new AtomicLong();
  private final AtomicLong weightWritten = new AtomicLong();
  private final AtomicLong itemsFailed = new AtomicLong();
  private final AtomicLong itemsRejected = new AtomicLong();
  private volatile int lastBatchWeight;
  private volatile int lastBatchItems;
  /** Set once by {@link #bindTo}; null until then (nothing recorded). */
  private volatile Meters meters;

  // Writer thread only.
  private List<Pending<T>> carried = new ArrayList<>(1);
  private boolean stopSeen;

  private GroupCommitWriter(
      String name,
      String threadName,
      BatchBounds bounds,
      Inserter<T> inserter,
      ToIntFunction<T> weigher,
      Function<T, String> describer) {
    this.name = name;
    this.bounds = bounds;
    this.inserter = inserter;
    this.weigher = weigher;
    this.describer = describer;
    this.thread = new Thread(this::run, threadName);
    // Nothing is lost if the JVM exits without close(): only committed items were acknowledged.
    thread.setDaemon(true);
  }

  /**
   * Creates the writer and starts its thread.
   *
   * @param name what it writes, for log lines and rejection reasons ("telemetry")
   * @param describer an item in a log line: never its data, which can be long and is the device's
   */
  public static <T> GroupCommitWriter<T> start(
      String name,
      String threadName,
      BatchBounds bounds,
      Inserter<T> inserter,
      ToIntFunction<T> weigher,
      Function<T, String> describer) {
    GroupCommitWriter<T> writer = new GroupCommitWriter<>(name, threadName, bounds, inserter, weigher, describer);
    writer.thread.start();
    return writer;
  }

  /** Queues the item for the next batch; the future completes once it is committed. */
  public CompletableFuture<Void> append(T item) {
    Pending<T> pending = new Pending<>(item, weigher.applyAsInt(item));
    int n = pending.weight;
    if (closed) {
      return reject(pending, name + " writer is closed");
    }
    if (n > bounds.maxQueuedWeight()) {
      return reject(pending, "item of weight " + n + " exceeds the " + name + " queue bound");
    }
    int items = queuedItems.incrementAndGet();
    int total = queuedWeight.addAndGet(n);
    if (items > bounds.maxQueuedItems() || total > bounds.maxQueuedWeight()) {
      release(pending);
      return reject(pending, name + " queue full (" + items + " items, weight " + total + " waiting)");
    }
    queue.add(pending);
    // close() may have drained the queue between the check above and the add: take it back.
    if (closed && queue.remove(pending)) {
      release(pending);
      return reject(pending, name + " writer is closed");
    }
    return pending.future;
  }

  /** Stops accepting, writes everything accepted so far, then stops the thread. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      queue.add(stop);
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
    for (Pending<T> p; (p = queue.poll()) != null; ) {
      if (p != stop) {
        release(p);
        p.future.completeExceptionally(new RejectedExecutionException(name + " writer is closed"));
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The name of the writer thread, on which futures complete. */
  public String threadName() {
    return thread.getName();
  }

  /** The {@code writer} tag of this writer's meters: its name in snake case ("message_log"). */
  public String metricName() {
    return name.replace(' ', '_');
  }

  /**
   * Registers this writer's meters (design.md "Observability"), tagged {@code writer=}{@link
   * #metricName()}: {@code porta.store.batch.size} (items per committed transaction), {@code
   * porta.store.commit.latency} (one transaction, insert to commit), {@code porta.store.queue.depth}
   * (items waiting), and the failed and rejected item counts. Call once, before or after items flow.
   */
  public GroupCommitWriter<T> bindTo(MeterRegistry registry) {
    String writer = metricName();
    Gauge.builder("porta.store.queue.depth", queuedItems, AtomicInteger::get)
        .description("Items accepted by a store writer and not yet taken into a transaction")
        .tag("writer", writer)
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder("porta.store.items.failed", itemsFailed, AtomicLong::get)
        .description("Items a store writer could not commit")
        .tag("writer", writer)
        .register(registry);
    FunctionCounter.builder("porta.store.items.rejected", itemsRejected, AtomicLong::get)
        .description("Items a store writer refused because its queue was full or it was closed")
        .tag("writer", writer)
        .register(registry);
    meters =
        new Meters(
            DistributionSummary.builder("porta.store.batch.size")
                .description("Items per committed store transaction")
                .tag("writer", writer)
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue((double) Math.max(1, bounds.maxBatchItems()))
                .register(registry),
            Timer.builder("porta.store.commit.latency")
                .description("Time to insert and commit one store transaction")
                .tag("writer", writer)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
    return this;
  }

  private record Meters(DistributionSummary batchSize, Timer commitLatency) {}

  private void run() {
    List<Pending<T>> batch = new ArrayList<>();
    try {
      while (fill(batch)) {
        write(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      log.error("{} writer interrupted; {} items left unwritten", name, queuedItems.get());
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      log.error("{} writer stopped by an unexpected error", name, e);
      throw e;
    }
  }

  /**
   * Waits for a first item, then adds what is already queued, up to the batch bounds.
   *
   * @return false once stopped and nothing is left
   */
  private boolean fill(List<Pending<T>> batch) throws InterruptedException {
    int weight = 0;
    while (batch.size() < bounds.maxBatchItems()) {
      Pending<T> next;
      if (!carried.isEmpty()) {
        next = carried.remove(0);
      } else {
        next = batch.isEmpty() && !stopSeen ? queue.take() : queue.poll();
        if (next == null) {
          break;
        }
        if (next == stop) {
          stopSeen = true;
          continue;
        }
        release(next);
      }
      if (!batch.isEmpty() && weight + next.weight > bounds.maxBatchWeight()) {
        carried.add(next);
        break;
      }
      batch.add(next);
      weight += next.weight;
    }
    return !batch.isEmpty();
  }

  private void write(List<Pending<T>> batch) {
    try {
      long started = System.nanoTime();
      inserter.insert(items(batch));
      committed(batch.size(), started);
      completed(batch);
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        failed(batch.get(0), e);
        return;
      }
      log.warn("{} batch of {} items failed, writing them one by one: {}", name, batch.size(), describe(e));
      for (Pending<T> pending : batch) {
        try {
          long started = System.nanoTime();
          inserter.insert(List.of(pending.item));
          committed(1, started);
          completed(List.of(pending));
        } catch (SQLException | RuntimeException e2) {
          failed(pending, e2);
        }
      }
    }
  }

  private static <T> List<T> items(List<Pending<T>> batch) {
    List<T> items = new ArrayList<>(batch.size());
    for (Pending<T> p : batch) {
      items.add(p.item);
    }
    return items;
  }

  /** Records a committed transaction in the meters, when bound. */
  private void committed(int items, long startedNanos) {
    Meters m = meters;
    if (m != null) {
      m.commitLatency().record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
      m.batchSize().record(items);
    }
  }

  private void completed(List<Pending<T>> batch) {
    int weight = 0;
    for (Pending<T> p : batch) {
      weight += p.weight;
    }
    batchesWritten.incrementAndGet();
    itemsWritten.addAndGet(batch.size());
    weightWritten.addAndGet(weight);
    lastBatchItems = batch.size();
    lastBatchWeight = weight;
    // The event loops waiting for these items are woken once each, after all of them are completed.
    DeferredHandoffs.during(
        () -> {
          for (Pending<T> p : batch) {
            p.future.complete(null);
          }
        });
  }

  private void failed(Pending<T> pending, Exception e) {
    itemsFailed.incrementAndGet();
    log.warn("{} of {} not stored: {}", name, describer.apply(pending.item), describe(e));
    pending.future.completeExceptionally(e);
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

  private void release(Pending<T> pending) {
    queuedItems.decrementAndGet();
    queuedWeight.addAndGet(-pending.weight);
  }

  private CompletableFuture<Void> reject(Pending<T> pending, String reason) {
    itemsRejected.incrementAndGet();
    pending.future.completeExceptionally(new RejectedExecutionException(reason));
    return pending.future;
  }

  /** Transactions committed. */
  public long batchesWritten() {
    return batchesWritten.get();
  }

  public long itemsWritten() {
    return itemsWritten.get();
  }

  public long weightWritten() {
    return weightWritten.get();
  }

  /** Items whose transaction failed (their futures failed). */
  public long itemsFailed() {
    return itemsFailed.get();
  }

  /** Appends refused because the queue was full or the writer closed. */
  public long itemsRejected() {
    return itemsRejected.get();
  }

  /** Weight of the last committed transaction. */
  public int lastBatchWeight() {
    return lastBatchWeight;
  }

  public int lastBatchItems() {
    return lastBatchItems;
  }

  /** Items accepted and not yet taken into a batch. */
  public int queuedItems() {
    return queuedItems.get();
  }

  public int queuedWeight() {
    return queuedWeight.get();
  }
}
