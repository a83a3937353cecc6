package io.porta.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Fires the events of an open-loop schedule from the calling thread, each as soon as it is due (late
 * ones at once, keeping their intended time). Returns when the schedule is done.
 */
final class Pacer {
  interface Fire {
    void fire(long k, long intendedNanos);
  }

  private Pacer() {}

  static void run(RateSchedule schedule, Fire fire) {
    while (!schedule.finished()) {
      long now = System.nanoTime();
      if (!schedule.due(now)) {
        LockSupport.parkNanos(Math.min(schedule.intendedNanos(schedule.taken()) - now, 1_000_000));
        continue;
      }
      long k = schedule.take();
      fire.fire(k, schedule.intendedNanos(k));
    }
  }
}
