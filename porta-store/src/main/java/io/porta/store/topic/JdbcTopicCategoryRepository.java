package io.porta.store.topic;

import io.porta.core.registry.ConflictException;
import io.porta.core.topic.TopicAccess;
import io.porta.core.topic.TopicCategory;
import io.porta.core.topic.TopicCategoryRepository;
import io.porta.store.SqlErrors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Custom topic categories in {@code topic_categories}; the access is stored as its label. Only custom
 * categories are stored: they read back with {@code system = false}. {@code created_at} is the
 * creation time made strictly increasing per product inside the insert's transaction, so "oldest
 * first" is the creation order also within one millisecond.
 */
public final class JdbcTopicCategoryRepository implements TopicCategoryRepository {
  private final Jdbi jdbi;
  private final LongSupplier clock;

  public JdbcTopicCategoryRepository(Jdbi jdbi) {
    this(jdbi, System::currentTimeMillis);
  }

  public JdbcTopicCategoryRepository(Jdbi jdbi, LongSupplier clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public List<TopicCategory> list(String productId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT product_id, id, topic, access FROM topic_categories WHERE product_id = :productId"
                        + " ORDER BY created_at, id")
                .bind("productId", productId)
                .map(JdbcTopicCategoryRepository::map)
                .list());
  }

  /**
   * @throws ConflictException when the product already has this topic or a category of this id, or
   *     does not exist (the foreign key refuses the row)
   * @throws IllegalArgumentException for a system category, which is not stored
   */
  @Override
  public void create(TopicCategory category) {
    if (category.system()) {
      throw new IllegalArgumentException("system topic categories are not stored");
    }
    try {
      jdbi.useTransaction(
          h ->
              h.createUpdate(
                      "INSERT INTO topic_categories (product_id, id, topic, access, created_at)"
                          + " VALUES (:productId, :id, :topic, :access, :createdAt)")
                  .bind("productId", category.productId())
                  .bind("id", category.id())
                  .bind("topic", category.topic())
                  .bind("access", category.access().label())
                  .bind("createdAt", createdAt(h, category.productId()))
                  .execute());
    } catch (JdbiException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new ConflictException(
            "product " + category.productId() + " already has the topic category " + category.topic());
      }
      if (SqlErrors.isForeignKeyViolation(e)) {
        throw new ConflictException("product " + category.productId() + " does not exist");
      }
      throw e;
    }
  }

  @Override
  public boolean delete(String productId, String id) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM topic_categories WHERE product_id = :productId AND id = :id")
                    .bind("productId", productId)
                    .bind("id", id)
                    .execute())
        > 0;
  }

  /** Removes a product's categories inside the caller's transaction. */
  public static void deleteProduct(Handle h, String productId) {
    h.createUpdate("DELETE FROM topic_categories WHERE product_id = :productId").bind("productId", productId).execute();
  }

  private long createdAt(Handle h, String productId) {
    Long newest =
        h.createQuery("SELECT MAX(created_at) FROM topic_categories WHERE product_id = :productId")
            .bind("productId", productId)
            .mapTo(Long.class)
            .one();
    long now = clock.getAsLong();
    return newest == null ? now : Math.max(now, newest + 1);
  }

  private static TopicCategory map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new TopicCategory(
        rs.getString("id"), rs.getString("product_id"), rs.getString("topic"), TopicAccess.parse(rs.getString("access")), false);
  }
}
