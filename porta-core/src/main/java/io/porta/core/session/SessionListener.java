package io.porta.core.session;

import io.porta.core.dialect.DeviceIdentity;

/**
 * Told when a device's session starts and ends (online/offline history, status events). Called on the
 * connection's event loop: implementations must not block.
 */
public interface SessionListener {
  SessionListener NONE =
      new SessionListener() {
        @Override
        public void online(DeviceIdentity device, SessionInfo session) {}

        @Override
        public void offline(DeviceIdentity device, SessionInfo session, DisconnectReason reason) {}
      };

  /** The device's connection was accepted and is now its live session. */
  void online(DeviceIdentity device, SessionInfo session);

  /** The device's live session ended; {@code session} is what it was. */
  void offline(DeviceIdentity device, SessionInfo session, DisconnectReason reason);
}
