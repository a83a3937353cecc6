package io.porta.store.message;

import io.porta.core.message.MessageLogRepository;
import io.porta.core.message.MessageQuery;
import io.porta.core.message.UplinkMessage;
import io.porta.core.model.DeviceKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads and retention of {@code device_messages}: time order, equal times in arrival order. */
public final class JdbcMessageLogRepository implements MessageLogRepository {
  private static final String DEVICE = "product_id = :productId AND device_name = :deviceName";

  private final Jdbi jdbi;

  public JdbcMessageLogRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Null bounds are open, bounds inclusive; the limit is taken from the chosen end. */
  @Override
  public List<UplinkMessage> query(MessageQuery q) {
    if (q.limit() < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    StringBuilder sql =
        new StringBuilder("SELECT topic, time_ms, payload FROM device_messages WHERE ").append(DEVICE);
    if (q.topic() != null) {
      sql.append(" AND topic = :topic");
    }
    if (q.fromMs() != null) {
      sql.append(" AND time_ms >= :fromMs");
    }
    if (q.toMs() != null) {
      sql.append(" AND time_ms <= :toMs");
    }
    String direction = q.ascending() ? "ASC" : "DESC";
    sql.append(" ORDER BY time_ms ").append(direction).append(", seq ").append(direction).append(" LIMIT :limit");
    return jdbi.withHandle(
        h -> {
          Query query =
              h.createQuery(sql.toString())
                  .bind("productId", q.device().productId())
                  .bind("deviceName", q.device().deviceName())
                  .bind("limit", q.limit());
          if (q.topic() != null) {
            query.bind("topic", q.topic());
          }
          if (q.fromMs() != null) {
            query.bind("fromMs", q.fromMs().longValue());
          }
          if (q.toMs() != null) {
            query.bind("toMs", q.toMs().longValue());
          }
          return query.map(JdbcMessageLogRepository::map).list();
        });
  }

  /**
   * One transaction: the messages older than the cutoff, then, for each device with more than {@code
   * keepPerDevice} left, those older (by time, then arrival) than its newest {@code keepPerDevice}.
   *
   * @param keepPerDevice 0 deletes every message
   * @return how many messages were deleted
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
            return h.createUpdate("DELETE FROM device_messages").execute();
          }
          int deleted =
              h.createUpdate("DELETE FROM device_messages WHERE time_ms < :cutoff").bind("cutoff", olderThanMs).execute();
          List<DeviceKey> crowded =
              h.createQuery(
                      "SELECT product_id, device_name FROM device_messages GROUP BY product_id, device_name"
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

  /** Deletes all but the device's newest {@code keep} messages. */
  private static int trim(Handle h, DeviceKey device, int keep) {
    record Position(long timeMs, long seq) {}
    Position oldestKept =
        h.createQuery(
                "SELECT time_ms, seq FROM device_messages WHERE " + DEVICE
                    + " ORDER BY time_ms DESC, seq DESC LIMIT 1 OFFSET :skip")
            .bind("productId", device.productId())
            .bind("deviceName", device.deviceName())
            .bind("skip", keep - 1)
            .map((rs, ctx) -> new Position(rs.getLong("time_ms"), rs.getLong("seq")))
            .one();
    return h.createUpdate(
            "DELETE FROM device_messages WHERE " + DEVICE
                + " AND (time_ms < :timeMs OR (time_ms = :timeMs AND seq < :seq))")
        .bind("productId", device.productId())
        .bind("deviceName", device.deviceName())
        .bind("timeMs", oldestKept.timeMs())
        .bind("seq", oldestKept.seq())
        .execute();
  }

  /** Removes a device's messages inside the caller's transaction. */
  public static void deleteDevice(Handle h, DeviceKey device) {
    h.createUpdate("DELETE FROM device_messages WHERE " + DEVICE)
        .bind("productId", device.productId())
        .bind("deviceName", device.deviceName())
        .execute();
  }

  /** Removes a product's messages inside the caller's transaction. */
  public static void deleteProduct(Handle h, String productId) {
    h.createUpdate("DELETE FROM device_messages WHERE product_id = :productId").bind("productId", productId).execute();
  }

  private static UplinkMessage map(ResultSet rs, StatementContext ctx) throws SQLException {
    byte[] payload = rs.getBytes("payload");
    return new UplinkMessage(rs.getString("topic"), rs.getLong("time_ms"), payload == null ? new byte[0] : payload);
  }
}
