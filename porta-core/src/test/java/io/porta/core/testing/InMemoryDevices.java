package io.porta.core.testing;

import io.porta.core.model.Device;
import io.porta.core.model.DeviceKey;
import io.porta.core.registry.ConflictException;
import io.porta.core.registry.DeviceRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A DeviceRepository in a map, for dialect unit tests; {@link #failing} and {@link #failingWrites}
 * simulate a registry outage.
 */
public final class InMemoryDevices implements DeviceRepository {
  private final Map<String, Device> devices = new TreeMap<>();
  public boolean failing;
  public boolean failingWrites;

  private static String id(DeviceKey key) {
    return key.productId() + "/" + key.deviceName();
  }

  @Override
  public synchronized void create(Device device) {
    if (devices.putIfAbsent(id(device.key()), device) != null) {
      throw new ConflictException("device exists");
    }
  }

  @Override
  public synchronized Optional<Device> find(DeviceKey key) {
    if (failing) {
      throw new IllegalStateException("registry down");
    }
    return Optional.ofNullable(devices.get(id(key)));
  }

  @Override
  public synchronized List<Device> list(String productId, int offset, int limit) {
    return devices.values().stream()
        .filter(d -> d.productId().equals(productId))
        .skip(offset)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized List<String> names(String productId) {
    return list(productId, 0, Integer.MAX_VALUE).stream().map(Device::name).toList();
  }

  @Override
  public synchronized long count(String productId) {
    return names(productId).size();
  }

  @Override
  public synchronized boolean setEnabled(DeviceKey key, boolean enabled) {
    Device d = devices.get(id(key));
    if (d == null) {
      return false;
    }
    devices.put(id(key), d.withEnabled(enabled));
    return true;
  }

  @Override
  public synchronized boolean delete(DeviceKey key) {
    return devices.remove(id(key)) != null;
  }

  private synchronized boolean update(DeviceKey key, UnaryOperator<Device> change) {
    if (failingWrites) {
      throw new IllegalStateException("registry down");
    }
    Device d = devices.get(id(key));
    if (d == null) {
      return false;
    }
    devices.put(id(key), change.apply(d));
    return true;
  }

  @Override
  public boolean mergeTags(DeviceKey key, Map<String, String> tags) {
    return update(
        key,
        d -> {
          Map<String, String> merged = new TreeMap<>(d.tags());
          merged.putAll(tags);
          return d.withTags(merged);
        });
  }

  @Override
  public boolean removeTags(DeviceKey key, Collection<String> tagKeys) {
    return update(
        key,
        d -> {
          Map<String, String> left = new TreeMap<>(d.tags());
          left.keySet().removeAll(tagKeys);
          return d.withTags(left);
        });
  }

  @Override
  public boolean setFirmwareVersion(DeviceKey key, String version) {
    return update(key, d -> d.withFirmwareVersion(version));
  }

  @Override
  public boolean setSecret(DeviceKey key, String secret) {
    return update(key, d -> d.withSecret(secret));
  }

  @Override
  public boolean setDeviceToken(DeviceKey key, String token) {
    return update(key, d -> d.withDeviceToken(token));
  }

  @Override
  public boolean markActivated(DeviceKey key, Instant at) {
    return update(key, d -> d.activatedAt() != null ? d : d.withActivatedAt(at));
  }
}
