package io.porta.store.webhook;

import io.porta.core.event.EventType;
import io.porta.core.webhook.DeliveryState;
import io.porta.core.webhook.Webhook;
import io.porta.core.webhook.WebhookRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Webhooks in {@code webhooks}: definition and delivery state in one row. */
public final class JdbcWebhookRepository implements WebhookRepository {
  private static final String COLUMNS = "id, url, secret, product_id, events, enabled, created_at";

  private final Jdbi jdbi;

  public JdbcWebhookRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void create(Webhook w, long cursor) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO webhooks (" + COLUMNS + ", cursor_id, failures, dropped)"
                        + " VALUES (:id, :url, :secret, :productId, :events, :enabled, :createdAt, :cursor, 0, 0)")
                .bind("id", w.id())
                .bind("url", w.url())
                .bind("secret", w.secret())
                .bind("productId", w.productId())
                .bind("events", encode(w.events()))
                .bind("enabled", w.enabled())
                .bind("createdAt", w.createdAt().toEpochMilli())
                .bind("cursor", cursor)
                .execute());
  }

  @Override
  public Optional<Webhook> find(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM webhooks WHERE id = :id")
                .bind("id", id)
                .map(JdbcWebhookRepository::webhook)
                .findOne());
  }

  /** Oldest first. */
  @Override
  public List<Webhook> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM webhooks ORDER BY created_at, id")
                .map(JdbcWebhookRepository::webhook)
                .list());
  }

  @Override
  public boolean update(Webhook w) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE webhooks SET url = :url, secret = :secret, product_id = :productId,"
                            + " events = :events, enabled = :enabled WHERE id = :id")
                    .bind("id", w.id())
                    .bind("url", w.url())
                    .bind("secret", w.secret())
                    .bind("productId", w.productId())
                    .bind("events", encode(w.events()))
                    .bind("enabled", w.enabled())
                    .execute())
        > 0;
  }

  @Override
  public boolean delete(String id) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM webhooks WHERE id = :id").bind("id", id).execute()) > 0;
  }

  @Override
  public Optional<DeliveryState> state(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT cursor_id, last_success_at, last_failure_at, last_error, failures, dropped"
                        + " FROM webhooks WHERE id = :id")
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new DeliveryState(
                            rs.getLong("cursor_id"),
                            instant(rs, "last_success_at"),
                            instant(rs, "last_failure_at"),
                            rs.getString("last_error"),
                            rs.getInt("failures"),
                            rs.getLong("dropped")))
                .findOne());
  }

  @Override
  public void saveState(String id, DeliveryState s) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE webhooks SET cursor_id = :cursor, last_success_at = :success,"
                        + " last_failure_at = :failure, last_error = :error, failures = :failures,"
                        + " dropped = :dropped WHERE id = :id")
                .bind("id", id)
                .bind("cursor", s.cursor())
                .bind("success", millis(s.lastSuccessAt()))
                .bind("failure", millis(s.lastFailureAt()))
                .bind("error", s.lastError())
                .bind("failures", s.failures())
                .bind("dropped", s.dropped())
                .execute());
  }

  private static Webhook webhook(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Webhook(
        rs.getString("id"),
        rs.getString("url"),
        rs.getString("secret"),
        rs.getString("product_id"),
        decode(rs.getString("events")),
        rs.getBoolean("enabled"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }

  static String encode(Set<EventType> events) {
    return events.stream().map(EventType::label).sorted().collect(Collectors.joining(","));
  }

  static Set<EventType> decode(String events) {
    Set<EventType> set = EnumSet.noneOf(EventType.class);
    for (String label : events.split(",")) {
      EventType.fromLabel(label).ifPresent(set::add);
    }
    return set;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }
}
