package io.porta.store.thing;

import io.porta.core.model.DeviceKey;
import io.porta.core.thing.DesiredProperty;
import io.porta.core.thing.DesiredPropertyRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Desired property values in {@code desired_properties}. */
public final class JdbcDesiredPropertyRepository implements DesiredPropertyRepository {
  private static final String COLUMNS = "identifier, value_json, version, updated_ms";

  private final Jdbi jdbi;

  public JdbcDesiredPropertyRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public List<DesiredProperty> find(DeviceKey device, Collection<String> identifiers) {
    return jdbi.withHandle(h -> find(h, device, identifiers));
  }

  /**
   * One upsert per value (SQLite 3.24+ and PostgreSQL share the {@code ON CONFLICT} form): the version
   * grows inside the statement, so concurrent sets never hand out the same version twice.
   */
  @Override
  public List<DesiredProperty> set(DeviceKey device, Map<String, String> values, long nowMs) {
    return jdbi.inTransaction(
        h -> {
          for (Map.Entry<String, String> e : values.entrySet()) {
            h.createUpdate(
                    "INSERT INTO desired_properties (product_id, device_name, identifier, value_json, version, updated_ms)"
                        + " VALUES (:pid, :dn, :id, :value, 1, :now)"
                        + " ON CONFLICT (product_id, device_name, identifier) DO UPDATE SET"
                        + " value_json = excluded.value_json, version = desired_properties.version + 1,"
                        + " updated_ms = excluded.updated_ms")
                .bind("pid", device.productId())
                .bind("dn", device.deviceName())
                .bind("id", e.getKey())
                .bind("value", e.getValue())
                .bind("now", nowMs)
                .execute();
          }
          return find(h, device, values.keySet());
        });
  }

  @Override
  public List<String> delete(DeviceKey device, Map<String, Long> versions) {
    return jdbi.inTransaction(
        h -> {
          List<String> deleted = new ArrayList<>();
          for (Map.Entry<String, Long> e : versions.entrySet()) {
            String sql =
                "DELETE FROM desired_properties WHERE product_id = :pid AND device_name = :dn AND identifier = :id"
                    + (e.getValue() == null ? "" : " AND version = :version");
            var update =
                h.createUpdate(sql).bind("pid", device.productId()).bind("dn", device.deviceName()).bind("id", e.getKey());
            if (e.getValue() != null) {
              update.bind("version", e.getValue().longValue());
            }
            if (update.execute() > 0) {
              deleted.add(e.getKey());
            }
          }
          return deleted;
        });
  }

  private static List<DesiredProperty> find(Handle h, DeviceKey device, Collection<String> identifiers) {
    String sql =
        "SELECT " + COLUMNS + " FROM desired_properties WHERE product_id = :pid AND device_name = :dn"
            + (identifiers.isEmpty() ? "" : " AND identifier IN (<ids>)")
            + " ORDER BY identifier";
    var query = h.createQuery(sql).bind("pid", device.productId()).bind("dn", device.deviceName());
    if (!identifiers.isEmpty()) {
      query.bindList("ids", List.copyOf(identifiers));
    }
    return query
        .map(
            (rs, ctx) ->
                new DesiredProperty(
                    rs.getString("identifier"), rs.getString("value_json"), rs.getLong("version"), rs.getLong("updated_ms")))
        .list();
  }
}
