package io.porta.mqtt.connection;

import io.porta.core.session.OutboundMessage;
import java.util.ArrayDeque;

/**
 * QoS 1 messages waiting for a free packet id on a connection that receives more than it can have in
 * flight (an application consuming a whole fleet's events): kept in order, bounded in count and bytes.
 * Event loop only.
 */
final class OverflowQueue {
  private final ArrayDeque<OutboundMessage> waiting = new ArrayDeque<>();
  private final int maxMessages;
  private final long maxBytes;
  private long bytes;

  OverflowQueue(int maxMessages, long maxBytes) {
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
  }

  boolean isEmpty() {
    return waiting.isEmpty();
  }

  /** @return false when the queue is full: the consumer is not keeping up */
  boolean add(OutboundMessage message) {
    if (waiting.size() >= maxMessages || bytes + message.payload().length > maxBytes) {
      return false;
    }
    waiting.addLast(message);
    bytes += message.payload().length;
    return true;
  }

  OutboundMessage poll() {
    OutboundMessage m = waiting.pollFirst();
    if (m != null) {
      bytes -= m.payload().length;
    }
    return m;
  }

  void clear() {
    waiting.clear();
    bytes = 0;
  }
}
