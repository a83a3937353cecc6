package io.porta.core.registry;

import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import java.util.List;
import java.util.Optional;

/** Devices. Blocking: call it off the event loops. */
public interface DeviceRepository {
  /** @throws ConflictException when the name is taken within the product */
  void create(Device device);

  Optional<Device> find(DeviceKey key);

  /** Devices of a product ordered by name. */
  List<Device> list(String productId, int offset, int limit);

  /** All device names of a product, ordered. */
  List<String> names(String productId);

  long count(String productId);

  /** @return false when there is no such device */
  boolean setEnabled(DeviceKey key, boolean enabled);

  /** Deletes the device and its data. @return false when absent */
  boolean delete(DeviceKey key);
}
