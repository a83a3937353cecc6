package io.porta.core.dialect;

import io.porta.core.session.OutboundMessage;
import java.util.List;

/** The outcome of a credential check. */
public sealed interface AuthResult {
  /**
   * The device may connect.
   *
   * @param welcome messages sent right after CONNACK, whether or not the device subscribed (Alibaba
   *     dynamic registration answers on {@code /ext/register} this way)
   * @param provisioning a registration-only connection: it is not the device's session (no takeover,
   *     not online, no keepalive check), it only receives {@code welcome} and is then closed by the
   *     device
   * @param rules the rules for the connection's packets; null for a device, whose product's dialect
   *     has them
   */
  record Accepted(DeviceIdentity identity, List<OutboundMessage> welcome, boolean provisioning, ClientRules rules)
      implements AuthResult {
    public Accepted {
      welcome = List.copyOf(welcome);
    }

    public Accepted(DeviceIdentity identity, List<OutboundMessage> welcome, boolean provisioning) {
      this(identity, welcome, provisioning, null);
    }
  }

  record Refused(ConnectRefusal refusal) implements AuthResult {}

  static AuthResult accepted(DeviceIdentity identity) {
    return new Accepted(identity, List.of(), false);
  }

  static AuthResult provisioning(DeviceIdentity identity, List<OutboundMessage> welcome) {
    return new Accepted(identity, welcome, true);
  }

  /** An application on the application channel, under its own rules. */
  static AuthResult accepted(DeviceIdentity identity, ClientRules rules) {
    return new Accepted(identity, List.of(), false, rules);
  }

  static AuthResult refused(ConnectRefusal refusal) {
    return new Refused(refusal);
  }
}
