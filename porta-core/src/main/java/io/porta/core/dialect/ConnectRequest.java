package io.porta.core.dialect;

/**
 * The fields of an MQTT CONNECT that dialects judge, plus where it came from.
 *
 * @param password raw password bytes, or null when the password flag is not set; never log it
 * @param tls whether it arrived on a TLS listener
 */
public record ConnectRequest(
    int protocolLevel,
    String clientId,
    String username,
    byte[] password,
    boolean cleanSession,
    int keepAliveSeconds,
    boolean willFlag,
    int willQos,
    boolean willRetain,
    boolean tls,
    String remoteAddress) {

  @Override
  public String toString() {
    return "ConnectRequest[clientId="
        + clientId
        + ", username="
        + username
        + ", level="
        + protocolLevel
        + ", cleanSession="
        + cleanSession
        + ", keepAlive="
        + keepAliveSeconds
        + ", from="
        + remoteAddress
        + "]";
  }
}
