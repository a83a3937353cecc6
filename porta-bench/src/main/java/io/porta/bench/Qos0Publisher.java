package io.porta.bench;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends QoS 0 data point uploads as fast as one connection takes them. QoS 0 has no acknowledgement,
 * so every quarter window a PINGREQ follows: the server reads a connection's packets in order, so
 * its PINGRESP confirms that it has read everything sent before. At most {@code window} messages are
 * unconfirmed, so socket buffers cannot hide a slow server.
 */
final class Qos0Publisher implements InboundListener {
  private static final int BATCH = 64;

  private final ClientConnection connection;
  private final Channel channel;
  private final Phase phase;
  private final int window;
  private final int pingEvery;
  private final LongAdder confirmedInPhase;
  private final ArrayDeque<Long> pingMarks = new ArrayDeque<>();
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private long sent;
  private long confirmed;
  private boolean stopped;

  Qos0Publisher(ClientConnection connection, int window, Phase phase, LongAdder confirmedInPhase) {
    this.connection = connection;
    this.window = window;
    this.pingEvery = window / 4;
    this.channel = connection.channel();
    this.phase = phase;
    this.confirmedInPhase = confirmedInPhase;
  }

  CompletableFuture<Void> finished() {
    return finished;
  }

  /** Messages sent but not confirmed by a PINGRESP. */
  long unconfirmed() {
    return sent - confirmed;
  }

  void start() {
    channel.eventLoop().execute(() -> {
      connection.listen(this);
      pump();
    });
  }

  @Override
  public void pingresp(long now) {
    Long mark = pingMarks.poll();
    if (mark == null) {
      return;
    }
    if (phase.measuring(now)) {
      confirmedInPhase.add(mark - confirmed);
    }
    confirmed = mark;
    if (stopped && pingMarks.isEmpty()) {
      finished.complete(null);
    } else {
      pump();
    }
  }

  @Override
  public void writable() {
    pump();
  }

  @Override
  public void lost() {
    finished.complete(null);
  }

  private void pump() {
    if (stopped) {
      return;
    }
    int n = 0;
    while (n < BATCH && sent - confirmed < window && channel.isWritable()) {
      connection.publish(MqttQoS.AT_MOST_ONCE, 0, Telemetry.payload(channel.alloc(), sent + 1));
      sent++;
      n++;
      if (sent % pingEvery == 0) {
        ping();
      }
    }
    if (phase.over(System.nanoTime())) {
      stopped = true;
      if (pingMarks.isEmpty() || pingMarks.peekLast() != sent) {
        ping();
      }
    } else if (n == BATCH) {
      channel.eventLoop().execute(this::pump); // let reads (PINGRESP) in between batches
    }
    channel.flush();
  }

  private void ping() {
    connection.pingreq();
    pingMarks.add(sent);
  }
}
