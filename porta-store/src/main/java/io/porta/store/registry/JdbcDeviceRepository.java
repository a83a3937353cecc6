package io.porta.store.registry;

import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.registry.ConflictException;
import io.porta.core.registry.DeviceRepository;
import io.porta.store.SqlErrors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** Devices in the {@code devices} table, keyed by (product, name); names sort by code point. */
public final class JdbcDeviceRepository implements DeviceRepository {
  private static final String COLUMNS = "product_id, name, secret, enabled, created_at";

  private final Jdbi jdbi;

  public JdbcDeviceRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * @throws ConflictException also when the product does not exist (for instance deleted meanwhile):
   *     the foreign key refuses the row
   */
  @Override
  public void create(Device device) {
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO devices ("
                          + COLUMNS
                          + ") VALUES (:productId, :name, :secret, :enabled, :createdAt)")
                  .bind("productId", device.productId())
                  .bind("name", device.name())
                  .bind("secret", device.secret())
                  .bind("enabled", device.enabled())
                  .bind("createdAt", device.createdAt().toEpochMilli())
                  .execute());
    } catch (JdbiException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new ConflictException("device " + device.key() + " already exists");
      }
      if (SqlErrors.isForeignKeyViolation(e)) {
        throw new ConflictException("product " + device.productId() + " does not exist");
      }
      throw e;
    }
  }

  @Override
  public Optional<Device> find(DeviceKey key) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM devices WHERE product_id = :productId AND name = :name")
                .bind("productId", key.productId())
                .bind("name", key.deviceName())
                .map(JdbcDeviceRepository::map)
                .findOne());
  }

  @Override
  public List<Device> list(String productId, int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative");
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM devices WHERE product_id = :productId ORDER BY name LIMIT :limit OFFSET :offset")
                .bind("productId", productId)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(JdbcDeviceRepository::map)
                .list());
  }

  @Override
  public List<String> names(String productId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT name FROM devices WHERE product_id = :productId ORDER BY name")
                .bind("productId", productId)
                .mapTo(String.class)
                .list());
  }

  @Override
  public long count(String productId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM devices WHERE product_id = :productId")
                .bind("productId", productId)
                .mapTo(Long.class)
                .one());
  }

  @Override
  public boolean setEnabled(DeviceKey key, boolean enabled) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE devices SET enabled = :enabled WHERE product_id = :productId AND name = :name")
                    .bind("enabled", enabled)
                    .bind("productId", key.productId())
                    .bind("name", key.deviceName())
                    .execute())
        > 0;
  }

  /** Its points, then the device, in one transaction. */
  @Override
  public boolean delete(DeviceKey key) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate("DELETE FROM datapoints WHERE product_id = :productId AND device_name = :name")
              .bind("productId", key.productId())
              .bind("name", key.deviceName())
              .execute();
          return h.createUpdate("DELETE FROM devices WHERE product_id = :productId AND name = :name")
                  .bind("productId", key.productId())
                  .bind("name", key.deviceName())
                  .execute()
              > 0;
        });
  }

  private static Device map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Device(
        rs.getString("product_id"),
        rs.getString("name"),
        rs.getString("secret"),
        rs.getBoolean("enabled"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
