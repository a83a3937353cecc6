package io.porta.core.dialect;

import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import java.util.List;

/**
 * What the transport does once a dialect has handled a PUBLISH: acknowledge it (PUBACK for QoS 1)
 * and then send the replies, in order; or close the connection without acknowledging.
 *
 * @param dropped when not null, the message was acknowledged but deliberately not processed (Alibaba:
 *     a topic the device may not publish to); the transport logs and counts it under this label
 */
public record PublishResult(DisconnectReason disconnect, List<OutboundMessage> replies, String dropped) {
  private static final PublishResult ACK = new PublishResult(null, List.of(), null);

  public PublishResult {
    replies = List.copyOf(replies);
  }

  public PublishResult(DisconnectReason disconnect, List<OutboundMessage> replies) {
    this(disconnect, replies, null);
  }

  public static PublishResult ack() {
    return ACK;
  }

  public static PublishResult ack(OutboundMessage reply) {
    return new PublishResult(null, List.of(reply), null);
  }

  public static PublishResult ackThen(List<OutboundMessage> replies) {
    return new PublishResult(null, replies, null);
  }

  /** Acknowledged and dropped: the connection stays (Alibaba's answer to an unauthorized PUBLISH). */
  public static PublishResult ackDropped(String reason) {
    return new PublishResult(null, List.of(), reason);
  }

  public static PublishResult disconnect(DisconnectReason reason) {
    return new PublishResult(reason, List.of(), null);
  }

  public boolean acknowledged() {
    return disconnect == null;
  }
}
