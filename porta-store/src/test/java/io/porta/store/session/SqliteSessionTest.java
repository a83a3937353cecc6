package io.porta.store.session;

import io.porta.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionTest extends SessionContract {
  @TempDir Path dir;

  @Override
  protected String newDatabaseUrl() {
    return Database.sqliteUrl(dir);
  }
}
