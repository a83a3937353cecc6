package io.porta.bench;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * One device sending QoS 1 uploads on its own fixed-rate schedule, whatever the server answers (open
 * loop). Each PUBACK is timed from the message's intended send time. Lives on its connection's event
 * loop: {@link #tick} and {@link #puback} run there. Kept across the steps of a sweep, so a late
 * PUBACK of an earlier step still finds its message (and counts for no step's window).
 */
final class OpenLoopPublisher implements InboundListener {
  private static final int ID_SPACE = 65535;
  /** The generator's bound: beyond this many unacknowledged messages a due message is not sent. */
  static final int MAX_IN_FLIGHT = 60_000;

  private final ClientConnection connection;
  private final Channel channel;
  private final boolean deliveredAtAck;
  private volatile RateSchedule schedule;
  private volatile TrafficStats stats;
  private final long[] intendedById = new long[ID_SPACE + 1];
  private final boolean[] inFlightById = new boolean[ID_SPACE + 1];
  private int lastId;
  private int inFlight;

  OpenLoopPublisher(ClientConnection connection, boolean deliveredAtAck) {
    this.connection = connection;
    this.channel = connection.channel();
    this.deliveredAtAck = deliveredAtAck;
    connection.listen(this);
  }

  /** The next step: its schedule and where its figures go. Call before the ticker starts. */
  void next(RateSchedule schedule, TrafficStats stats) {
    this.stats = stats;
    this.schedule = schedule;
  }

  Channel channel() {
    return channel;
  }

  /** Sends every message due by now. */
  void tick(long now) {
    RateSchedule schedule = this.schedule;
    TrafficStats stats = this.stats;
    if (connection.lost() || schedule == null) {
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
    TrafficStats stats = this.stats;
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
