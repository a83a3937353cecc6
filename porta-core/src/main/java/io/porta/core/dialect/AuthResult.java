package io.porta.core.dialect;

/** The outcome of a credential check. */
public sealed interface AuthResult {
  record Accepted(DeviceIdentity identity) implements AuthResult {}

  record Refused(ConnectRefusal refusal) implements AuthResult {}

  static AuthResult accepted(DeviceIdentity identity) {
    return new Accepted(identity);
  }

  static AuthResult refused(ConnectRefusal refusal) {
    return new Refused(refusal);
  }
}
