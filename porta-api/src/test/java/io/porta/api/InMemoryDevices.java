package io.porta.api;

import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.registry.ConflictException;
import io.porta.core.registry.DeviceRepository;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A DeviceRepository in a map. */
final class InMemoryDevices implements DeviceRepository {
  private final Map<DeviceKey, Device> devices = new ConcurrentHashMap<>();

  @Override
  public void create(Device device) {
    if (devices.putIfAbsent(device.key(), device) != null) {
      throw new ConflictException("device " + device.key() + " exists");
    }
  }

  @Override
  public Optional<Device> find(DeviceKey key) {
    return Optional.ofNullable(devices.get(key));
  }

  @Override
  public List<Device> list(String productId, int offset, int limit) {
    return devices.values().stream()
        .filter(d -> d.productId().equals(productId))
        .sorted(Comparator.comparing(Device::name))
        .skip(offset)
        .limit(limit)
        .toList();
  }

  @Override
  public List<String> names(String productId) {
    return list(productId, 0, Integer.MAX_VALUE).stream().map(Device::name).toList();
  }

  @Override
  public long count(String productId) {
    return devices.keySet().stream().filter(k -> k.productId().equals(productId)).count();
  }

  @Override
  public boolean setEnabled(DeviceKey key, boolean enabled) {
    return devices.computeIfPresent(key, (k, d) -> d.withEnabled(enabled)) != null;
  }

  @Override
  public boolean delete(DeviceKey key) {
    return devices.remove(key) != null;
  }

  void deleteAll(String productId) {
    devices.keySet().removeIf(k -> k.productId().equals(productId));
  }

  @Override
  public boolean mergeTags(DeviceKey key, Map<String, String> tags) {
    return devices.computeIfPresent(key, (k, d) -> {
          Map<String, String> merged = new java.util.TreeMap<>(d.tags());
          merged.putAll(tags);
          return d.withTags(merged);
        })
        != null;
  }

  @Override
  public boolean removeTags(DeviceKey key, java.util.Collection<String> tagKeys) {
    return devices.computeIfPresent(key, (k, d) -> {
          Map<String, String> left = new java.util.TreeMap<>(d.tags());
          left.keySet().removeAll(tagKeys);
          return d.withTags(left);
        })
        != null;
  }

  @Override
  public boolean setFirmwareVersion(DeviceKey key, String version) {
    return devices.computeIfPresent(key, (k, d) -> d.withFirmwareVersion(version)) != null;
  }

  @Override
  public boolean setSecret(DeviceKey key, String secret) {
    return devices.computeIfPresent(key, (k, d) -> d.withSecret(secret)) != null;
  }

  @Override
  public boolean setDeviceToken(DeviceKey key, String token) {
    return devices.computeIfPresent(key, (k, d) -> d.withDeviceToken(token)) != null;
  }

  @Override
  public boolean markActivated(DeviceKey key, java.time.Instant at) {
    return devices.computeIfPresent(key, (k, d) -> d.activatedAt() != null ? d : d.withActivatedAt(at)) != null;
  }
}
