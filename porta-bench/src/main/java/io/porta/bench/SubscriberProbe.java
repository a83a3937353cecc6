package io.porta.bench;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The p2p consumer on a plain broker: one raw connection subscribed to {@code #} at QoS 1, which
 * acknowledges every message and times it from the intended send time in its payload.
 */
final class SubscriberProbe extends ConsumerProbe {
  private SubscriberProbe(ClientConnection connection) {
    super(connection);
  }

  static SubscriberProbe start(LoadClient client) throws Exception {
    Credentials consumer = new Credentials("consumer", "bench-consumer", null, null, "");
    ConnectBatch.Result r = ConnectBatch.run(client, List.of(consumer), 1, 1, 10);
    if (r.connected().isEmpty()) {
      throw new IllegalStateException("the consumer did not connect: " + r.failures());
    }
    SubscriberProbe probe = new SubscriberProbe(r.connected().get(0));
    probe.connection().listen(probe);
    probe.connection().subscribe("#").get(10, TimeUnit.SECONDS);
    return probe;
  }

  @Override
  public String describe() {
    return "one subscriber on `#` at QoS 1 (raw Netty client, acknowledges each message)";
  }

  @Override
  long intendedNanos(ByteBuf payload) {
    return Telemetry.intendedNanos(payload);
  }
}
