package io.porta.bench;

import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The p2p consumer on a plain broker: one raw connection subscribed to {@code #} at QoS 1, which
 * acknowledges every message and times it from the intended send time in its payload.
 */
final class SubscriberProbe implements DeliveryProbe, InboundListener {
  private final ClientConnection connection;
  private volatile TrafficStats stats;

  private SubscriberProbe(ClientConnection connection) {
    this.connection = connection;
  }

  static SubscriberProbe start(LoadClient client) throws Exception {
    Credentials consumer = new Credentials("consumer", "bench-consumer", null, null, "");
    ConnectBatch.Result r = ConnectBatch.run(client, List.of(consumer), 1, 1, 10);
    if (r.connected().isEmpty()) {
      throw new IllegalStateException("the consumer did not connect: " + r.failures());
    }
    SubscriberProbe probe = new SubscriberProbe(r.connected().get(0));
    probe.connection.listen(probe);
    probe.connection.subscribe("#").get(10, TimeUnit.SECONDS);
    return probe;
  }

  @Override
  public String describe() {
    return "one subscriber on `#` at QoS 1 (raw Netty client, acknowledges each message)";
  }

  @Override
  public boolean deliveredAtAck() {
    return false;
  }

  @Override
  public void measure(TrafficStats stats) {
    this.stats = stats;
  }

  @Override
  public void publish(MqttPublishMessage message, long now) {
    TrafficStats s = stats;
    long intended = Telemetry.intendedNanos(message.payload());
    if (s == null) {
      return;
    }
    if (intended < 0) {
      s.unknownDeliveries.increment();
    } else {
      s.delivered(intended, now);
    }
  }

  @Override
  public void close() {
    connection.disconnect();
  }
}
