package io.porta.store.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventSink;
import io.porta.store.batch.BatchBounds;
import io.porta.store.batch.GroupCommitWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit of the event outbox: many events in one transaction, each future completing once its
 * event is committed (a QoS 1 upload whose event a webhook waits for is acknowledged only then).
 *
 * <p>Ids are assigned here, on the single writer thread, as {@code max(last + 1, nowMs × 1000)}:
 * increasing in commit order, so a webhook reading after its cursor never misses an event committed
 * later with a smaller id, and not reused after a restart even when every event was purged.
 */
public final class BatchingEventWriter implements EventSink, AutoCloseable {
  public static final String THREAD_NAME = "porta-event-writer";
  private static final String INSERT =
      "INSERT INTO event_outbox (id, time_ms, product_id, device_name, type, data) VALUES (?, ?, ?, ?, ?, ?)";

  private final GroupCommitWriter<DeviceEvent> core;

  private BatchingEventWriter(GroupCommitWriter<DeviceEvent> core) {
    this.core = core;
  }

  /** Creates the writer and starts its thread. */
  public static BatchingEventWriter start(Jdbi jdbi, BatchBounds bounds) {
    // Above every id stored and every id a webhook has seen (events may all have been purged).
    long[] last = {Math.max(max(jdbi, "SELECT MAX(id) FROM event_outbox"), max(jdbi, "SELECT MAX(cursor_id) FROM webhooks"))};
    GroupCommitWriter.Inserter<DeviceEvent> inserter =
        events ->
            jdbi.useTransaction(
                h -> {
                  long first = last[0];
                  try {
                    insert(h.getConnection(), last, events);
                  } catch (SQLException | RuntimeException e) {
                    last[0] = first; // nothing committed: the retry takes the same ids again
                    throw e;
                  }
                });
    return new BatchingEventWriter(
        GroupCommitWriter.start(
            "event outbox", THREAD_NAME, bounds, inserter, e -> e.data().length(), e -> e.productId() + "/" + e.deviceName() + " " + e.type().label()));
  }

  private static long max(Jdbi jdbi, String sql) {
    Long v = jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    return v == null ? 0 : v;
  }

  /** Registers the writer's meters (see {@link GroupCommitWriter#bindTo}). */
  public BatchingEventWriter bindTo(MeterRegistry registry) {
    core.bindTo(registry);
    return this;
  }

  @Override
  public CompletableFuture<Void> publish(DeviceEvent event) {
    return core.append(Objects.requireNonNull(event, "event"));
  }

  private static void insert(Connection connection, long[] last, List<DeviceEvent> events) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (DeviceEvent e : events) {
        last[0] = Math.max(last[0] + 1, Math.multiplyExact(System.currentTimeMillis(), 1000L));
        insert.setLong(1, last[0]);
        insert.setLong(2, e.time().toEpochMilli());
        insert.setString(3, e.productId());
        insert.setString(4, e.deviceName());
        insert.setString(5, e.type().label());
        insert.setString(6, e.data());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  public int queuedEvents() {
    return core.queuedItems();
  }

  /** Stops accepting, writes everything accepted so far, then stops the thread. Idempotent. */
  @Override
  public void close() {
    core.close();
  }
}
