package io.porta.core.registry;

import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** {@link DeviceRepository} through the {@link RegistryCache}: finds are cached, every write invalidates. */
final class CachingDeviceRepository implements DeviceRepository {
  private final DeviceRepository stored;
  private final RegistryCache cache;

  CachingDeviceRepository(DeviceRepository stored, RegistryCache cache) {
    this.stored = stored;
    this.cache = cache;
  }

  @Override
  public Optional<Device> find(DeviceKey key) {
    return cache.device(key, stored::find);
  }

  @Override
  public void create(Device device) {
    try {
      stored.create(device);
    } finally {
      cache.forgetDevice(device.key());
    }
  }

  @Override
  public List<Device> list(String productId, int offset, int limit) {
    return stored.list(productId, offset, limit);
  }

  @Override
  public List<String> names(String productId) {
    return stored.names(productId);
  }

  @Override
  public long count(String productId) {
    return stored.count(productId);
  }

  @Override
  public boolean setEnabled(DeviceKey key, boolean enabled) {
    return write(key, () -> stored.setEnabled(key, enabled));
  }

  @Override
  public boolean delete(DeviceKey key) {
    return write(key, () -> stored.delete(key));
  }

  @Override
  public boolean mergeTags(DeviceKey key, Map<String, String> tags) {
    return write(key, () -> stored.mergeTags(key, tags));
  }

  @Override
  public boolean removeTags(DeviceKey key, Collection<String> tagKeys) {
    return write(key, () -> stored.removeTags(key, tagKeys));
  }

  @Override
  public boolean setFirmwareVersion(DeviceKey key, String version) {
    return write(key, () -> stored.setFirmwareVersion(key, version));
  }

  @Override
  public boolean setSecret(DeviceKey key, String secret) {
    return write(key, () -> stored.setSecret(key, secret));
  }

  @Override
  public boolean setDeviceToken(DeviceKey key, String token) {
    return write(key, () -> stored.setDeviceToken(key, token));
  }

  @Override
  public boolean markActivated(DeviceKey key, Instant at) {
    return write(key, () -> stored.markActivated(key, at));
  }

  /** The entry is dropped after the write, whether it succeeded or not (it may have been stored). */
  private boolean write(DeviceKey key, BooleanSupplier change) {
    try {
      return change.getAsBoolean();
    } finally {
      cache.forgetDevice(key);
    }
  }
}
