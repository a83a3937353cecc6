package io.porta.store.telemetry;

import io.porta.core.telemetry.DataPoint;
import io.porta.store.batch.ArrivalSequence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Writes messages' points in one transaction as one JDBC batch. Writer thread only. */
final class DataPointInserter {
  private static final String INSERT =
      "INSERT INTO datapoints (product_id, device_name, stream, time_ms, seq, value_json) VALUES (?, ?, ?, ?, ?, ?)";

  private final Jdbi jdbi;
  private final ArrivalSequence sequence = new ArrivalSequence();

  DataPointInserter(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Returns once the transaction is committed; throws if it is not. */
  void insert(List<QueuedMessage> messages) throws SQLException {
    jdbi.useTransaction(handle -> insert(handle.getConnection(), messages));
  }

  private void insert(Connection connection, List<QueuedMessage> messages) throws SQLException {
    // Plain JDBC on the hot path: no per-row binding objects.
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (QueuedMessage message : messages) {
        for (DataPoint point : message.points) {
          insert.setString(1, message.device.productId());
          insert.setString(2, message.device.deviceName());
          insert.setString(3, point.stream());
          insert.setLong(4, point.timeMs());
          insert.setLong(5, sequence.next());
          insert.setString(6, point.valueJson());
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
  }
}
