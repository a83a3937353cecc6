package io.porta.core.registry;

import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

  /** Adds or replaces tags (Alibaba thing/deviceinfo/update). @return false when absent */
  boolean mergeTags(DeviceKey key, Map<String, String> tags);

  /** Removes tags (Alibaba thing/deviceinfo/delete). @return false when absent */
  boolean removeTags(DeviceKey key, Collection<String> tagKeys);

  /** @return false when absent */
  boolean setFirmwareVersion(DeviceKey key, String version);

  /** A new device secret (dynamic registration). @return false when absent */
  boolean setSecret(DeviceKey key, String secret);

  /** A new device token (Alibaba regnwl registration). @return false when absent */
  boolean setDeviceToken(DeviceKey key, String token);

  /** Records the first successful login; keeps an earlier one. @return false when absent */
  boolean markActivated(DeviceKey key, Instant at);
}
