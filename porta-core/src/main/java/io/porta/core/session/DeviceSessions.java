package io.porta.core.session;

import io.porta.core.model.DeviceKey;
import java.util.Optional;
import java.util.Set;

/** The live device connections on this node (one per device). */
public interface DeviceSessions {
  Optional<DeviceLink> find(DeviceKey device);

  /** Closes the device's connection if it has one. @return true when one was closed */
  boolean disconnect(DeviceKey device, DisconnectReason reason);

  /** Names of the product's devices that are online now. */
  Set<String> onlineDevices(String productId);
}
