package io.porta.mqtt.pipeline;

import io.porta.core.session.DisconnectReason;
import io.porta.core.session.SessionListener;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.SessionRegistry;
import io.porta.mqtt.metrics.MqttMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts for a connection's end: exactly one reason per connection (the one given to the close, or
 * CONNECTION_LOST when the socket simply dropped), one INFO line with the device (or the remote
 * address before authentication), the {@code porta.disconnects} counter, the connections gauge and
 * removal from the session registry. Called by the {@link PacketDispatchHandler} when the channel
 * becomes active and inactive.
 */
final class Disconnects {
  private static final Logger LOG = LoggerFactory.getLogger(Disconnects.class);

  private final SessionRegistry sessions;
  private final MqttMetrics metrics;
  private final SessionListener sessionListener;

  Disconnects(SessionRegistry sessions, MqttMetrics metrics, SessionListener sessionListener) {
    this.sessions = sessions;
    this.metrics = metrics;
    this.sessionListener = sessionListener;
  }

  void opened(Connection connection) {
    metrics.connections(connection.listener()).incrementAndGet();
  }

  void closed(Connection connection) {
    DisconnectReason reason =
        connection.closeReason() != null ? connection.closeReason() : DisconnectReason.CONNECTION_LOST;
    connection.closed();
    sessions.unregister(connection);
    metrics.connections(connection.listener()).decrementAndGet();
    connection.uncountSession(); // porta.sessions{dialect,listener}, counted when the CONNECT was accepted
    metrics.disconnected(reason);
    if (connection.closeDetail() == null) {
      LOG.info("{} disconnected: {}", connection.describe(), reason.label());
    } else {
      LOG.info("{} disconnected: {} ({})", connection.describe(), reason.label(), connection.closeDetail());
    }
    if (connection.identity() != null && !connection.provisioning() && !connection.identity().isApplication()) {
      sessionListener.offline(connection.identity(), connection.info(), reason);
    }
  }
}
