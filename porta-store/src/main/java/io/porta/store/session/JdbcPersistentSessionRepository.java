package io.porta.store.session;

import io.porta.core.model.DeviceKey;
import io.porta.core.session.EnqueueResult;
import io.porta.core.session.PersistentSessionRepository;
import io.porta.core.session.QueuedMessage;
import io.porta.core.session.StoredSubscription;
import io.porta.store.SqlErrors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Persistent sessions in {@code device_sessions}, {@code session_subscriptions} and {@code
 * session_queue}. Subscriptions and queued messages are kept by device; the caller opens the session
 * first (they are not refused without one, and go with the next discard or purge).
 *
 * <p>Queue ids: {@code max(newest id + 1, nowMs * 1000)} inside the enqueue transaction, so they
 * increase per device and, as the clock moves on, are not reused after the queue ran empty.
 */
public final class JdbcPersistentSessionRepository implements PersistentSessionRepository {
  private static final String DEVICE = " WHERE product_id = :productId AND device_name = :deviceName";
  private static final String IDLE =
      " WHERE EXISTS (SELECT 1 FROM device_sessions s WHERE s.product_id = %1$s.product_id"
          + " AND s.device_name = %1$s.device_name AND s.opened_at < :cutoff)";
  private static final int ATTEMPTS = 5;

  private final Jdbi jdbi;

  public JdbcPersistentSessionRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Concurrent opens of a new session: the one whose insert lost sees the winner's on its retry. */
  @Override
  public boolean open(DeviceKey device, long nowMs) {
    return retryOnUniqueViolation(
        () ->
            jdbi.inTransaction(
                h -> {
                  int updated =
                      device(h.createUpdate("UPDATE device_sessions SET opened_at = :now" + DEVICE), device)
                          .bind("now", nowMs)
                          .execute();
                  if (updated > 0) {
                    return true;
                  }
                  device(
                          h.createUpdate(
                              "INSERT INTO device_sessions (product_id, device_name, opened_at)"
                                  + " VALUES (:productId, :deviceName, :now)"),
                          device)
                      .bind("now", nowMs)
                      .execute();
                  return false;
                }));
  }

  @Override
  public boolean exists(DeviceKey device) {
    return jdbi.withHandle(
        h -> device(h.createQuery("SELECT COUNT(*) FROM device_sessions" + DEVICE), device).mapTo(Long.class).one() > 0);
  }

  @Override
  public void discard(DeviceKey device) {
    jdbi.useTransaction(h -> deleteDevice(h, device));
  }

  /** Removes a device's session, subscriptions and queue inside the caller's transaction. */
  public static void deleteDevice(Handle h, DeviceKey device) {
    for (String table : new String[] {"session_queue", "session_subscriptions", "device_sessions"}) {
      device(h.createUpdate("DELETE FROM " + table + DEVICE), device).execute();
    }
  }

  /** Removes all sessions of a product inside the caller's transaction. */
  public static void deleteProduct(Handle h, String productId) {
    for (String table : new String[] {"session_queue", "session_subscriptions", "device_sessions"}) {
      h.createUpdate("DELETE FROM " + table + " WHERE product_id = :productId").bind("productId", productId).execute();
    }
  }

  /** Ordered by filter. */
  @Override
  public List<StoredSubscription> subscriptions(DeviceKey device) {
    return jdbi.withHandle(
        h ->
            device(h.createQuery("SELECT filter, qos FROM session_subscriptions" + DEVICE + " ORDER BY filter"), device)
                .map((rs, ctx) -> new StoredSubscription(rs.getString("filter"), rs.getInt("qos")))
                .list());
  }

