package io.porta.core.dialect;

/** The CONNECT fields a device uses. The password is a secret: return it to the API caller only. */
public record ConnectionCredentials(String clientId, String username, String password) {
  @Override
  public String toString() {
    return "ConnectionCredentials[clientId=" + clientId + ", username=" + username + "]";
  }
}
