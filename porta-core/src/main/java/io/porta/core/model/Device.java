package io.porta.core.model;

import java.time.Instant;
import java.util.Objects;

/** A registered device. The secret is the device-level key; it is never logged. */
public record Device(String productId, String name, String secret, boolean enabled, Instant createdAt) {
  public Device {
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public DeviceKey key() {
    return new DeviceKey(productId, name);
  }

  public Device withEnabled(boolean value) {
    return new Device(productId, name, secret, value, createdAt);
  }

  @Override
  public String toString() {
    return "Device[" + productId + "/" + name + (enabled ? "" : ", disabled") + "]";
  }
}
