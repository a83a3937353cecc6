package io.porta.api;

import io.porta.core.model.DeviceKey;
import io.porta.core.thing.DesiredProperty;
import io.porta.core.thing.DesiredPropertyRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Desired property values in memory, versioned like the JDBC repository. */
final class InMemoryDesiredProperties implements DesiredPropertyRepository {
  private final Map<DeviceKey, TreeMap<String, DesiredProperty>> byDevice = new ConcurrentHashMap<>();

  @Override
  public synchronized List<DesiredProperty> find(DeviceKey device, Collection<String> identifiers) {
    List<DesiredProperty> out = new ArrayList<>();
    for (DesiredProperty p : byDevice.getOrDefault(device, new TreeMap<>()).values()) {
      if (identifiers.isEmpty() || identifiers.contains(p.identifier())) {
        out.add(p);
      }
    }
    return out;
  }

  @Override
  public synchronized List<DesiredProperty> set(DeviceKey device, Map<String, String> values, long nowMs) {
    TreeMap<String, DesiredProperty> props = byDevice.computeIfAbsent(device, k -> new TreeMap<>());
    values.forEach(
        (id, json) -> {
          DesiredProperty old = props.get(id);
          props.put(id, new DesiredProperty(id, json, old == null ? 1 : old.version() + 1, nowMs));
        });
    return find(device, values.keySet());
  }

  @Override
  public synchronized List<String> delete(DeviceKey device, Map<String, Long> versions) {
    TreeMap<String, DesiredProperty> props = byDevice.getOrDefault(device, new TreeMap<>());
    List<String> deleted = new ArrayList<>();
    versions.forEach(
        (id, version) -> {
          DesiredProperty p = props.get(id);
          if (p != null && (version == null || version == p.version())) {
            props.remove(id);
            deleted.add(id);
          }
        });
    return deleted;
  }
}
