package io.porta.store.telemetry;

import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.TelemetryQuery;
import io.porta.core.telemetry.TelemetryRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads of the {@code datapoints} table (api.md "Telemetry"). */
public final class JdbcTelemetryRepository implements TelemetryRepository {
  private static final String DEVICE = "product_id = :productId AND device_name = :deviceName";

  /**
   * The device's distinct streams by a loose index scan: one index seek per stream instead of reading
   * every point of the device. Portable: scalar subqueries, no LATERAL, no DISTINCT ON.
   */
  private static final String STREAMS =
      "WITH RECURSIVE streams(name) AS ("
          + " SELECT (SELECT stream FROM datapoints WHERE " + DEVICE + " ORDER BY stream LIMIT 1)"
          + " UNION ALL"
          + " SELECT (SELECT d.stream FROM datapoints d WHERE d.product_id = :productId"
          + " AND d.device_name = :deviceName AND d.stream > streams.name ORDER BY d.stream LIMIT 1)"
          + " FROM streams WHERE streams.name IS NOT NULL)"
          + " SELECT name FROM streams WHERE name IS NOT NULL";

  private static final String NEWEST_OF_STREAM =
      "SELECT stream, time_ms, value_json FROM datapoints WHERE " + DEVICE
          + " AND stream = :stream ORDER BY time_ms DESC, seq DESC LIMIT 1";

  private final Jdbi jdbi;

  public JdbcTelemetryRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Points in time order; equal times in arrival order. */
  @Override
  public List<DataPoint> query(TelemetryQuery q) {
    if (q.limit() < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    StringBuilder sql = new StringBuilder("SELECT stream, time_ms, value_json FROM datapoints WHERE ").append(DEVICE);
    if (q.stream() != null) {
      sql.append(" AND stream = :stream");
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
          Query query = device(h.createQuery(sql.toString()), q.device()).bind("limit", q.limit());
          if (q.stream() != null) {
            query.bind("stream", q.stream());
          }
          if (q.fromMs() != null) {
            query.bind("fromMs", q.fromMs().longValue());
          }
          if (q.toMs() != null) {
            query.bind("toMs", q.toMs().longValue());
          }
          return query.map(JdbcTelemetryRepository::map).list();
        });
  }

  /** The newest point (by time, then arrival) of each stream, ordered by stream name. */
  @Override
  public List<DataPoint> latest(DeviceKey device) {
    return jdbi.withHandle(
        h -> {
          List<String> streams = device(h.createQuery(STREAMS), device).mapTo(String.class).list();
          List<DataPoint> newest = new ArrayList<>(streams.size());
          for (String stream : streams) {
            device(h.createQuery(NEWEST_OF_STREAM), device)
                .bind("stream", stream)
                .map(JdbcTelemetryRepository::map)
                .findOne()
                .ifPresent(newest::add);
          }
          return newest;
        });
  }

  private static Query device(Query query, DeviceKey device) {
    return query.bind("productId", device.productId()).bind("deviceName", device.deviceName());
  }

  private static DataPoint map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new DataPoint(rs.getString("stream"), rs.getLong("time_ms"), rs.getString("value_json"));
  }
}
