package io.porta.store.event;

import io.porta.core.event.DeviceEventQuery;
import io.porta.core.event.DeviceEventRepository;
import io.porta.core.event.StoredEvent;
import io.porta.core.model.DeviceKey;
import io.porta.store.DeviceLogTable;
import io.porta.store.batch.ArrivalSequence;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** {@code device_events}: newest first, equal times in reverse arrival order. */
public final class JdbcDeviceEventRepository implements DeviceEventRepository {
  private static final DeviceLogTable LOG = new DeviceLogTable("device_events");
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
    return LOG.query(
        jdbi, "type, time_ms, identifier, data", q.device(), "type", q.type(), q.fromMs(), q.toMs(), false,
        q.limit(), (rs, ctx) -> map(q.device(), rs, ctx));
  }

  /** See {@link DeviceLogTable#purge}. */
  @Override
  public int purge(long olderThanMs, int keepPerDevice) {
    return LOG.purge(jdbi, olderThanMs, keepPerDevice);
  }

  /** Removes a device's events inside the caller's transaction. */
  public static void deleteDevice(Handle h, DeviceKey device) {
    LOG.deleteDevice(h, device);
  }

  /** Removes a product's events inside the caller's transaction. */
  public static void deleteProduct(Handle h, String productId) {
    LOG.deleteProduct(h, productId);
  }

  private static StoredEvent map(DeviceKey device, ResultSet rs, StatementContext ctx) throws SQLException {
    return new StoredEvent(
        device, rs.getString("type"), rs.getLong("time_ms"), rs.getString("identifier"), rs.getString("data"));
  }
}
