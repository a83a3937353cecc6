package io.porta.bench;

/** What a traffic pattern hears from its connection; called on the connection's event loop. */
interface InboundListener {
  InboundListener NONE = new InboundListener() {};

  default void puback(int packetId, long nowNanos) {}

  default void pingresp(long nowNanos) {}

  default void writable() {}

  /** The server closed the connection (not the bench). */
  default void lost() {}
}
