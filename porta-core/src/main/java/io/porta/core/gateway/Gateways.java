package io.porta.core.gateway;

import io.porta.core.model.DeviceKey;
import io.porta.core.registry.ProductRepository;
import java.util.Objects;

/** What a dialect needs to let gateways speak for sub-devices. */
public record Gateways(
    ProductRepository products, GatewayTopology topology, SubDeviceSessions sessions, GatewayLimits limits) {
  public Gateways {
    Objects.requireNonNull(products, "products");
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(limits, "limits");
  }

  public Gateways(ProductRepository products, GatewayTopology topology, SubDeviceSessions sessions) {
    this(products, topology, sessions, GatewayLimits.DEFAULTS);
  }

  /**
   * Whether a request carrying {@code size} items fits under {@code max}; when not, the hit is logged
   * and counted under {@code limit}.
   */
  public boolean fits(DeviceKey gateway, String limit, int size, int max) {
    if (size <= max) {
      return true;
    }
    sessions.limitHit(gateway, limit, size, max);
    return false;
  }
}
