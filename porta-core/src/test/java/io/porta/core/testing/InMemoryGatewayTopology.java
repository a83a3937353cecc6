package io.porta.core.testing;

import io.porta.core.gateway.GatewayTopology;
import io.porta.core.model.DeviceKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Gateway topology in memory. */
public final class InMemoryGatewayTopology implements GatewayTopology {
  private final Map<DeviceKey, DeviceKey> gatewayOf = new ConcurrentHashMap<>();

  @Override
  public void bind(DeviceKey gateway, DeviceKey sub, long nowMs) {
    gatewayOf.put(sub, gateway);
  }

  @Override
  public boolean unbind(DeviceKey gateway, DeviceKey sub) {
    return gatewayOf.remove(sub, gateway);
  }

  @Override
  public List<DeviceKey> subDevices(DeviceKey gateway) {
    return gatewayOf.entrySet().stream().filter(e -> e.getValue().equals(gateway)).map(Map.Entry::getKey).toList();
  }

  @Override
  public Optional<DeviceKey> gatewayOf(DeviceKey sub) {
    return Optional.ofNullable(gatewayOf.get(sub));
  }
}
