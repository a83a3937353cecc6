package io.porta.store.webhook;

import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventOutbox;
import io.porta.core.event.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** The event outbox in {@code event_outbox}; rows are written by {@link BatchingEventWriter}. */
public final class JdbcEventOutbox implements EventOutbox {
  private final Jdbi jdbi;

  public JdbcEventOutbox(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public List<DeviceEvent> after(long cursor, String productId, Set<EventType> types, int limit) {
    return jdbi.withHandle(
        h ->
            filter(
                    h.createQuery(
                        "SELECT id, time_ms, product_id, device_name, type, data FROM event_outbox"
                            + where(productId, types)
                            + " ORDER BY id LIMIT :limit"),
                    cursor,
                    productId)
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new DeviceEvent(
                            rs.getLong("id"),
                            Instant.ofEpochMilli(rs.getLong("time_ms")),
                            rs.getString("product_id"),
                            rs.getString("device_name"),
                            EventType.fromLabel(rs.getString("type")).orElseThrow(),
                            rs.getString("data")))
                .list());
  }

  @Override
  public long countAfter(long cursor, String productId, Set<EventType> types) {
    return jdbi.withHandle(
        h ->
            filter(h.createQuery("SELECT COUNT(*) FROM event_outbox" + where(productId, types)), cursor, productId)
                .mapTo(Long.class)
                .one());
  }

  @Override
  public long newestId() {
    return single("SELECT MAX(id) FROM event_outbox");
  }

  @Override
  public long oldestId() {
    return single("SELECT MIN(id) FROM event_outbox");
  }

  @Override
  public int deleteUpTo(long id) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM event_outbox WHERE id <= :id").bind("id", id).execute());
  }

  @Override
  public long newestIdBefore(long cutoffMs) {
    Long v =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT MAX(id) FROM event_outbox WHERE time_ms < :cutoff")
                    .bind("cutoff", cutoffMs)
                    .mapTo(Long.class)
                    .one());
    return v == null ? 0 : v;
  }

  @Override
  public long size() {
    return single("SELECT COUNT(*) FROM event_outbox");
  }

  @Override
  public long idOfNthOldest(long n) {
    if (n < 1) {
      return 0;
    }
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT id FROM event_outbox ORDER BY id LIMIT 1 OFFSET :skip")
                .bind("skip", n - 1)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
  }

  private long single(String sql) {
    Long v = jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    return v == null ? 0 : v;
  }

  /** Types are a fixed enum: their labels are inlined, never user text. */
  private static String where(String productId, Set<EventType> types) {
    String in = types.stream().map(t -> "'" + t.label() + "'").sorted().collect(Collectors.joining(","));
    return " WHERE id > :cursor" + (productId == null ? "" : " AND product_id = :productId") + " AND type IN (" + in + ")";
  }

  private static Query filter(Query q, long cursor, String productId) {
    q.bind("cursor", cursor);
    if (productId != null) {
      q.bind("productId", productId);
    }
    return q;
  }
}
