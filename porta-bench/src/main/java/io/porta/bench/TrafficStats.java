package io.porta.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one fixed-rate traffic step produced. Messages count when their intended send time falls in
 * the measured window; latencies run from that intended time (coordinated omission corrected).
 * Throughput counts acknowledgements and deliveries that arrive during the window.
 */
final class TrafficStats {
  final Window window;
  final double targetPerSecond;
  final LongAdder sent = new LongAdder();
  final LongAdder notSent = new LongAdder();
  final LongAdder acked = new LongAdder();
  final LongAdder ackedDuringWindow = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder deliveredDuringWindow = new LongAdder();
  final LongAdder unknownDeliveries = new LongAdder();
  final LongAdder lostConnections = new LongAdder();
  final Latency ackLatency = new Latency();
  final Latency deliveryLatency = new Latency();
  /** The server's and the generator's CPU during the window, once known. */
  ProcessSampler.Summary usage;
  /** Porta's telemetry writer during the step (NONE for other servers). */
  StoreCommits store = StoreCommits.NONE;

  TrafficStats(Window window, double targetPerSecond) {
    this.window = window;
    this.targetPerSecond = targetPerSecond;
  }

  void sent(long intended) {
    if (window.measuring(intended)) {
      sent.increment();
    }
  }

  /** The generator's in-flight bound stopped this message: it counts as sent and never acknowledged. */
  void notSent(long intended) {
    if (window.measuring(intended)) {
      sent.increment();
      notSent.increment();
    }
  }

  /** An answer counts towards the window's throughput if it arrived then and belongs to this step. */
  private boolean duringWindow(long intended, long now) {
    return window.measuring(now) && intended >= window.start();
  }

  void acked(long intended, long now) {
    if (duringWindow(intended, now)) {
      ackedDuringWindow.increment();
    }
    if (window.measuring(intended)) {
      acked.increment();
      ackLatency.record(now - intended);
    }
  }

  void delivered(long intended, long now) {
    if (duringWindow(intended, now)) {
      deliveredDuringWindow.increment();
    }
    if (window.measuring(intended)) {
      delivered.increment();
      deliveryLatency.record(now - intended);
    }
  }

  double ackedPerSecond() {
    return ackedDuringWindow.sum() / window.seconds();
  }

  double deliveredPerSecond() {
    return deliveredDuringWindow.sum() / window.seconds();
  }

  double deliveryRatio() {
    long s = sent.sum();
    return s == 0 ? 0 : (double) delivered.sum() / s;
  }

  double ackRatio() {
    long s = sent.sum();
    return s == 0 ? 0 : (double) acked.sum() / s;
  }

  /**
   * The server kept up with the offered rate: at least 99 % of the window's messages were delivered,
   * at 95 % or more of the target rate, with a p99 under a second.
   */
  boolean keptUp() {
    return deliveryRatio() >= 0.99
        && deliveredPerSecond() >= 0.95 * targetPerSecond
        && deliveryLatency.millis(99) < 1000;
  }
}
