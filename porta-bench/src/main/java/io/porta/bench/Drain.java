package io.porta.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits, bounded, for the answers to a step's messages after the generator stopped sending. */
final class Drain {
  private Drain() {}

  /** Sleeps until {@code untilNanos}, then polls {@code done} for at most {@code drainSeconds}. */
  static boolean await(long untilNanos, int drainSeconds, BooleanSupplier done) throws InterruptedException {
    long wait = untilNanos - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /**
   * After a step that did not drain: gives the server up to {@code seconds} more to work off its
   * backlog, so that the next step does not start behind (not measured).
   */
  static void recover(int seconds, BooleanSupplier done) throws InterruptedException {
    await(System.nanoTime(), seconds, done);
  }

  /** Every message of the window was acknowledged (or refused by the generator's bound) and delivered. */
  static boolean allAnswered(TrafficStats s) {
    long sent = s.sent.sum() - s.notSent.sum();
    return s.acked.sum() >= sent && s.delivered.sum() >= sent;
  }
}
