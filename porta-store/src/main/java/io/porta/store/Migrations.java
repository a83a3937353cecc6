package io.porta.store;

import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/** Creates and upgrades the schema at startup (design.md "Storage"): one set of scripts, both engines. */
final class Migrations {
  static final String LOCATION = "classpath:io/porta/store/migration";

  private Migrations() {}

  static MigrateResult migrate(Engine engine, DataSource dataSource) {
    return configure(engine, dataSource).load().migrate();
  }

  /** The configuration {@link #migrate} uses; tests derive others from it (an older target, say). */
  static FluentConfiguration configure(Engine engine, DataSource dataSource) {
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(dataSource)
        .locations(LOCATION)
        .placeholders(Map.of("binary", binaryCollation(engine), "bytes", bytesType(engine)));
  }

  /** Code-point order for key columns; SQLite's default collation already is. */
  private static String binaryCollation(Engine engine) {
    return engine == Engine.POSTGRESQL ? "COLLATE \"C\"" : "";
  }

  /** The column type of binary payloads. */
  private static String bytesType(Engine engine) {
    return engine == Engine.POSTGRESQL ? "BYTEA" : "BLOB";
  }
}
