package io.porta.store.telemetry;

import io.porta.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteTelemetryTest extends TelemetryContract {
  @TempDir Path dir;

  @Override
  protected String newDatabaseUrl() {
    return Database.sqliteUrl(dir);
  }
}
