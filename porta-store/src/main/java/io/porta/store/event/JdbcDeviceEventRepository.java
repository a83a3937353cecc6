package io.porta.store.event;

import io.porta.core.event.DeviceEventQuery;
import io.porta.core.event.DeviceEventRepository;
import io.porta.core.event.StoredEvent;
import io.porta.core.model.DeviceKey;
import io.porta.store.batch.ArrivalSequence;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** {@code device_events}: newest first, equal times in reverse arrival order. */
public final class JdbcDeviceEventRepository implements DeviceEventRepository {
  private static final String DEVICE = "product_id = :productId AND device_name = :deviceName";
  private static final String INSERT =
      "INSERT INTO device_events (product_id, device_name, time_ms, seq, type, identifier, data)"
          + " VALUES (:productId, :deviceName, :timeMs, :seq, :type, :identifier, :data)";

  private final Jdbi jdbi;
  /** Guarded by this: concurrent appends take their seq in turn. */
  private final ArrivalSequence sequence = new ArrivalSequence();

  public JdbcDeviceEventRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** One transaction; in practice only the group-commit writer appends. */
  @Override
  public synchronized void append(List<StoredEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    jdbi.useTransaction(
        h -> {
          PreparedBatch batch = h.prepareBatch(INSERT);
          for (StoredEvent e : events) {
            batch
                .bind("productId", e.device().productId())
                .bind("deviceName", e.device().deviceName())
                .bind("timeMs", e.timeMs())
                .bind("seq", sequence.next())
                .bind("type", e.type())
                .bind("identifier", e.identifier())
                .bind("data", e.data())
                .add();
          }
          batch.execute();
        });
  }

  /** Null filters are open, bounds inclusive; the newest {@code limit}. */
  @Override
  public List<StoredEvent> query(DeviceEventQuery q) {
    if (q.limit() < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    StringBuilder sql =
        new StringBuilder("SELECT type, time_ms, identifier, data FROM device_events WHERE ").append(DEVICE);
    if (q.type() != null) {
      sql.append(" AND type = :type");
    }
    if (q.fromMs() != null) {
      sql.append(" AND time_ms >= :fromMs");
    }
    if (q.toMs() != null) {
      sql.append(" AND time_ms <= :toMs");
    }
    sql.append(" ORDER BY time_ms DESC, seq DESC LIMIT :limit");
    return jdbi.withHandle(
        h -> {
          Query query =
              h.createQuery(sql.toString())
                  .bind("productId", q.device().productId())
                  .bind("deviceName", q.device().deviceName())
                  .bind("limit", q.limit());
          if (q.type() != null) {
            query.bind("type", q.type());
          }
          if (q.fromMs() != null) {
            query.bind("fromMs", q.fromMs().longValue());
          }
          if (q.toMs() != null) {
            query.bind("toMs", q.toMs().longValue());
          }
          return query.map((rs, ctx) -> map(q.device(), rs, ctx)).list();
        });
  }

  /**
   * One transaction: the events older than the cutoff, then, for each device with more than {@code
   * keepPerDevice} left, those older (by time, then arrival) than its newest {@code keepPerDevice}.
   *
   * @param keepPerDevice 0 deletes every event
   * @return how many events were deleted
   * @throws IllegalArgumentException for a negative {@code keepPerDevice}
   */
  @Override
  public int purge(long olderThanMs, int keepPerDevice) {
    if (keepPerDevice < 0) {
      throw new IllegalArgumentException("keepPerDevice must not be negative");
    }
    return jdbi.inTransaction(
        h -> {
          if (keepPerDevice == 0) {
            return h.createUpdate("DELETE FROM device_events").execute();
          }
          int deleted =
              h.createUpdate("DELETE FROM device_events WHERE time_ms < :cutoff").bind("cutoff", olderThanMs).execute();
          List<DeviceKey> crowded =
              h.createQuery(
                      "SELECT product_id, device_name FROM device_events GROUP BY product_id, device_name"
                          + " HAVING COUNT(*) > :keep")
                  .bind("keep", keepPerDevice)
                  .map((rs, ctx) -> new DeviceKey(rs.getString("product_id"), rs.getString("device_name")))
                  .list();
          for (DeviceKey device : crowded) {
            deleted += trim(h, device, keepPerDevice);
          }
          return deleted;
        });
  }

  /** Deletes all but the device's newest {@code keep} events. */
  private static int trim(Handle h, DeviceKey device, int keep) {
    record Position(long timeMs, long seq) {}
    Position oldestKept =
        h.createQuery(
                "SELECT time_ms, seq FROM device_events WHERE " + DEVICE
                    + " ORDER BY time_ms DESC, seq DESC LIMIT 1 OFFSET :skip")
            .bind("productId", device.productId())
            .bind("deviceName", device.deviceName())
            .bind("skip", keep - 1)
            .map((rs, ctx) -> new Position(rs.getLong("time_ms"), rs.getLong("seq")))
            .one();
    return h.createUpdate(
            "DELETE FROM device_events WHERE " + DEVICE
                + " AND (time_ms < :timeMs OR (time_ms = :timeMs AND seq < :seq))")
        .bind("productId", device.productId())
        .bind("deviceName", device.deviceName())
        .bind("timeMs", oldestKept.timeMs())
        .bind("seq", oldestKept.seq())
        .execute();
  }

  /** Removes a device's events inside the caller's transaction. */
  public static void deleteDevice(Handle h, DeviceKey device) {
    h.createUpdate("DELETE FROM device_events WHERE " + DEVICE)
        .bind("productId", device.productId())
        .bind("deviceName", device.deviceName())
        .execute();
  }

  /** Removes a product's events inside the caller's transaction. */
  public static void deleteProduct(Handle h, String productId) {
    h.createUpdate("DELETE FROM device_events WHERE product_id = :productId").bind("productId", productId).execute();
  }

  private static StoredEvent map(DeviceKey device, ResultSet rs, StatementContext ctx) throws SQLException {
    return new StoredEvent(
        device, rs.getString("type"), rs.getLong("time_ms"), rs.getString("identifier"), rs.getString("data"));
  }
}
