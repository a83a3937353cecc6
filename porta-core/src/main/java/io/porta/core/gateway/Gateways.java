package io.porta.core.gateway;

import io.porta.core.registry.ProductRepository;
import java.util.Objects;

/** What a dialect needs to let gateways speak for sub-devices. */
public record Gateways(ProductRepository products, GatewayTopology topology, SubDeviceSessions sessions) {
  public Gateways {
    Objects.requireNonNull(products, "products");
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(sessions, "sessions");
  }
}
