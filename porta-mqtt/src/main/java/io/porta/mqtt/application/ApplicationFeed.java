package io.porta.mqtt.application;

import io.netty.util.AttributeKey;
import io.porta.core.session.OutboundMessage;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.LoopBatch;
import java.util.List;

/**
 * The events waiting for one connected application, handed to its event loop together: the events of
 * one group commit reach the loop as one task and leave in one flush (one write to the socket) instead
 * of a task, a future and a flush each. Order is kept: one {@link LoopBatch}, drained in order on the
 * loop.
 */
final class ApplicationFeed {
  /** Created on the first event for an application connection; devices never get one. */
  private static final AttributeKey<ApplicationFeed> KEY = AttributeKey.valueOf("porta.applicationFeed");

  private final Connection connection;
  private final LoopBatch<OutboundMessage> waiting;

  private ApplicationFeed(Connection connection) {
    this.connection = connection;
    this.waiting = new LoopBatch<>(connection.channel().eventLoop(), this::deliver);
  }

  static ApplicationFeed of(Connection connection) {
    ApplicationFeed feed = connection.channel().attr(KEY).get();
    if (feed == null) {
      ApplicationFeed created = new ApplicationFeed(connection);
      feed = connection.channel().attr(KEY).setIfAbsent(created);
      feed = feed == null ? created : feed;
    }
    return feed;
  }

  /**
   * Queues an event for the application (delivered if it is subscribed). Any thread; never blocks. If
   * the loop is gone, so is the connection, and the event with it.
   */
  void send(OutboundMessage message) {
    waiting.add(message);
  }

  /** On the loop: everything queued so far, one flush. */
  private void deliver(List<OutboundMessage> messages) {
    boolean wrote = false;
    for (OutboundMessage m : messages) {
      wrote |= connection.deliver(m, false);
    }
    if (wrote) {
      connection.channel().flush();
    }
  }
}
