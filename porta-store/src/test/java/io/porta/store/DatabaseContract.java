package io.porta.store;

import static io.porta.store.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Opening, migrating and closing, on every engine. */
abstract class DatabaseContract extends StoreTestBase {

  @Test
  void migrationsCreateTheSchemaOnAnEmptyDatabase() {
    assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE success = " + trueLiteral()))
        .isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM products")).isZero();
    assertThat(count("SELECT COUNT(*) FROM devices")).isZero();
    assertThat(count("SELECT COUNT(*) FROM datapoints")).isZero();
  }

  @Test
  void reopeningAMigratedDatabaseAppliesNothingAndKeepsTheData() {
    db.products().create(product("p1"));
    db.close();

    db = Database.open(url);

    assertThat(db.products().find("p1")).isPresent();
    assertThat(count("SELECT COUNT(*) FROM flyway_schema_history")).isEqualTo(1);
  }

  @Test
  void isReachableWhileOpenAndNotAfterClose() {
    assertThat(db.isReachable()).isTrue();
    db.close();
    assertThat(db.isReachable()).isFalse();
  }

  @Test
  void closeIsIdempotent() {
    db.close();
    db.close();
  }

  /** Flyway's success column is a boolean on PostgreSQL and an integer on SQLite. */
  private String trueLiteral() {
    return db.engine() == Engine.POSTGRESQL ? "TRUE" : "1";
  }
}
