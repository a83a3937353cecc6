package io.porta.store.message;

import io.porta.core.message.MessageLogRepository;
import io.porta.core.message.MessageQuery;
import io.porta.core.message.UplinkMessage;
import io.porta.core.model.DeviceKey;
import io.porta.store.DeviceLogTable;
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
  private static final DeviceLogTable LOG = new DeviceLogTable("device_messages");

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

  /** See {@link DeviceLogTable#purge}. */
  @Override
  public int purge(long olderThanMs, int keepPerDevice) {
    return LOG.purge(jdbi, olderThanMs, keepPerDevice);
  }

  /** Removes a device's messages inside the caller's transaction. */
  public static void deleteDevice(Handle h, DeviceKey device) {
    LOG.deleteDevice(h, device);
  }

  /** Removes a product's messages inside the caller's transaction. */
  public static void deleteProduct(Handle h, String productId) {
    LOG.deleteProduct(h, productId);
  }

  private static UplinkMessage map(ResultSet rs, StatementContext ctx) throws SQLException {
    byte[] payload = rs.getBytes("payload");
    return new UplinkMessage(rs.getString("topic"), rs.getLong("time_ms"), payload == null ? new byte[0] : payload);
  }
}
