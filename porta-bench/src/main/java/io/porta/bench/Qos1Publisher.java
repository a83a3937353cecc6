package io.porta.bench;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * The closed-loop "maximum" pattern: keeps {@code window} QoS 1 uploads in flight on one connection,
 * each PUBACK answered with the next upload until the window is over. Its latencies run from the
 * actual send (closed loop cannot do otherwise), so they are a secondary figure only.
 */
final class Qos1Publisher implements InboundListener {
  private static final int ID_SPACE = 4096; // > any window; ids are reused only once acknowledged

  private final ClientConnection connection;
  private final Channel channel;
  private final int window;
  private final TrafficStats stats;
  private final boolean deliveredAtAck;
  private final long[] sentAt = new long[ID_SPACE + 1];
  private int lastId;
  private long nextDataPointId = 1;

  Qos1Publisher(ClientConnection connection, int window, TrafficStats stats, boolean deliveredAtAck) {
    this.connection = connection;
    this.channel = connection.channel();
    this.window = Math.min(window, ID_SPACE);
    this.stats = stats;
    this.deliveredAtAck = deliveredAtAck;
  }

  void start() {
    channel.eventLoop().execute(() -> {
      connection.listen(this);
      for (int i = 0; i < window; i++) {
        send(System.nanoTime());
      }
      channel.flush();
    });
  }

  @Override
  public void puback(int packetId, long now) {
    long t = packetId <= ID_SPACE ? sentAt[packetId] : 0;
    if (t == 0) {
      return;
    }
    sentAt[packetId] = 0;
    stats.acked(t, now);
    if (deliveredAtAck) {
      stats.delivered(t, now);
    }
    if (!stats.window.over(now)) {
      send(now);
      channel.flush();
    }
  }

  @Override
  public void lost() {
    stats.lostConnections.increment();
  }

  private void send(long now) {
    int id = lastId;
    do {
      id = id % ID_SPACE + 1;
    } while (sentAt[id] != 0);
    lastId = id;
    sentAt[id] = now;
    stats.sent(now);
    connection.publish(MqttQoS.AT_LEAST_ONCE, id, Telemetry.payload(channel.alloc(), nextDataPointId++, now));
  }
}
