package io.porta.mqtt.connection;

/** Where a connection is in its life. Changed on the channel's event loop only. */
public enum ConnectionState {
  /** TCP (and TLS) up; the first packet must be CONNECT (MQTT 3.1.1 §3.1). */
  AWAITING_CONNECT,
  /** CONNECT received, credentials being checked off the loop; later packets are held. */
  AUTHENTICATING,
  /** CONNACK 0 sent; packets flow to the handlers. */
  CONNECTED,
  /** A close was requested with its reason; further inbound packets are dropped. */
  CLOSING
}
