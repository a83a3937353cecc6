package io.porta.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Opens a fresh, empty database for every test. Each engine's concrete test class says where it lives,
 * so the same contract runs on SQLite and on a real PostgreSQL.
 */
public abstract class StoreTestBase {
  protected String url;
  protected Database db;

  /** A URL of a new, empty database. */
  protected abstract String newDatabaseUrl() throws Exception;

  @BeforeEach
  protected void openDatabase() throws Exception {
    url = newDatabaseUrl();
    db = Database.open(url);
  }

  @AfterEach
  protected void closeDatabase() {
    db.close();
  }

  /** Runs a query that returns one number, for checks the repositories do not expose. */
  protected long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
