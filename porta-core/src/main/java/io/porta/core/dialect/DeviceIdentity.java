package io.porta.core.dialect;

import io.porta.core.application.ApplicationTopics;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import java.util.Map;
import java.util.Objects;

/**
 * Who an authenticated connection is: the device and the product it belongs to.
 *
 * @param attributes what the device declared when it logged in that later rules depend on (Alibaba:
 *     the ClientId extension parameters such as {@code ext=1}); never null
 */
public record DeviceIdentity(Product product, String deviceName, Map<String, String> attributes) {
  public DeviceIdentity {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(deviceName, "deviceName");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  public DeviceIdentity(Product product, String deviceName) {
    this(product, deviceName, Map.of());
  }

  public DeviceKey key() {
    return new DeviceKey(product.id(), deviceName);
  }

  public String productId() {
    return product.id();
  }

  /**
   * Whether this is an application on the application channel rather than a device: its "product" is
   * the reserved {@code $app} (no product id can contain {@code $}) and its name is the application
   * id and client id. Applications are not devices: no online status, no device events.
   */
  public boolean isApplication() {
    return ApplicationTopics.PREFIX.equals(product.id());
  }

  public String attribute(String name) {
    return attributes.get(name);
  }

  @Override
  public String toString() {
    return product.id() + "/" + deviceName;
  }
}
