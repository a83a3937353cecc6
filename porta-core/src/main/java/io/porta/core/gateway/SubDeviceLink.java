package io.porta.core.gateway;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.session.SessionInfo;
import java.util.concurrent.CompletionStage;

/**
 * A sub-device online through its gateway's connection: what is sent to it goes over the gateway's
 * connection, on the sub-device's own topics (the gateway subscribed to them for it).
 */
final class SubDeviceLink implements DeviceLink {
  private final DeviceIdentity identity;
  private final DeviceLink gateway;
  private final SubDeviceSessions sessions;

  SubDeviceLink(DeviceIdentity identity, DeviceLink gateway, SubDeviceSessions sessions) {
    this.identity = identity;
    this.gateway = gateway;
    this.sessions = sessions;
  }

  @Override
  public DeviceIdentity identity() {
    return identity;
  }

  DeviceLink gateway() {
    return gateway;
  }

  @Override
  public CompletionStage<Boolean> send(OutboundMessage message) {
    return gateway.send(message);
  }

  /** Logs the sub-device out; the gateway's connection stays. */
  @Override
  public void close(DisconnectReason reason) {
    sessions.logout(gateway.identity().key(), identity.key(), reason);
  }

  @Override
  public SessionInfo info() {
    return gateway.info();
  }

  @Override
  public String toString() {
    return identity + " via " + gateway.identity();
  }
}
