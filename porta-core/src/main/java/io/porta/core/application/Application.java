package io.porta.core.application;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An application allowed to receive device events over the application channel (MQTT under
 * {@code $app/}), limited to the products it names.
 */
public record Application(String id, String name, Set<String> productIds, Instant createdAt) {
  public Application {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    productIds = Set.copyOf(productIds);
  }

  /** Whether events of this product may reach the application. */
  public boolean covers(String productId) {
    return productIds.contains(productId);
  }

  public Application with(String newName, Set<String> newProductIds) {
    return new Application(id, newName, newProductIds, createdAt);
  }
}
