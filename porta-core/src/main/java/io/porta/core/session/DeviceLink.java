package io.porta.core.session;

import io.porta.core.dialect.DeviceIdentity;
import java.util.concurrent.CompletionStage;

/**
 * A device's live connection as dialects and services see it, without knowing the transport. All
 * methods may be called from any thread; the transport hops to the connection's own thread.
 */
public interface DeviceLink {
  DeviceIdentity identity();

  /**
   * Sends a message to the device.
   *
   * @return completes with true when the message was written to the connection, false when it was
   *     not sent (no matching subscription while one is required, or the connection is gone)
   */
  CompletionStage<Boolean> send(OutboundMessage message);

  /** Closes the connection, logging and counting the reason. */
  void close(DisconnectReason reason);

  SessionInfo info();
}
