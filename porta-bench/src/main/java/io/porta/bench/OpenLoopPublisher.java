package io.porta.bench;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * One device sending QoS 1 uploads on its own fixed-rate schedule, whatever the server answers (open
 * loop). Each PUBACK is timed from the message's intended send time. Lives on its connection's event
 * loop: {@link #tick} and {@link #puback} run there.
 */
final class OpenLoopPublisher implements InboundListener {
  private static final int ID_SPACE = 65535;
  /** The generator's bound: beyond this many unacknowledged messages a due message is not sent. */
  static final int MAX_IN_FLIGHT = 60_000;

  private final ClientConnection connection;
  private final Channel channel;
  private final RateSchedule schedule;
  private final TrafficStats stats;
  private final boolean deliveredAtAck;
  private final long[] intendedById = new long[ID_SPACE + 1];
  private final boolean[] inFlightById = new boolean[ID_SPACE + 1];
  private int lastId;
  private int inFlight;

  OpenLoopPublisher(ClientConnection connection, RateSchedule schedule, TrafficStats stats, boolean deliveredAtAck) {
    this.connection = connection;
    this.channel = connection.channel();
    this.schedule = schedule;
    this.stats = stats;
    this.deliveredAtAck = deliveredAtAck;
  }

  Channel channel() {
    return channel;
  }

  /** Sends every message due by now. */
  void tick(long now) {
    if (connection.lost()) {
      return;
    }
    boolean wrote = false;
    while (schedule.due(now)) {
      long k = schedule.take();
      long intended = schedule.intendedNanos(k);
      if (inFlight >= MAX_IN_FLIGHT) {
        stats.notSent(intended);
        continue;
      }
      int id = lastId;
      do {
        id = id % ID_SPACE + 1;
      } while (inFlightById[id]);
      lastId = id;
      inFlightById[id] = true;
      intendedById[id] = intended;
      inFlight++;
      stats.sent(intended);
      connection.publish(MqttQoS.AT_LEAST_ONCE, id, Telemetry.payload(channel.alloc(), k + 1, intended));
      wrote = true;
    }
    if (wrote) {
      channel.flush();
    }
  }

  @Override
  public void puback(int packetId, long now) {
    if (packetId < 1 || packetId > ID_SPACE || !inFlightById[packetId]) {
      return; // not ours (a duplicate)
    }
    inFlightById[packetId] = false;
    inFlight--;
    long intended = intendedById[packetId];
    stats.acked(intended, now);
    if (deliveredAtAck) {
      stats.delivered(intended, now);
    }
  }

  @Override
  public void lost() {
    stats.lostConnections.increment();
  }

  int inFlight() {
    return inFlight;
  }
}
