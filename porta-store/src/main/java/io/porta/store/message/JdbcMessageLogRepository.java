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
import org.jdbi.v3.core.statement.StatementContext;

/** Reads and retention of {@code device_messages}: time order, equal times in arrival order. */
public final class JdbcMessageLogRepository implements MessageLogRepository {
  private static final DeviceLogTable LOG = new DeviceLogTable("device_messages");

  private final Jdbi jdbi;

  public JdbcMessageLogRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Null bounds are open, bounds inclusive; the limit is taken from the chosen end. */
  @Override
  public List<UplinkMessage> query(MessageQuery q) {
    return LOG.query(
        jdbi, "topic, time_ms, payload", q.device(), "topic", q.topic(), q.fromMs(), q.toMs(), q.ascending(),
        q.limit(), JdbcMessageLogRepository::map);
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
