package io.porta.mqtt.connection;

import io.porta.core.model.DeviceKey;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DeviceSessions;
import io.porta.core.session.DisconnectReason;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live device connections of this node, one per device (design.md "Sessions"), indexed by
 * product so that {@link #onlineDevices} does not scan every connection. Thread-safe.
 */
public final class SessionRegistry implements DeviceSessions {
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Connection>> byProduct =
      new ConcurrentHashMap<>();

  /**
   * Publishes an authenticated connection. A live connection of the same device is closed with
   * TAKEOVER (protocols.md A.2: keep the last one; B.2.4).
   */
  public void register(Connection connection) {
    DeviceKey key = connection.identity().key();
    Connection old =
        byProduct
            .computeIfAbsent(key.productId(), p -> new ConcurrentHashMap<>())
            .put(key.deviceName(), connection);
    if (old != null && old != connection) {
      old.close(DisconnectReason.TAKEOVER);
    }
  }

  /** Removes a closed connection, unless a newer connection of the device has replaced it. */
  public void unregister(Connection connection) {
    if (connection.identity() == null) {
      return;
    }
    DeviceKey key = connection.identity().key();
    Map<String, Connection> devices = byProduct.get(key.productId());
    if (devices != null) {
      devices.remove(key.deviceName(), connection);
    }
  }

  @Override
  public Optional<DeviceLink> find(DeviceKey device) {
    Map<String, Connection> devices = byProduct.get(device.productId());
    return devices == null ? Optional.empty() : Optional.ofNullable(devices.get(device.deviceName()));
  }

  @Override
  public boolean disconnect(DeviceKey device, DisconnectReason reason) {
    Optional<DeviceLink> link = find(device);
    link.ifPresent(l -> l.close(reason));
    return link.isPresent();
  }

  @Override
  public Set<String> onlineDevices(String productId) {
    Map<String, Connection> devices = byProduct.get(productId);
    return devices == null ? Set.of() : Set.copyOf(devices.keySet());
  }

  /**
   * The live connections registered under one product id: a read-only view, not a copy (the event
   * fan-out reads it once per event). Safe to iterate from any thread while connections come and go;
   * the iteration sees each connection that stays registered throughout, and may or may not see one
   * registered or removed meanwhile.
   */
  public Collection<Connection> connections(String productId) {
    Map<String, Connection> devices = byProduct.get(productId);
    return devices == null ? List.of() : Collections.unmodifiableCollection(devices.values());
  }

  /** Whether any live connection is registered under this product id. */
  public boolean any(String productId) {
    Map<String, Connection> devices = byProduct.get(productId);
    return devices != null && !devices.isEmpty();
  }

  /** The number of live device connections. */
  public int size() {
    int n = 0;
    for (Map<String, Connection> devices : byProduct.values()) {
      n += devices.size();
    }
    return n;
  }
}
