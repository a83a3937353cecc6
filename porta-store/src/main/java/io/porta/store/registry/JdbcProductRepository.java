package io.porta.store.registry;

import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.registry.ConflictException;
import io.porta.core.registry.ProductRepository;
import io.porta.store.SqlErrors;
import io.porta.store.event.JdbcDeviceEventRepository;
import io.porta.store.message.JdbcMessageLogRepository;
import io.porta.store.session.JdbcPersistentSessionRepository;
import io.porta.store.shadow.JdbcShadowRepository;
import io.porta.store.gateway.JdbcGatewayTopology;
import io.porta.store.topic.JdbcTopicCategoryRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** Products in the {@code products} table; options are columns, so each is queryable. */
public final class JdbcProductRepository implements ProductRepository {
  private static final String COLUMNS =
      "id, name, dialect, secret, onenet_wildcard_level, dynamic_registration, require_tls, created_at";

  private static final String FIND = "SELECT " + COLUMNS + " FROM products WHERE id = ?";

  private final Jdbi jdbi;
  private final DataSource dataSource;

  /** @param dataSource the one {@code jdbi} runs on, for the plain-JDBC {@link #find} */
  public JdbcProductRepository(Jdbi jdbi, DataSource dataSource) {
    this.jdbi = jdbi;
    this.dataSource = dataSource;
  }

  @Override
  public void create(Product product) {
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO products ("
                          + COLUMNS
                          + ") VALUES (:id, :name, :dialect, :secret, :level, :registration, :tls, :createdAt)")
                  .bind("id", product.id())
                  .bind("name", product.name())
                  .bind("dialect", product.dialect())
                  .bind("secret", product.secret())
                  .bind("level", product.options().onenetWildcardLevel())
                  .bind("registration", product.options().dynamicRegistration())
                  .bind("tls", product.options().requireTls())
                  .bind("createdAt", product.createdAt().toEpochMilli())
                  .execute());
    } catch (JdbiException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new ConflictException("product " + product.id() + " already exists");
      }
      throw e;
    }
  }

  @Override
  public Optional<Product> find(String productId) {
    return KeyLookup.findOne(dataSource, FIND, JdbcProductRepository::map, productId);
  }

  /** Ordered by id. */
  @Override
  public List<Product> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM products ORDER BY id")
                .map(JdbcProductRepository::map)
                .list());
  }

  @Override
  public boolean updateOptions(String productId, ProductOptions options) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE products SET onenet_wildcard_level = :level,"
                            + " dynamic_registration = :registration, require_tls = :tls WHERE id = :id")
                    .bind("id", productId)
                    .bind("level", options.onenetWildcardLevel())
                    .bind("registration", options.dynamicRegistration())
                    .bind("tls", options.requireTls())
                    .execute())
        > 0;
  }

  /**
   * Points, messages, events, persistent sessions and topic categories, then devices, then the product, in one
   * transaction: never half a product.
   */
  @Override
  public boolean delete(String productId) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate("DELETE FROM datapoints WHERE product_id = :id").bind("id", productId).execute();
          JdbcMessageLogRepository.deleteProduct(h, productId);
          JdbcDeviceEventRepository.deleteProduct(h, productId);
          JdbcPersistentSessionRepository.deleteProduct(h, productId);
          JdbcShadowRepository.deleteProduct(h, productId);
          JdbcGatewayTopology.deleteProduct(h, productId);
          JdbcTopicCategoryRepository.deleteProduct(h, productId);
          h.createUpdate("DELETE FROM devices WHERE product_id = :id").bind("id", productId).execute();
          return h.createUpdate("DELETE FROM products WHERE id = :id").bind("id", productId).execute() > 0;
        });
  }

  private static Product map(ResultSet rs, StatementContext ctx) throws SQLException {
    ProductOptions options =
        new ProductOptions(
            rs.getInt("onenet_wildcard_level"), rs.getString("dynamic_registration"), rs.getBoolean("require_tls"));
    return new Product(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("dialect"),
        rs.getString("secret"),
        options,
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
