package io.porta.store;

import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.telemetry.DataPoint;
import java.time.Instant;

/** Test values. */
public final class Fixtures {
  public static final Instant CREATED = Instant.ofEpochMilli(1_700_000_000_123L);

  private Fixtures() {}

  public static Product product(String id) {
    return new Product(id, "Product " + id, "onenet", "c2VjcmV0LW9mLS0" + id, ProductOptions.DEFAULTS, CREATED);
  }

  public static Device device(String productId, String name) {
    return new Device(productId, name, "dev-secret-" + name, true, CREATED);
  }

  public static DeviceKey key(String productId, String name) {
    return new DeviceKey(productId, name);
  }

  public static DataPoint point(String stream, long timeMs, String valueJson) {
    return new DataPoint(stream, timeMs, valueJson);
  }
}
