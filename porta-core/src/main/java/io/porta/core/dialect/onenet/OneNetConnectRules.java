package io.porta.core.dialect.onenet;

import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.dialect.ConnectRequest;
import io.porta.core.session.DisconnectReason;
import java.util.Optional;

/**
 * The CONNECT rules of a OneNET device that need no lookup (protocols.md A.2, A.4; design.md "Dialect
 * rules … OneNET"). Pure.
 */
final class OneNetConnectRules {
  /** A.2 / A.5: keepalive 10–1800 s; 0 (no keepalive) is refused too. */
  static final int MIN_KEEPALIVE = 10;

  static final int MAX_KEEPALIVE = 1800;

  private OneNetConnectRules() {}

  static Optional<ConnectRefusal> check(ConnectRequest request) {
    // A.2 / seed: will unsupported, its flag, QoS and retain must be 0 → close without CONNACK.
    if (request.willFlag() || request.willRetain() || request.willQos() != 0) {
      return Optional.of(ConnectRefusal.protocol("will is not supported"));
    }
    // Seed: cleanSession must be 1. MQTT 3.1.1 §3.2.2.3 has code 2 for a refused session; MQTT 3.1
    // defines no fitting code, so the socket is just closed (design.md).
    if (!request.cleanSession()) {
      if (request.protocolLevel() == 4) {
        return Optional.of(
            new ConnectRefusal(
                ConnectRefusal.IDENTIFIER_REJECTED,
                DisconnectReason.CONNECT_REFUSED,
                "cleanSession=0 is not supported"));
      }
      return Optional.of(ConnectRefusal.protocol("cleanSession=0 is not supported"));
    }
    int keepAlive = request.keepAliveSeconds();
    if (keepAlive < MIN_KEEPALIVE || keepAlive > MAX_KEEPALIVE) {
      return Optional.of(ConnectRefusal.protocol("keepalive " + keepAlive + " s outside 10–1800 s"));
    }
    // A.4: code 2 for an empty ClientId (it must be the device name).
    if (request.clientId() == null || request.clientId().isEmpty()) {
      return Optional.of(
          new ConnectRefusal(
              ConnectRefusal.IDENTIFIER_REJECTED, DisconnectReason.CONNECT_REFUSED, "empty clientId"));
    }
    // A.2: username (product id) and password (token) are required; A.4: auth failures are code 4.
    if (request.username() == null || request.username().isEmpty()) {
      return Optional.of(ConnectRefusal.badCredentials("no username"));
    }
    if (request.password() == null) {
      return Optional.of(ConnectRefusal.badCredentials("no password"));
    }
    return Optional.empty();
  }
}
