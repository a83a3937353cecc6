package io.porta.store;

import static io.porta.store.Fixtures.CREATED;
import static io.porta.store.Fixtures.key;
import static io.porta.store.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.porta.core.model.Device;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Opening, migrating and closing, on every engine. */
abstract class DatabaseContract extends StoreTestBase {
  /** The number of migration scripts: the schema version a fresh database ends at. */
  private static final int SCHEMA_VERSION = 9;

  @Test
  void migrationsCreateTheSchemaOnAnEmptyDatabase() {
    assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE success = " + trueLiteral()))
        .isEqualTo(SCHEMA_VERSION);
    assertThat(count("SELECT COUNT(*) FROM products")).isZero();
    assertThat(count("SELECT COUNT(*) FROM devices")).isZero();
    assertThat(count("SELECT COUNT(*) FROM datapoints")).isZero();
    for (String table :
        new String[] {
          "topic_categories", "device_messages", "device_sessions", "session_subscriptions", "session_queue",
          "device_events", "applications", "desired_properties", "device_shadows", "gateway_topology"
        }) {
      assertThat(count("SELECT COUNT(*) FROM " + table)).isZero();
    }
  }

  @Test
  void reopeningAMigratedDatabaseAppliesNothingAndKeepsTheData() {
    db.products().create(product("p1"));
    db.close();

    db = Database.open(url);

    assertThat(db.products().find("p1")).isPresent();
    assertThat(count("SELECT COUNT(*) FROM flyway_schema_history")).isEqualTo(SCHEMA_VERSION);
  }

  /**
   * A database of schema 1 (made by the real V1 script, with a device registered then) is upgraded in
   * place at open: the device reads back with no tags, no firmware version, no token, never activated.
   */
  @Test
  void openingASchemaOneDatabaseUpgradesItAndKeepsItsDevices() {
    Engine engine = db.engine();
    db.close();
    try (HikariDataSource dataSource = DataSources.create(engine, DatabaseOptions.of(url))) {
      Jdbi jdbi = Jdbi.create(dataSource);
      // Back to an empty database. Plain DROPs: Flyway's clean left its history table behind on SQLite.
      jdbi.useHandle(
          h -> {
            for (String table : new String[] {
              "topic_categories", "device_messages", "session_queue", "session_subscriptions",
              "device_sessions", "device_events", "webhooks", "event_outbox", "applications", "desired_properties",
              "device_shadows", "gateway_topology", "datapoints", "devices", "products", "flyway_schema_history"
            }) {
              h.execute("DROP TABLE " + table);
            }
          });
      Migrations.configure(engine, dataSource).target("1").load().migrate();
      jdbi.useHandle(
              h -> {
                assertThat(h.createQuery("SELECT COUNT(*) FROM flyway_schema_history").mapTo(Long.class).one())
                    .isEqualTo(1);
                h.execute(
                    "INSERT INTO products (id, name, dialect, secret, onenet_wildcard_level,"
                        + " dynamic_registration, require_tls, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    "p1", "Product p1", "onenet", "s", 5, "off", false, CREATED.toEpochMilli());
                h.execute(
                    "INSERT INTO devices (product_id, name, secret, enabled, created_at) VALUES (?, ?, ?, ?, ?)",
                    "p1", "dev-1", "dsecret", true, CREATED.toEpochMilli());
              });
    }

    db = Database.open(url);

    assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE success = " + trueLiteral()))
        .isEqualTo(SCHEMA_VERSION);
    Device upgraded = db.devices().find(key("p1", "dev-1")).orElseThrow();
    assertThat(upgraded).isEqualTo(new Device("p1", "dev-1", "dsecret", true, CREATED));
    assertThat(upgraded.tags()).isEmpty();
    assertThat(upgraded.firmwareVersion()).isNull();
    assertThat(upgraded.deviceToken()).isNull();
    assertThat(upgraded.activatedAt()).isNull();
    assertThat(db.devices().list("p1", 0, 10)).containsExactly(upgraded);
    // The upgraded row takes the new fields like any other.
    assertThat(db.devices().mergeTags(key("p1", "dev-1"), Map.of("k", "v"))).isTrue();
    assertThat(db.devices().find(key("p1", "dev-1")).orElseThrow().tags()).isEqualTo(Map.of("k", "v"));
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
