package io.porta.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest extends DatabaseContract {
  @TempDir Path dir;

  @Override
  protected String newDatabaseUrl() {
    return Database.sqliteUrl(dir.resolve("data"));
  }

  @Test
  void defaultUrlIsAFileInTheDataDirectoryWhichOpenCreates() {
    assertThat(url).isEqualTo("jdbc:sqlite:" + dir.resolve("data").resolve("porta.db").toAbsolutePath());
    assertThat(dir.resolve("data").resolve("porta.db")).isRegularFile();
    assertThat(db.engine()).isEqualTo(Engine.SQLITE);
  }

  /** A QoS 1 PUBACK follows the commit, so a commit must be durable (design.md "Delivery guarantees"). */
  @Test
  void connectionsUseWalWithFullSyncBusyTimeoutAndForeignKeys() {
    db.jdbi()
        .useHandle(
            h -> {
              assertThat(h.createQuery("PRAGMA journal_mode").mapTo(String.class).one()).isEqualToIgnoringCase("wal");
              assertThat(h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one()).isEqualTo(2);
              assertThat(h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one()).isEqualTo(1);
              assertThat(h.createQuery("PRAGMA busy_timeout").mapTo(Integer.class).one()).isEqualTo(10_000);
            });
  }
}
