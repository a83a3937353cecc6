package io.porta.core.concurrent;

import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hand-offs to other threads (waking an event loop) held back until the current thread has finished a
 * burst of work. A group commit completes hundreds of uploads at once; waking a loop for each costs a
 * system call and, on a busy core, a switch to the loop and back, which the p2p profile showed costing
 * more than the completions themselves. Inside {@link #during} a hand-off given to {@link #defer} is
 * queued and runs, in order, when the burst ends; outside one the caller hands off at once. Per thread; nothing is shared.
 */
public final class DeferredHandoffs {
  private static final Logger LOG = LoggerFactory.getLogger(DeferredHandoffs.class);
  private static final ThreadLocal<ArrayList<Runnable>> PENDING = new ThreadLocal<>();

  private DeferredHandoffs() {}

  /** Runs the burst, then the hand-offs it queued, also when it throws. Nested bursts join the outer one. */
  public static void during(Runnable burst) {
    if (PENDING.get() != null) {
      burst.run();
      return;
    }
    ArrayList<Runnable> pending = new ArrayList<>();
    PENDING.set(pending);
    try {
      burst.run();
    } finally {
      PENDING.remove();
      for (Runnable handoff : pending) {
        try {
          handoff.run();
        } catch (RuntimeException e) { // one failed hand-off must not strand the others
          LOG.error("hand-off failed", e);
        }
      }
    }
  }

  /**
   * Queues the hand-off for the end of this thread's burst. @return false when the thread is in no
   * burst: then nothing was queued and the caller hands off now
   */
  public static boolean defer(Runnable handoff) {
    ArrayList<Runnable> pending = PENDING.get();
    if (pending == null) {
      return false;
    }
    pending.add(handoff);
    return true;
  }
}
