package io.porta.mqtt.limit;

/**
 * How many connections the transport accepts, over both listeners: beyond either maximum a new
 * connection is closed as it is accepted (a connection flood must not exhaust file descriptors or
 * memory).
 *
 * @param maxConnections open connections in all; 0 = unlimited
 * @param maxConnectionsPerAddress open connections from one remote IP address; 0 = unlimited (devices
 *     behind one carrier NAT share an address, so leave it generous)
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerAddress) {
  public static final ConnectionLimits UNLIMITED = new ConnectionLimits(0, 0);

  public ConnectionLimits {
    if (maxConnections < 0 || maxConnectionsPerAddress < 0) {
      throw new IllegalArgumentException("connection limits must be >= 0 (0 = unlimited)");
    }
  }
}
