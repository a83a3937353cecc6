package io.porta.core.model;

import java.util.Objects;

/** A device's identity across the platform: its product and its name within that product. */
public record DeviceKey(String productId, String deviceName) {
  public DeviceKey {
    Objects.requireNonNull(productId, "productId");
    Objects.requireNonNull(deviceName, "deviceName");
  }

  @Override
  public String toString() {
    return productId + "/" + deviceName;
  }
}
