package io.porta.core.dialect;

import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import java.util.List;

/**
 * What the transport does once a dialect has handled a PUBLISH: acknowledge it (PUBACK for QoS 1)
 * and then send the replies, in order; or close the connection without acknowledging.
 */
public record PublishResult(DisconnectReason disconnect, List<OutboundMessage> replies) {
  private static final PublishResult ACK = new PublishResult(null, List.of());

  public PublishResult {
    replies = List.copyOf(replies);
  }

  public static PublishResult ack() {
    return ACK;
  }

  public static PublishResult ack(OutboundMessage reply) {
    return new PublishResult(null, List.of(reply));
  }

  public static PublishResult ackThen(List<OutboundMessage> replies) {
    return new PublishResult(null, replies);
  }

  public static PublishResult disconnect(DisconnectReason reason) {
    return new PublishResult(reason, List.of());
  }

  public boolean acknowledged() {
    return disconnect == null;
  }
}
