package io.porta.core.dialect;

import io.porta.core.session.DisconnectReason;

/**
 * Why a CONNECT is refused and how.
 *
 * @param connackCode the MQTT 3.1.1 CONNACK return code to send (1–5), or {@link #NO_CONNACK} to close
 *     the socket without one
 * @param detail a log message; must not contain secrets
 * @param failure the reason counted in metrics; derived from the code and reason unless given
 */
public record ConnectRefusal(int connackCode, DisconnectReason reason, String detail, AuthFailure failure) {
  public static final int NO_CONNACK = -1;

  public static final int UNACCEPTABLE_PROTOCOL_VERSION = 1;
  public static final int IDENTIFIER_REJECTED = 2;
  public static final int SERVER_UNAVAILABLE = 3;
  public static final int BAD_USERNAME_OR_PASSWORD = 4;
  public static final int NOT_AUTHORIZED = 5;

  public ConnectRefusal {
    if (failure == null) {
      failure = AuthFailure.of(connackCode, reason);
    }
  }

  /** A refusal whose metric reason follows from the code and the disconnect reason. */
  public ConnectRefusal(int connackCode, DisconnectReason reason, String detail) {
    this(connackCode, reason, detail, null);
  }

  public static ConnectRefusal badCredentials(String detail) {
    return new ConnectRefusal(BAD_USERNAME_OR_PASSWORD, DisconnectReason.AUTH_FAILED, detail);
  }

  /** CONNACK 4, as for bad credentials (a device must not learn which names exist), counted apart. */
  public static ConnectRefusal unknownDevice(String detail) {
    return new ConnectRefusal(
        BAD_USERNAME_OR_PASSWORD, DisconnectReason.AUTH_FAILED, detail, AuthFailure.UNKNOWN_DEVICE);
  }

  /** CONNACK 4 for credentials that were valid once (OneNET token past its {@code et}). */
  public static ConnectRefusal expired(String detail) {
    return new ConnectRefusal(BAD_USERNAME_OR_PASSWORD, DisconnectReason.AUTH_FAILED, detail, AuthFailure.EXPIRED);
  }

  /** CONNACK 5 for a device that proved its identity but is disabled. */
  public static ConnectRefusal disabled(String detail) {
    return new ConnectRefusal(NOT_AUTHORIZED, DisconnectReason.AUTH_FAILED, detail, AuthFailure.DISABLED);
  }

  public static ConnectRefusal notAuthorized(String detail) {
    return new ConnectRefusal(NOT_AUTHORIZED, DisconnectReason.AUTH_FAILED, detail);
  }

  public static ConnectRefusal protocol(String detail) {
    return new ConnectRefusal(NO_CONNACK, DisconnectReason.PROTOCOL_VIOLATION, detail);
  }
}
