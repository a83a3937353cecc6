package io.porta.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL per test class (started from a Maven artifact). Each test gets an empty database:
 * the shared test database with its schema dropped and recreated, which is far cheaper than CREATE
 * DATABASE and just as empty for the migrations.
 */
public final class EmbeddedPostgresExtension implements BeforeAllCallback, AfterAllCallback {
  private static final String TEST_DATABASE = "porta_test";

  private final AtomicInteger databases = new AtomicInteger();
  private EmbeddedPostgres postgres;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    // A test server need not survive a power cut.
    postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
    execute(postgres.getPostgresDatabase().getConnection(), "CREATE DATABASE " + TEST_DATABASE);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    postgres.close();
  }

  /** Empties the test database; the URL carries the user as a query parameter. */
  public String newDatabaseUrl() throws SQLException {
    execute(
        postgres.getDatabase("postgres", TEST_DATABASE).getConnection(),
        "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
    return postgres.getJdbcUrl("postgres", TEST_DATABASE);
  }

  /** Creates another empty database and returns its name. */
  public String newDatabase() throws SQLException {
    String name = "porta_test_" + databases.incrementAndGet();
    execute(postgres.getPostgresDatabase().getConnection(), "CREATE DATABASE " + name);
    return name;
  }

  public int port() {
    return postgres.getPort();
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Connection c = connection;
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
