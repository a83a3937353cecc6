package io.porta.bench;

/**
 * Where the p2p scenario sees a message arrive at its one consumer. Mosquitto: a subscriber on
 * {@code #} ({@link SubscriberProbe}). Porta: an application on the application channel
 * ({@link AppChannelProbe}), which receives each upload once it is stored.
 */
interface DeliveryProbe extends AutoCloseable {
  String describe();

  /** Whether the PUBACK itself counts as the delivery (no separate consumer). */
  boolean deliveredAtAck();

  /** From now on, report deliveries to {@code stats} (one step of a sweep). */
  void measure(TrafficStats stats);

  @Override
  void close();
}
