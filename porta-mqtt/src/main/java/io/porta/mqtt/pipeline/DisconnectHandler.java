package io.porta.mqtt.pipeline;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
 * removal from the session registry.
 */
@Sharable
public final class DisconnectHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(DisconnectHandler.class);

  private final SessionRegistry sessions;
  private final MqttMetrics metrics;
  private final SessionListener sessionListener;

  public DisconnectHandler(SessionRegistry sessions, MqttMetrics metrics, SessionListener sessionListener) {
    this.sessions = sessions;
    this.metrics = metrics;
    this.sessionListener = sessionListener;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    metrics.connections(Connection.of(ctx.channel()).listener()).incrementAndGet();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Connection connection = Connection.of(ctx.channel());
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
    ctx.fireChannelInactive();
  }
}
