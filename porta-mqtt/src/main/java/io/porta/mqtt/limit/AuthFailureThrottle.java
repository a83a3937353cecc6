package io.porta.mqtt.limit;

import io.porta.core.model.DeviceKey;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Set;

/**
 * Failed logins per remote address and per claimed device, and the bans they lead to
 * ({@link AuthFailureLimits}). Keys that are null (an address that is not IP, a CONNECT that names no
 * device) are not counted. Shared by all event loops.
 */
public final class AuthFailureThrottle {
  /** What a ban is on; the {@code scope} tag of the ban counter. */
  public enum Scope {
    ADDRESS("address"),
    DEVICE("device");

    private final String label;

    Scope(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final AuthFailureLimits limits;
  private final ConnectRateLimiter<InetAddress> addressFailures = new ConnectRateLimiter<>();
  private final ConnectRateLimiter<DeviceKey> deviceFailures = new ConnectRateLimiter<>();
  private final Bans<InetAddress> bannedAddresses = new Bans<>();
  private final Bans<DeviceKey> bannedDevices = new Bans<>();

  public AuthFailureThrottle(AuthFailureLimits limits) {
    this.limits = limits;
  }

  public AuthFailureLimits limits() {
    return limits;
  }

  /** Whether any failure is counted at all. */
  public boolean enabled() {
    return (limits.maxPerAddress() > 0 || limits.maxPerDevice() > 0) && !limits.ban().isZero();
  }

  /** The ban a CONNECT from {@code address} for {@code device} falls under, or null when none. */
  public Scope banned(InetAddress address, DeviceKey device, long nowNanos) {
    if (address != null && bannedAddresses.isBanned(address, nowNanos)) {
      return Scope.ADDRESS;
    }
    if (device != null && bannedDevices.isBanned(device, nowNanos)) {
      return Scope.DEVICE;
    }
    return null;
  }

  /** Counts a failed login. @return the bans it started (each is logged and counted once) */
  public Set<Scope> failed(InetAddress address, DeviceKey device, long nowNanos) {
    Set<Scope> started = EnumSet.noneOf(Scope.class);
    long window = limits.window().toNanos();
    if (address != null
        && !addressFailures.tryConnect(address, limits.maxPerAddress(), window, nowNanos)
        && bannedAddresses.start(address, limits.ban(), nowNanos)) {
      started.add(Scope.ADDRESS);
    }
    if (device != null
        && !deviceFailures.tryConnect(device, limits.maxPerDevice(), window, nowNanos)
        && bannedDevices.start(device, limits.ban(), nowNanos)) {
      started.add(Scope.DEVICE);
    }
    return started;
  }

  /** Forgets finished windows and expired bans; run periodically. */
  public void sweep(long nowNanos) {
    addressFailures.sweep(nowNanos);
    deviceFailures.sweep(nowNanos);
    bannedAddresses.sweep(nowNanos);
    bannedDevices.sweep(nowNanos);
  }
}
