package io.porta.core.gateway;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.model.DeviceKey;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DeviceSessions;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.SessionInfo;
import io.porta.core.session.SessionListener;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device sessions of this node, including sub-devices logged in through a gateway (protocols.md
 * B.9): a sub-device is online while its gateway is, until it logs out; services find it like any
 * device and reach it over the gateway's connection. Also a {@link SessionListener}: a gateway going
 * offline takes its sub-devices with it. Thread-safe.
 */
public final class SubDeviceSessions implements DeviceSessions, SessionListener {
  private static final Logger LOG = LoggerFactory.getLogger(SubDeviceSessions.class);

  /** The outcome of a login. */
  public enum Login {
    ONLINE,
    /** The gateway already has its maximum of sub-devices online. */
    TOO_MANY
  }

  private volatile DeviceSessions devices = NO_DEVICES;
  private final SessionListener listener;
  private final int maxPerGateway;
  private final Consumer<String> limitHit;
  private final Map<DeviceKey, SubDeviceLink> subs = new ConcurrentHashMap<>();
  private final Map<DeviceKey, Set<DeviceKey>> byGateway = new ConcurrentHashMap<>();

  /**
   * @param listener told when sub-devices go online and offline (status events)
   * @param limitHit counts a refused login, by limit name
   */
  public SubDeviceSessions(SessionListener listener, int maxPerGateway, Consumer<String> limitHit) {
    this.listener = listener;
    this.maxPerGateway = maxPerGateway;
    this.limitHit = limitHit;
  }

  /**
   * The directly connected devices (the transport's registry), known once the transport exists: the
   * dialects that log sub-devices in are built before it.
   */
  public void attach(DeviceSessions transport) {
    devices = transport;
  }

  private static final DeviceSessions NO_DEVICES =
      new DeviceSessions() {
        @Override
        public Optional<DeviceLink> find(DeviceKey device) {
          return Optional.empty();
        }

        @Override
        public boolean disconnect(DeviceKey device, DisconnectReason reason) {
          return false;
        }

        @Override
        public Set<String> onlineDevices(String productId) {
          return Set.of();
        }
      };

  /** The sub-device goes online through the gateway's connection. Logging in again is harmless. */
  public synchronized Login login(DeviceLink gateway, DeviceIdentity sub) {
    DeviceKey gw = gateway.identity().key();
    Set<DeviceKey> online = byGateway.computeIfAbsent(gw, k -> new HashSet<>());
    SubDeviceLink current = subs.get(sub.key());
    if (current != null && current.gateway() == gateway) {
      return Login.ONLINE;
    }
    if (online.size() >= maxPerGateway) {
      limitHit.accept(GatewayLimits.SUB_DEVICES_PER_GATEWAY);
      LOG.warn("{}: sub-device {} refused: {} already online through this gateway", gw, sub, maxPerGateway);
      return Login.TOO_MANY;
    }
    if (current != null) {
      remove(current, DisconnectReason.TAKEOVER); // it moved to another gateway connection
    }
    devices.disconnect(sub.key(), DisconnectReason.TAKEOVER); // a direct connection of it, if any
    SubDeviceLink link = new SubDeviceLink(sub, gateway, this);
    subs.put(sub.key(), link);
    online.add(sub.key());
    LOG.info("{} online through gateway {}", sub, gw);
    listener.online(sub, gateway.info());
    return Login.ONLINE;
  }

  /** A gateway request over one of the {@link GatewayLimits}: logged and counted. */
  public void limitHit(DeviceKey gateway, String limit, int size, int max) {
    limitHit.accept(limit);
    LOG.warn("{}: request refused: {} items over the {} limit of {}", gateway, size, limit, max);
  }

  /** @return false when the sub-device was not online through this gateway */
  public synchronized boolean logout(DeviceKey gateway, DeviceKey sub, DisconnectReason reason) {
    SubDeviceLink link = subs.get(sub);
    if (link == null || !link.gateway().identity().key().equals(gateway)) {
      return false;
    }
    remove(link, reason);
    return true;
  }

  /** Whether {@code sub} is online through this gateway connection right now. */
  public Optional<DeviceIdentity> onlineVia(DeviceLink gateway, DeviceKey sub) {
    SubDeviceLink link = subs.get(sub);
    return link != null && link.gateway().identity().key().equals(gateway.identity().key())
        ? Optional.of(link.identity())
        : Optional.empty();
  }

  /** Whether any sub-device is online through this gateway (cheap: asked on every publish). */
  public boolean hasSubDevicesOnline(DeviceKey gateway) {
    return byGateway.containsKey(gateway);
  }

  /** Sub-devices online through the gateway. */
  public List<DeviceKey> onlineThrough(DeviceKey gateway) {
    Set<DeviceKey> online = byGateway.get(gateway);
    synchronized (this) {
      return online == null ? List.of() : List.copyOf(online);
    }
  }

  private void remove(SubDeviceLink link, DisconnectReason reason) {
    DeviceKey gw = link.gateway().identity().key();
    subs.remove(link.identity().key());
    Set<DeviceKey> online = byGateway.get(gw);
    if (online != null) {
      online.remove(link.identity().key());
      if (online.isEmpty()) {
        byGateway.remove(gw);
      }
    }
    LOG.info("{} offline through gateway {}: {}", link.identity(), gw, reason.label());
    listener.offline(link.identity(), link.gateway().info(), reason);
  }

  // DeviceSessions: direct connections first, then sub-devices.

  @Override
  public Optional<DeviceLink> find(DeviceKey device) {
    Optional<DeviceLink> direct = devices.find(device);
    return direct.isPresent() ? direct : Optional.ofNullable(subs.get(device));
  }

  @Override
  public boolean disconnect(DeviceKey device, DisconnectReason reason) {
    if (devices.disconnect(device, reason)) {
      return true;
    }
    SubDeviceLink link = subs.get(device);
    if (link == null) {
      return false;
    }
    link.close(reason);
    return true;
  }

  @Override
  public Set<String> onlineDevices(String productId) {
    Set<String> online = new HashSet<>(devices.onlineDevices(productId));
    for (DeviceKey k : subs.keySet()) {
      if (k.productId().equals(productId)) {
        online.add(k.deviceName());
      }
    }
    return online;
  }

  // SessionListener: the gateway's own connection.

  @Override
  public void online(DeviceIdentity device, SessionInfo session) {
    listener.online(device, session);
  }

  /** The gateway's connection ended: its sub-devices go offline with the same reason. */
  @Override
  public void offline(DeviceIdentity device, SessionInfo session, DisconnectReason reason) {
    listener.offline(device, session, reason);
    List<DeviceKey> orphans = onlineThrough(device.key());
    synchronized (this) {
      for (DeviceKey sub : orphans) {
        SubDeviceLink link = subs.get(sub);
        // Only those of this connection: a gateway that reconnected (takeover) keeps the new ones.
        if (link != null && link.gateway().info().connectedAt().equals(session.connectedAt())) {
          remove(link, reason);
        }
      }
    }
  }
}
