package io.porta.store.thing;

import io.porta.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteDesiredPropertyTest extends DesiredPropertyContract {
  @TempDir Path dir;

  @Override
  protected String newDatabaseUrl() {
    return Database.sqliteUrl(dir);
  }
}
