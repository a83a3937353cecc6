package io.porta.store;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Recognises constraint violations on both engines, so that conflicts are detected by the database
 * itself (no racy check-then-insert). PostgreSQL reports SQLSTATE codes; SQLite extended result codes.
 */
public final class SqlErrors {
  private static final String PG_UNIQUE_VIOLATION = "23505";
  private static final String PG_FOREIGN_KEY_VIOLATION = "23503";

  private SqlErrors() {}

  /** A primary-key or unique constraint refused the row. */
  public static boolean isUniqueViolation(Throwable error) {
    SQLException e = findSqlException(error);
    if (e instanceof SQLiteException sqlite) {
      SQLiteErrorCode code = sqlite.getResultCode();
      return code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
          || code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
    }
    return e != null && PG_UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  /** A foreign key refused the row: what it refers to does not exist (any more). */
  public static boolean isForeignKeyViolation(Throwable error) {
    SQLException e = findSqlException(error);
    if (e instanceof SQLiteException sqlite) {
      return sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
    }
    return e != null && PG_FOREIGN_KEY_VIOLATION.equals(e.getSQLState());
  }

  private static SQLException findSqlException(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}
