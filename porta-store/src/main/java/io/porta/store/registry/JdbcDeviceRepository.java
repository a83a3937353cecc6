package io.porta.store.registry;

import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.registry.ConflictException;
import io.porta.core.registry.DeviceRepository;
import io.porta.store.SqlErrors;
import io.porta.store.event.JdbcDeviceEventRepository;
import io.porta.store.message.JdbcMessageLogRepository;
import io.porta.store.session.JdbcPersistentSessionRepository;
import io.porta.store.shadow.JdbcShadowRepository;
import io.porta.store.gateway.JdbcGatewayTopology;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Devices in the {@code devices} table, keyed by (product, name); names sort by code point. Tags are a
 * JSON object of strings in a TEXT column, written with sorted keys.
 */
public final class JdbcDeviceRepository implements DeviceRepository {
  private static final String COLUMNS =
      "product_id, name, secret, enabled, created_at, tags, firmware_version, device_token, activated_at";
  private static final String BY_KEY = " WHERE product_id = :productId AND name = :name";

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() {};
  /** Resolved once: a CONNECT of a device not in the registry cache reads its row. */
  private static final ObjectReader TAGS_READER = JSON.readerFor(TAGS);

  private static final String FIND = "SELECT " + COLUMNS + " FROM devices WHERE product_id = ? AND name = ?";

  private final Jdbi jdbi;
  private final DataSource dataSource;

  /** @param dataSource the one {@code jdbi} runs on, for the plain-JDBC {@link #find} */
  public JdbcDeviceRepository(Jdbi jdbi, DataSource dataSource) {
    this.jdbi = jdbi;
    this.dataSource = dataSource;
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
                          + ") VALUES (:productId, :name, :secret, :enabled, :createdAt, :tags,"
                          + " :firmwareVersion, :deviceToken, :activatedAt)")
                  .bind("productId", device.productId())
                  .bind("name", device.name())
                  .bind("secret", device.secret())
                  .bind("enabled", device.enabled())
                  .bind("createdAt", device.createdAt().toEpochMilli())
                  .bind("tags", writeTags(device.tags()))
                  .bind("firmwareVersion", device.firmwareVersion())
                  .bind("deviceToken", device.deviceToken())
                  .bind("activatedAt", device.activatedAt() == null ? null : device.activatedAt().toEpochMilli())
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
    return KeyLookup.findOne(dataSource, FIND, JdbcDeviceRepository::map, key.productId(), key.deviceName());
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

  /** Its points, messages, events and persistent session, then the device, in one transaction. */
  @Override
  public boolean delete(DeviceKey key) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate("DELETE FROM datapoints WHERE product_id = :productId AND device_name = :name")
              .bind("productId", key.productId())
              .bind("name", key.deviceName())
              .execute();
          JdbcMessageLogRepository.deleteDevice(h, key);
          JdbcDeviceEventRepository.deleteDevice(h, key);
          JdbcPersistentSessionRepository.deleteDevice(h, key);
          JdbcShadowRepository.deleteDevice(h, key);
          JdbcGatewayTopology.deleteDevice(h, key);
          return h.createUpdate("DELETE FROM devices WHERE product_id = :productId AND name = :name")
                  .bind("productId", key.productId())
                  .bind("name", key.deviceName())
                  .execute()
              > 0;
        });
  }

  @Override
  public boolean mergeTags(DeviceKey key, Map<String, String> tags) {
    // Map.copyOf refuses null keys and values before anything is written.
    Map<String, String> added = Map.copyOf(tags);
    return updateTags(key, current -> current.putAll(added));
  }

  @Override
  public boolean removeTags(DeviceKey key, Collection<String> tagKeys) {
    List<String> removed = List.copyOf(tagKeys);
    return updateTags(key, current -> removed.forEach(current::remove));
  }

  @Override
  public boolean setFirmwareVersion(DeviceKey key, String version) {
    return updateColumn(key, "firmware_version", version);
  }

  @Override
  public boolean setSecret(DeviceKey key, String secret) {
    return updateColumn(key, "secret", Objects.requireNonNull(secret, "secret"));
  }

  @Override
  public boolean setDeviceToken(DeviceKey key, String token) {
    return updateColumn(key, "device_token", token);
  }

  /** One statement: the first instant wins, whoever commits first. */
  @Override
  public boolean markActivated(DeviceKey key, Instant at) {
    Objects.requireNonNull(at, "at");
    return jdbi.withHandle(
            h ->
                h.createUpdate("UPDATE devices SET activated_at = COALESCE(activated_at, :at)" + BY_KEY)
                    .bind("at", at.toEpochMilli())
                    .bind("productId", key.productId())
                    .bind("name", key.deviceName())
                    .execute())
        > 0;
  }

  /** {@code column} is one of this class's constants, never caller input. */
  private boolean updateColumn(DeviceKey key, String column, String value) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("UPDATE devices SET " + column + " = :value" + BY_KEY)
                    .bind("value", value)
                    .bind("productId", key.productId())
                    .bind("name", key.deviceName())
                    .execute())
        > 0;
  }

  /**
   * Read-modify-write of one device's tags in one transaction. The first statement is a no-op UPDATE
   * that takes the row's write lock (portable, where SELECT … FOR UPDATE is not SQLite): a concurrent
   * change of the same device waits for this commit, and under READ COMMITTED its SELECT then sees it,
   * so no update is lost. SQLite transactions here are IMMEDIATE and hold the database write lock
   * from BEGIN anyway.
   */
  private boolean updateTags(DeviceKey key, Consumer<Map<String, String>> change) {
    return jdbi.inTransaction(
        h -> {
          if (byKey(h.createUpdate("UPDATE devices SET tags = tags" + BY_KEY), key).execute() == 0) {
            return false;
          }
          String json = byKey(h.createQuery("SELECT tags FROM devices" + BY_KEY), key).mapTo(String.class).one();
          Map<String, String> tags = readTags(json);
          change.accept(tags);
          byKey(h.createUpdate("UPDATE devices SET tags = :tags" + BY_KEY), key)
              .bind("tags", writeTags(tags))
              .execute();
          return true;
        });
  }

  private static <T extends SqlStatement<T>> T byKey(T statement, DeviceKey key) {
    return statement.bind("productId", key.productId()).bind("name", key.deviceName());
  }

  /** A mutable, sorted copy. */
  private static TreeMap<String, String> readTags(String json) {
    if ("{}".equals(json)) {
      return new TreeMap<>(); // most devices have no tags
    }
    return TAGS_READER.readValue(json);
  }

  private static String writeTags(Map<String, String> tags) {
    return JSON.writeValueAsString(new TreeMap<>(tags));
  }

  private static Device map(ResultSet rs, StatementContext ctx) throws SQLException {
    long activatedAt = rs.getLong("activated_at");
    boolean neverActivated = rs.wasNull();
    return new Device(
        rs.getString("product_id"),
        rs.getString("name"),
        rs.getString("secret"),
        rs.getBoolean("enabled"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        readTags(rs.getString("tags")),
        rs.getString("firmware_version"),
        rs.getString("device_token"),
        neverActivated ? null : Instant.ofEpochMilli(activatedAt));
  }
}
