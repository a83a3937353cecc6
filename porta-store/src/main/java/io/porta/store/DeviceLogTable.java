package io.porta.store;

import io.porta.core.model.DeviceKey;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * A per-device, time-ordered log table ({@code product_id, device_name, time_ms, seq, …}): the message
 * log and the device event history. Holds what they share: time-range reads, bounded retention, and
 * deletion with a device or product.
 */
public final class DeviceLogTable {
  private static final String DEVICE = "product_id = :productId AND device_name = :deviceName";

  private final String table;

  /** @param table a constant table name, never user input */
  public DeviceLogTable(String table) {
    this.table = table;
  }

  /**
   * The device's rows in time order (then arrival), bounds inclusive and null when open, at most
   * {@code limit} taken from the chosen end.
   *
   * @param columns the columns to select, a constant
   * @param filterColumn a constant column compared with {@code filterValue} when that is not null
   * @throws IllegalArgumentException for a limit below 1
   */
  public <T> List<T> query(
      Jdbi jdbi,
      String columns,
      DeviceKey device,
      String filterColumn,
      String filterValue,
      Long fromMs,
      Long toMs,
      boolean ascending,
      int limit,
      RowMapper<T> mapper) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM ").append(table).append(" WHERE ").append(DEVICE);
    if (filterValue != null) {
      sql.append(" AND ").append(filterColumn).append(" = :filter");
    }
    if (fromMs != null) {
      sql.append(" AND time_ms >= :fromMs");
    }
    if (toMs != null) {
      sql.append(" AND time_ms <= :toMs");
    }
    String direction = ascending ? "ASC" : "DESC";
    sql.append(" ORDER BY time_ms ").append(direction).append(", seq ").append(direction).append(" LIMIT :limit");
    return jdbi.withHandle(
        h -> {
          Query query =
              h.createQuery(sql.toString())
                  .bind("productId", device.productId())
                  .bind("deviceName", device.deviceName())
                  .bind("limit", limit);
          if (filterValue != null) {
            query.bind("filter", filterValue);
          }
          if (fromMs != null) {
            query.bind("fromMs", fromMs.longValue());
          }
          if (toMs != null) {
            query.bind("toMs", toMs.longValue());
          }
          return query.map(mapper).list();
        });
  }

  /**
   * One transaction: the rows older than the cutoff, then, for each device with more than {@code
   * keepPerDevice} left, those older (by time, then arrival) than its newest {@code keepPerDevice}.
   *
   * @param keepPerDevice 0 deletes every row
   * @return how many rows were deleted
   * @throws IllegalArgumentException for a negative {@code keepPerDevice}
   */
  public int purge(Jdbi jdbi, long olderThanMs, int keepPerDevice) {
    if (keepPerDevice < 0) {
      throw new IllegalArgumentException("keepPerDevice must not be negative");
    }
    return jdbi.inTransaction(
        h -> {
          if (keepPerDevice == 0) {
            return h.createUpdate("DELETE FROM " + table).execute();
          }
          int deleted =
              h.createUpdate("DELETE FROM " + table + " WHERE time_ms < :cutoff").bind("cutoff", olderThanMs).execute();
          List<DeviceKey> crowded =
              h.createQuery(
                      "SELECT product_id, device_name FROM " + table + " GROUP BY product_id, device_name"
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

  /** Deletes all but the device's newest {@code keep} rows. */
  private int trim(Handle h, DeviceKey device, int keep) {
    record Position(long timeMs, long seq) {}
    Position oldestKept =
        h.createQuery("SELECT time_ms, seq FROM " + table + " WHERE " + DEVICE + " ORDER BY time_ms DESC, seq DESC LIMIT 1 OFFSET :skip")
            .bind("productId", device.productId())
            .bind("deviceName", device.deviceName())
            .bind("skip", keep - 1)
            .map((rs, ctx) -> new Position(rs.getLong("time_ms"), rs.getLong("seq")))
            .one();
    return h.createUpdate(
            "DELETE FROM " + table + " WHERE " + DEVICE + " AND (time_ms < :timeMs OR (time_ms = :timeMs AND seq < :seq))")
        .bind("productId", device.productId())
        .bind("deviceName", device.deviceName())
        .bind("timeMs", oldestKept.timeMs())
        .bind("seq", oldestKept.seq())
        .execute();
  }

  /** Removes a device's rows inside the caller's transaction. */
  public void deleteDevice(Handle h, DeviceKey device) {
    h.createUpdate("DELETE FROM " + table + " WHERE " + DEVICE)
        .bind("productId", device.productId())
        .bind("deviceName", device.deviceName())
        .execute();
  }

  /** Removes a product's rows inside the caller's transaction. */
  public void deleteProduct(Handle h, String productId) {
    h.createUpdate("DELETE FROM " + table + " WHERE product_id = :productId").bind("productId", productId).execute();
  }
}
