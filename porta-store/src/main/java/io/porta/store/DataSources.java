package io.porta.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/** Builds the connection pool for an engine, with the settings that make a commit durable. */
final class DataSources {
  private DataSources() {}

  static HikariDataSource create(Engine engine, DatabaseOptions options) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("porta-db");
    config.setDriverClassName(engine.driverClassName());
    config.setMaximumPoolSize(options.poolSize(engine));
    config.setMinimumIdle(1);
    if (engine == Engine.SQLITE) {
      createParentDirectory(options.jdbcUrl());
      config.setJdbcUrl(options.jdbcUrl());
      config.setDataSourceProperties(sqliteProperties(options));
    } else {
      JdbcUrls.Credentials credentials = JdbcUrls.splitUserInfo(options.jdbcUrl());
      config.setJdbcUrl(credentials.url());
      if (credentials.user() != null) {
        config.setUsername(credentials.user());
      }
      if (credentials.password() != null) {
        config.setPassword(credentials.password());
      }
      // The driver then sends a JDBC batch as multi-row INSERTs: the telemetry writer's group commit.
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    return new HikariDataSource(config);
  }

  /**
   * WAL lets readers run beside the one writer; synchronous=FULL makes every commit durable (a QoS 1
   * PUBACK follows the commit, design.md "Delivery guarantees"); IMMEDIATE transactions take the write
   * lock at BEGIN, so two writers queue on busy_timeout instead of failing with SQLITE_BUSY when one
   * upgrades its read lock.
   */
  private static Properties sqliteProperties(DatabaseOptions options) {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    sqlite.setBusyTimeout(Math.toIntExact(options.busyTimeout().toMillis()));
    sqlite.enforceForeignKeys(true);
    sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    return sqlite.toProperties();
  }

  private static void createParentDirectory(String url) {
    JdbcUrls.sqliteFile(url)
        .map(file -> file.toAbsolutePath().getParent())
        .ifPresent(DataSources::createDirectories);
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the database directory " + dir, e);
    }
  }
}
