package io.porta.core.dialect;

import io.porta.core.session.DisconnectReason;

/**
 * A dialect's answer to one SUBSCRIBE filter: the QoS granted, the failure code 0x80 for that filter
 * alone, or closing the connection (a packet that breaks the dialect's shape rules).
 */
public record SubscribeDecision(int grantedQos, DisconnectReason disconnect) {
  public static final int FAILURE = 0x80;
  private static final SubscribeDecision REFUSED = new SubscribeDecision(FAILURE, null);

  public static SubscribeDecision grant(int qos) {
    return new SubscribeDecision(qos, null);
  }

  public static SubscribeDecision refuse() {
    return REFUSED;
  }

  public static SubscribeDecision disconnect(DisconnectReason reason) {
    return new SubscribeDecision(FAILURE, reason);
  }

  public boolean granted() {
    return grantedQos != FAILURE && disconnect == null;
  }
}
