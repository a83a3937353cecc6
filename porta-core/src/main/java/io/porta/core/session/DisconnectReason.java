package io.porta.core.session;

/**
 * Why a connection ended. Every disconnect carries one; it is logged with the device identity and
 * counted under {@link #label()}.
 */
public enum DisconnectReason {
  CLIENT_DISCONNECT("client_disconnect"),
  CONNECTION_LOST("connection_lost"),
  CONNECT_TIMEOUT("connect_timeout"),
  PROTOCOL_VIOLATION("protocol_violation"),
  MALFORMED_PACKET("malformed_packet"),
  PACKET_TOO_LARGE("packet_too_large"),
  DUPLICATE_CONNECT("duplicate_connect"),
  CONNECT_REFUSED("connect_refused"),
  AUTH_FAILED("auth_failed"),
  ILLEGAL_TOPIC("illegal_topic"),
  /** Something the client may not do at all (an application publishing). */
  NOT_AUTHORIZED("not_authorized"),
  UNSUPPORTED_QOS("unsupported_qos"),
  RATE_LIMIT("rate_limit"),
  BANNED("banned"),
  /** Refused without a credential check: too many failed logins from its address or for its device. */
  AUTH_THROTTLED("auth_throttled"),
  KEEPALIVE_TIMEOUT("keepalive_timeout"),
  TAKEOVER("takeover"),
  KICKED_BY_API("kicked_by_api"),
  DEVICE_DISABLED("device_disabled"),
  DEVICE_DELETED("device_deleted"),
  SLOW_CONSUMER("slow_consumer"),
  STORE_FAILURE("store_failure"),
  SERVER_SHUTDOWN("server_shutdown"),
  /** A dynamic-registration connection got its answer and the device did not disconnect itself. */
  REGISTRATION_DONE("registration_done"),
  INTERNAL_ERROR("internal_error");

  private final String label;

  DisconnectReason(String label) {
    this.label = label;
  }

  /** The metric and log label. */
  public String label() {
    return label;
  }
}
