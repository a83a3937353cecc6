package io.porta.mqtt.application;

import io.netty.util.AttributeKey;
import io.porta.core.concurrent.DeferredHandoffs;
import io.porta.core.session.OutboundMessage;
import io.porta.mqtt.connection.Connection;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The events waiting for one connected application, handed to its event loop together: the events of
 * one group commit reach the loop as one task and leave in one flush (one write to the socket) instead
 * of a task, a future and a flush each. Order is kept: one queue, drained in order on the loop.
 */
final class ApplicationFeed {
  /** Created on the first event for an application connection; devices never get one. */
  private static final AttributeKey<ApplicationFeed> KEY = AttributeKey.valueOf("porta.applicationFeed");

  private final Connection connection;
  private final ConcurrentLinkedQueue<OutboundMessage> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drain = this::drain;
  private final Runnable schedule = this::schedule;

  private ApplicationFeed(Connection connection) {
    this.connection = connection;
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
   * Queues an event for the application (delivered if it is subscribed). Any thread; never blocks. The
   * loop is woken at once, or at the end of the calling thread's burst ({@link DeferredHandoffs}).
   */
  void send(OutboundMessage message) {
    waiting.add(message);
    if (drainScheduled.compareAndSet(false, true) && !DeferredHandoffs.defer(schedule)) {
      schedule();
    }
  }

  private void schedule() {
    if (!connection.runOnLoop(drain)) {
      waiting.clear(); // the loop is gone, and the connection with it
    }
  }

  private void drain() {
    // Cleared first: an event queued while this runs schedules another drain, so none is stranded.
    drainScheduled.set(false);
    boolean wrote = false;
    for (OutboundMessage m = waiting.poll(); m != null; m = waiting.poll()) {
      wrote |= connection.deliver(m, false);
    }
    if (wrote) {
      connection.channel().flush();
    }
  }
}
