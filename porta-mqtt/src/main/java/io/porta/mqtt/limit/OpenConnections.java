package io.porta.mqtt.limit;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open connections, in all and per remote address, against {@link ConnectionLimits}. Each
 * admitted connection is released exactly once when it closes. Shared by all event loops.
 */
public final class OpenConnections {
  /** Why a connection was not admitted; the {@code reason} tag of the refusal counter. */
  public enum Refusal {
    MAX_CONNECTIONS("max_connections"),
    MAX_CONNECTIONS_PER_ADDRESS("max_connections_per_address");

    private final String label;

    Refusal(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final ConnectionLimits limits;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

  public OpenConnections(ConnectionLimits limits) {
    this.limits = limits;
  }

  public ConnectionLimits limits() {
    return limits;
  }

  /**
   * Counts a new connection from {@code address} (null when unknown: counted only in all).
   *
   * @return null when admitted (then {@link #release} it once it closes), else why not
   */
  public Refusal admit(InetAddress address) {
    if (limits.maxConnections() > 0 && open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      return Refusal.MAX_CONNECTIONS;
    }
    if (limits.maxConnectionsPerAddress() > 0 && address != null) {
      int count = perAddress.merge(address, 1, Integer::sum);
      if (count > limits.maxConnectionsPerAddress()) {
        releaseAddress(address);
        if (limits.maxConnections() > 0) {
          open.decrementAndGet();
        }
        return Refusal.MAX_CONNECTIONS_PER_ADDRESS;
      }
    }
    return null;
  }

  /** An admitted connection from {@code address} closed. */
  public void release(InetAddress address) {
    if (limits.maxConnections() > 0) {
      open.decrementAndGet();
    }
    if (limits.maxConnectionsPerAddress() > 0 && address != null) {
      releaseAddress(address);
    }
  }

  private void releaseAddress(InetAddress address) {
    perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }
}
