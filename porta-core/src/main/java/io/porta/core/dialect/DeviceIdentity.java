package io.porta.core.dialect;

import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import java.util.Objects;

/** Who an authenticated connection is: the device and the product it belongs to. */
public record DeviceIdentity(Product product, String deviceName) {
  public DeviceIdentity {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(deviceName, "deviceName");
  }

  public DeviceKey key() {
    return new DeviceKey(product.id(), deviceName);
  }

  public String productId() {
    return product.id();
  }

  @Override
  public String toString() {
    return product.id() + "/" + deviceName;
  }
}
