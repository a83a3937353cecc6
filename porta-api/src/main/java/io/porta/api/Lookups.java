package io.porta.api;

import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.registry.DeviceRepository;
import io.porta.core.registry.ProductRepository;

/** Finds the product or device a path names, or answers 404 (api.md "REST API"). */
final class Lookups {
  private final ProductRepository products;
  private final DeviceRepository devices;

  Lookups(ProductRepository products, DeviceRepository devices) {
    this.products = products;
    this.devices = devices;
  }

  Product product(String productId) {
    return products.find(productId).orElseThrow(() -> ApiException.productNotFound(productId));
  }

  /** The device, after checking its product exists (so the 404 names what is missing). */
  Device device(String productId, String deviceName) {
    product(productId);
    return deviceOf(productId, deviceName);
  }

  Device deviceOf(String productId, String deviceName) {
    return devices
        .find(new DeviceKey(productId, deviceName))
        .orElseThrow(() -> ApiException.deviceNotFound(productId, deviceName));
  }
}
