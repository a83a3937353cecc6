package io.porta.core.gateway;

import io.porta.core.model.DeviceKey;
import java.util.List;
import java.util.Optional;

/**
 * Which sub-devices each gateway may speak for (Alibaba {@code thing/topo/*}, protocols.md B.9). A
 * sub-device has at most one gateway. Blocking: call it off the event loops.
 */
public interface GatewayTopology {
  /** Makes {@code sub} a sub-device of {@code gateway}, taking it from any other gateway. */
  void bind(DeviceKey gateway, DeviceKey sub, long nowMs);

  /** @return false when {@code sub} was not a sub-device of {@code gateway} */
  boolean unbind(DeviceKey gateway, DeviceKey sub);

  /** The gateway's sub-devices, oldest first. */
  List<DeviceKey> subDevices(DeviceKey gateway);

  Optional<DeviceKey> gatewayOf(DeviceKey sub);
}
