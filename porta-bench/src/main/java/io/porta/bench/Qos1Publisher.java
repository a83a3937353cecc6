package io.porta.bench;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps {@code window} QoS 1 data point uploads in flight on one connection: each PUBACK is timed
 * and answered with the next upload until the phase is over, then the rest drains.
 */
final class Qos1Publisher implements InboundListener {
  private static final int ID_SPACE = 4096; // > any window; ids are reused only once acknowledged

  private final ClientConnection connection;
  private final Channel channel;
  private final int window;
  private final Phase phase;
  private final Samples latency;
  private final LongAdder ackedInPhase;
  private final LongAdder strayAcks;
  private final long[] sentAt = new long[ID_SPACE + 1];
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private int lastId;
  private int inFlight;
  private long nextDataPointId = 1;

  Qos1Publisher(
      ClientConnection connection, int window, Phase phase, Samples latency, LongAdder ackedInPhase, LongAdder strayAcks) {
    this.connection = connection;
    this.channel = connection.channel();
    this.window = window;
    this.phase = phase;
    this.latency = latency;
    this.ackedInPhase = ackedInPhase;
    this.strayAcks = strayAcks;
  }

  /** Completes once nothing is in flight after the phase (or the connection is lost). */
  CompletableFuture<Void> finished() {
    return finished;
  }

  /** Messages sent but not acknowledged (read after {@link #finished()} or a timeout). */
  int inFlight() {
    return inFlight;
  }

  void start() {
    channel.eventLoop().execute(() -> {
      connection.listen(this);
      long now = System.nanoTime();
      while (inFlight < window) {
        send(now);
      }
      channel.flush();
    });
  }

  @Override
  public void puback(int packetId, long now) {
    long t = packetId <= ID_SPACE ? sentAt[packetId] : 0;
    if (t == 0) {
      strayAcks.increment();
      return;
    }
    sentAt[packetId] = 0;
    inFlight--;
    if (phase.measuring(now)) {
      latency.add(now - t);
      ackedInPhase.increment();
    }
    if (!phase.over(now)) {
      send(now);
      channel.flush();
    } else if (inFlight == 0) {
      finished.complete(null);
    }
  }

  @Override
  public void lost() {
    finished.complete(null);
  }

  private void send(long now) {
    int id = lastId;
    do {
      id = id % ID_SPACE + 1;
    } while (sentAt[id] != 0);
    lastId = id;
    sentAt[id] = now;
    inFlight++;
    connection.publish(MqttQoS.AT_LEAST_ONCE, id, Telemetry.payload(channel.alloc(), nextDataPointId++));
  }
}