  /** Sessions of one product with their subscriptions (a session without any maps to an empty list). */
  @Override
  public Map<String, List<StoredSubscription>> sessionsOf(String productId) {
    return jdbi.withHandle(
        h -> {
          Map<String, List<StoredSubscription>> sessions = new TreeMap<>();
          h.createQuery("SELECT device_name FROM device_sessions WHERE product_id = :productId")
              .bind("productId", productId)
              .mapTo(String.class)
              .forEach(name -> sessions.put(name, new ArrayList<>()));
          h.createQuery(
                  "SELECT device_name, filter, qos FROM session_subscriptions WHERE product_id = :productId"
                      + " ORDER BY device_name, filter")
              .bind("productId", productId)
              .map((rs, ctx) -> Map.entry(rs.getString("device_name"), new StoredSubscription(rs.getString("filter"), rs.getInt("qos"))))
              .forEach(e -> sessions.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
          return sessions;
        });
  }

  /** Delete and insert in one transaction (portable, where upserts differ). */
  @Override
  public void putSubscription(DeviceKey device, StoredSubscription subscription) {
    Objects.requireNonNull(subscription.filter(), "filter");
    retryOnUniqueViolation(
        () -> {
          jdbi.useTransaction(
              h -> {
                device(h.createUpdate("DELETE FROM session_subscriptions" + DEVICE + " AND filter = :filter"), device)
                    .bind("filter", subscription.filter())
                    .execute();
                device(
                        h.createUpdate(
                            "INSERT INTO session_subscriptions (product_id, device_name, filter, qos)"
                                + " VALUES (:productId, :deviceName, :filter, :qos)"),
                        device)
                    .bind("filter", subscription.filter())
                    .bind("qos", subscription.qos())
                    .execute();
              });
          return null;
        });
  }

  @Override
  public void removeSubscription(DeviceKey device, String filter) {
    jdbi.useHandle(
        h ->
            device(h.createUpdate("DELETE FROM session_subscriptions" + DEVICE + " AND filter = :filter"), device)
                .bind("filter", filter)
                .execute());
  }

  /**
   * Insert, then drop the oldest beyond the cap, in one transaction. The session row is locked first
   * (a no-op UPDATE, portable where SELECT … FOR UPDATE is not), so concurrent enqueues of a device
   * take ids one after the other; without a session, a clashing id is retried.
   *
   * @throws IllegalArgumentException when {@code maxPerDevice} is below 1
   */
  @Override
  public EnqueueResult enqueue(
      DeviceKey device, String topic, byte[] payload, int qos, long nowMs, int maxPerDevice) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    if (maxPerDevice < 1) {
      throw new IllegalArgumentException("maxPerDevice must be positive");
    }
    return retryOnUniqueViolation(
        () ->
            jdbi.inTransaction(
                h -> {
                  device(h.createUpdate("UPDATE device_sessions SET opened_at = opened_at" + DEVICE), device).execute();
                  Long newest =
                      device(h.createQuery("SELECT MAX(id) FROM session_queue" + DEVICE), device)
                          .mapTo(Long.class)
                          .one();
                  long id = Math.max(newest == null ? 1 : newest + 1, Math.multiplyExact(nowMs, 1000L));
                  device(
                          h.createUpdate(
                              "INSERT INTO session_queue (product_id, device_name, id, topic, payload, qos,"
                                  + " created_at, sent) VALUES (:productId, :deviceName, :id, :topic, :payload,"
                                  + " :qos, :createdAt, :sent)"),
                          device)
                      .bind("id", id)
                      .bind("topic", topic)
                      .bind("payload", payload)
                      .bind("qos", qos)
                      .bind("createdAt", nowMs)
                      .bind("sent", false)
                      .execute();
                  long queued =
                      device(h.createQuery("SELECT COUNT(*) FROM session_queue" + DEVICE), device)
                          .mapTo(Long.class)
                          .one();
                  int dropped = 0;
                  if (queued > maxPerDevice) {
                    long excess = queued - maxPerDevice;
                    long lastDropped =
                        device(
                                h.createQuery(
                                    "SELECT id FROM session_queue" + DEVICE + " ORDER BY id LIMIT 1 OFFSET :skip"),
                                device)
                            .bind("skip", excess - 1)
                            .mapTo(Long.class)
                            .one();
                    dropped =
                        device(h.createUpdate("DELETE FROM session_queue" + DEVICE + " AND id <= :last"), device)
                            .bind("last", lastDropped)
                            .execute();
                  }
                  return new EnqueueResult(id, dropped);
                }));
  }

  @Override
  public List<QueuedMessage> pending(DeviceKey device, long afterId, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative");
    }
    return jdbi.withHandle(
        h ->
            device(
                    h.createQuery(
                        "SELECT id, topic, payload, qos, created_at, sent FROM session_queue"
                            + DEVICE
                            + " AND id > :after ORDER BY id LIMIT :limit"),
                    device)
                .bind("after", afterId)
                .bind("limit", limit)
                .map(JdbcPersistentSessionRepository::map)
                .list());
  }

  @Override
  public void markSent(DeviceKey device, long messageId) {
    jdbi.useHandle(
        h ->
            device(h.createUpdate("UPDATE session_queue SET sent = :sent" + DEVICE + " AND id = :id"), device)
                .bind("sent", true)
                .bind("id", messageId)
                .execute());
  }

  @Override
  public void acknowledge(DeviceKey device, long messageId) {
    jdbi.useHandle(
        h ->
            device(h.createUpdate("DELETE FROM session_queue" + DEVICE + " AND id = :id"), device)
                .bind("id", messageId)
                .execute());
  }

  @Override
  public int purgeMessagesOlderThan(long cutoffMs) {
    return jdbi.withHandle(
        h -> h.createUpdate("DELETE FROM session_queue WHERE created_at < :cutoff").bind("cutoff", cutoffMs).execute());
  }

  /**
   * One transaction. The idle sessions' rows are locked first (a no-op UPDATE): an open racing with
   * the purge waits for its commit and then creates a new session, so no session loses its
   * subscriptions or queue while it stays.
   *
   * @return how many sessions
   */
  @Override
  public int purgeSessionsIdleSince(long cutoffMs) {
    return jdbi.inTransaction(
        h -> {
          int idle =
              h.createUpdate("UPDATE device_sessions SET opened_at = opened_at WHERE opened_at < :cutoff")
                  .bind("cutoff", cutoffMs)
                  .execute();
          if (idle == 0) {
            return 0;
          }
          for (String table : new String[] {"session_queue", "session_subscriptions"}) {
            h.createUpdate("DELETE FROM " + table + String.format(IDLE, table)).bind("cutoff", cutoffMs).execute();
          }
          return h.createUpdate("DELETE FROM device_sessions WHERE opened_at < :cutoff")
              .bind("cutoff", cutoffMs)
              .execute();
        });
  }

  private static <T extends SqlStatement<T>> T device(T statement, DeviceKey device) {
    return statement.bind("productId", device.productId()).bind("deviceName", device.deviceName());
  }

  private static <R> R retryOnUniqueViolation(Supplier<R> action) {
    for (int attempt = 1; ; attempt++) {
      try {
        return action.get();
      } catch (JdbiException e) {
        if (attempt >= ATTEMPTS || !SqlErrors.isUniqueViolation(e)) {
          throw e;
        }
      }
    }
  }

  private static QueuedMessage map(ResultSet rs, StatementContext ctx) throws SQLException {
    byte[] payload = rs.getBytes("payload");
    return new QueuedMessage(
        rs.getLong("id"),
        rs.getString("topic"),
        payload == null ? new byte[0] : payload,
        rs.getInt("qos"),
        rs.getLong("created_at"),
        rs.getBoolean("sent"));
  }
}
