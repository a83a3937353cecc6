package io.porta.core.testing;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.session.SessionInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A DeviceLink that records what is sent and closed; no transport behind it. */
public final class FakeDeviceLink implements DeviceLink {
  private final DeviceIdentity identity;
  public final List<OutboundMessage> sent = new ArrayList<>();
  public final List<DisconnectReason> closed = new ArrayList<>();

  public FakeDeviceLink(DeviceIdentity identity) {
    this.identity = identity;
  }

  @Override
  public DeviceIdentity identity() {
    return identity;
  }

  @Override
  public synchronized CompletionStage<Boolean> send(OutboundMessage message) {
    sent.add(message);
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public synchronized void close(DisconnectReason reason) {
    closed.add(reason);
  }

  @Override
  public SessionInfo info() {
    Instant t = Instant.EPOCH;
    return new SessionInfo(t, t, "127.0.0.1:1", 4, 60, true, "mqtt");
  }
}
