package io.porta.bench;

/**
 * Where the p2p scenario sees a message arrive at its one consumer. Mosquitto: a subscriber on
 * {@code #} ({@link SubscriberProbe}). Porta: for now the PUBACK (the upload is durable in the store,
 * {@link #AT_PUBACK}); an application-channel consumer plugs in here once that channel exists.
 */
interface DeliveryProbe extends AutoCloseable {
  DeliveryProbe AT_PUBACK = new DeliveryProbe() {
    @Override
    public String describe() {
      return "PUBACK (durably stored; Porta's application channel is not in this build)";
    }

    @Override
    public boolean deliveredAtAck() {
      return true;
    }

    @Override
    public void measure(TrafficStats stats) {}

    @Override
    public void close() {}
  };

  String describe();

  /** Whether the PUBACK itself counts as the delivery (no separate consumer). */
  boolean deliveredAtAck();

  /** From now on, report deliveries to {@code stats} (one step of a sweep). */
  void measure(TrafficStats stats);

  @Override
  void close();
}
