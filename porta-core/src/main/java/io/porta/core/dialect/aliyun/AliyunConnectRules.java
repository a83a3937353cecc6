package io.porta.core.dialect.aliyun;

import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.dialect.ConnectRequest;
import io.porta.core.session.DisconnectReason;
import java.util.Optional;
import java.util.Set;

/**
 * The CONNECT rules of an Alibaba device that need no lookup (protocols.md B.2, B.4; design.md
 * "Dialect rules … Alibaba"). Pure.
 */
final class AliyunConnectRules {
  /** B.2.4: keepalive 30–1200 s (dynamic-registration connections exempt). */
  static final int MIN_KEEPALIVE = 30;

  static final int MAX_KEEPALIVE = 1200;

  /** B.2.3: TLS direct, TCP direct, and the one-type-one-secret mode of newer instances. */
  private static final Set<String> SECURE_MODES = Set.of("2", "3", "-2");

  private AliyunConnectRules() {}

  static Optional<ConnectRefusal> check(ConnectRequest request) {
    // Seed: no will → close without CONNACK, as for OneNET (design.md).
    if (request.willFlag() || request.willRetain() || request.willQos() != 0) {
      return Optional.of(ConnectRefusal.protocol("will is not supported"));
    }
    AliyunClientId clientId = AliyunClientId.parse(request.clientId());
    // B.4: code 2 for an empty or too long client id.
    if (clientId.id().isEmpty()) {
      return Optional.of(identifierRejected("empty clientId"));
    }
    if (clientId.idTooLong()) {
      return Optional.of(
          identifierRejected("clientId longer than " + AliyunClientId.MAX_ID_LENGTH + " characters"));
    }
    String secureMode = clientId.extension("securemode");
    if (secureMode != null && !SECURE_MODES.contains(secureMode)) {
      return Optional.of(
          ConnectRefusal.notAuthorized("securemode=" + secureMode + " is not supported (only 2, 3 and -2)"));
    }
    int keepAlive = request.keepAliveSeconds();
    if (!AliyunAuthenticator.isRegistration(clientId)
        && (keepAlive < MIN_KEEPALIVE || keepAlive > MAX_KEEPALIVE)) {
      return Optional.of(
          ConnectRefusal.notAuthorized("keepalive " + keepAlive + " s outside 30–1200 s"));
    }
    return Optional.empty();
  }

  private static ConnectRefusal identifierRejected(String detail) {
    return new ConnectRefusal(ConnectRefusal.IDENTIFIER_REJECTED, DisconnectReason.CONNECT_REFUSED, detail);
  }
}
