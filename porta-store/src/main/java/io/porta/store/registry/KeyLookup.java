package io.porta.store.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * A query for at most one row by its key, on plain JDBC. For the lookups a CONNECT waits on when its
 * device is not in the registry cache yet (a fleet reconnecting after a restart): opening and closing a
 * Jdbi handle, with its configuration copy, costs more there than the query itself.
 */
final class KeyLookup {
  private KeyLookup() {}

  /** @throws UnableToExecuteStatementException when the database fails, as the Jdbi calls do */
  static <T> Optional<T> findOne(DataSource dataSource, String sql, RowMapper<T> mapper, String... keys) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < keys.length; i++) {
        statement.setString(i + 1, keys[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.of(mapper.map(rs, null)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }
}
