package io.porta.store.registry;

import io.porta.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteRegistryTest extends RegistryContract {
  @TempDir Path dir;

  @Override
  protected String newDatabaseUrl() {
    return Database.sqliteUrl(dir);
  }
}
