package io.porta.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How to open the database.
 *
 * @param jdbcUrl {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://…}; PostgreSQL credentials may
 *     be given as {@code ?user=…&password=…} or as {@code //user:password@host}
 * @param maxPoolSize connections in the pool, or 0 for the engine's default (SQLite has one writer at a
 *     time, so a few connections are enough there)
 * @param busyTimeout how long a SQLite connection waits for the write lock before failing
 */
public record DatabaseOptions(String jdbcUrl, int maxPoolSize, Duration busyTimeout) {
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

  public DatabaseOptions {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    if (maxPoolSize < 0) {
      throw new IllegalArgumentException("maxPoolSize must not be negative");
    }
  }

  public static DatabaseOptions of(String jdbcUrl) {
    return new DatabaseOptions(jdbcUrl, 0, DEFAULT_BUSY_TIMEOUT);
  }

  /** Pool size to use: the configured one, else 4 for SQLite and 10 for PostgreSQL. */
  int poolSize(Engine engine) {
    if (maxPoolSize > 0) {
      return maxPoolSize;
    }
    return engine == Engine.SQLITE ? 4 : 10;
  }

  @Override
  public String toString() {
    return "DatabaseOptions[" + JdbcUrls.redact(jdbcUrl) + ", pool=" + maxPoolSize + "]";
  }
}
