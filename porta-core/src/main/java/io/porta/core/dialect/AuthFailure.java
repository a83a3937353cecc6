package io.porta.core.dialect;

import io.porta.core.session.DisconnectReason;

/**
 * Why a CONNECT was refused, as a small fixed set for metrics ({@code porta_auth_failures_total}) and
 * log lines: never a device name or anything the device sent.
 */
public enum AuthFailure {
  /** Wrong password, signature or token, or credentials of the wrong shape. */
  BAD_CREDENTIALS("bad_credentials"),
  /** No such device (or product) to log in as. */
  UNKNOWN_DEVICE("unknown_device"),
  DISABLED("disabled"),
  /** The credentials expired (OneNET token {@code et}). */
  EXPIRED("expired"),
  /** Credentials fine, but this login is not allowed (CONNACK 5 without a finer reason). */
  NOT_AUTHORIZED("not_authorized"),
  /** The device is banned for a while after exceeding a rate limit. */
  BANNED("banned"),
  /** Too many failed logins from the address or for the device: refused without a check. */
  THROTTLED("throttled"),
  /** The product requires TLS and the device came over plain TCP. */
  TLS_REQUIRED("tls_required"),
  /** Too many CONNECTs of the device in the window. */
  RATE_LIMITED("rate_limited"),
  /** The client id was refused (CONNACK 2). */
  IDENTIFIER_REJECTED("identifier_rejected"),
  /** A protocol level other than MQTT 3.1 / 3.1.1 (CONNACK 1). */
  UNSUPPORTED_PROTOCOL("unsupported_protocol"),
  /** A CONNECT the dialect's rules refuse (will, cleanSession, keepalive): closed without CONNACK. */
  PROTOCOL("protocol"),
  /** The server could not check the credentials (store down, overloaded: CONNACK 3). */
  ERROR("error");

  private final String label;

  AuthFailure(String label) {
    this.label = label;
  }

  /** The metric tag value. */
  public String label() {
    return label;
  }

  /**
   * The reason a refusal without a finer one stands for, from what is sent and how the connection
   * ends.
   */
  public static AuthFailure of(int connackCode, DisconnectReason reason) {
    if (reason == DisconnectReason.DEVICE_DISABLED) {
      return DISABLED;
    }
    if (reason == DisconnectReason.BANNED) {
      return BANNED;
    }
    if (reason == DisconnectReason.RATE_LIMIT) {
      return RATE_LIMITED;
    }
    if (reason == DisconnectReason.AUTH_THROTTLED) {
      return THROTTLED;
    }
    return switch (connackCode) {
      case ConnectRefusal.UNACCEPTABLE_PROTOCOL_VERSION -> UNSUPPORTED_PROTOCOL;
      case ConnectRefusal.IDENTIFIER_REJECTED -> IDENTIFIER_REJECTED;
      case ConnectRefusal.SERVER_UNAVAILABLE -> ERROR;
      case ConnectRefusal.BAD_USERNAME_OR_PASSWORD -> BAD_CREDENTIALS;
      case ConnectRefusal.NOT_AUTHORIZED -> NOT_AUTHORIZED;
      case ConnectRefusal.NO_CONNACK ->
          reason == DisconnectReason.INTERNAL_ERROR || reason == DisconnectReason.STORE_FAILURE ? ERROR : PROTOCOL;
      default -> ERROR;
    };
  }
}
