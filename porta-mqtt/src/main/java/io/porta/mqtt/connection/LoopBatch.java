package io.porta.mqtt.connection;

import io.porta.core.concurrent.DeferredHandoffs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Items handed to one event loop from any thread, taken there together: everything added before the
 * loop gets to it is handled by one task, in the order added, instead of one task each (a group
 * commit completes many uploads at once): PUBACKs per event loop, events per application connection.
 */
public final class LoopBatch<T> {
  private final Executor loop;
  private final Consumer<List<T>> handler;
  private final ConcurrentLinkedQueue<T> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Runnable drain = this::drain;
  private final Runnable schedule = this::schedule;

  public LoopBatch(Executor loop, Consumer<List<T>> handler) {
    this.loop = loop;
    this.handler = handler;
  }

  public Executor loop() {
    return loop;
  }

  /**
   * Queues the item for the loop, which is woken at once, or at the end of the adding thread's burst
   * ({@link DeferredHandoffs}: a group commit's completions wake it once). @return false if the loop
   * refused work at once (it is shutting down)
   */
  public boolean add(T item) {
    waiting.add(item);
    if (!scheduled.compareAndSet(false, true)) {
      return true; // a task is on its way and takes this item too
    }
    return DeferredHandoffs.defer(schedule) || schedule();
  }

  /** Hands the drain to the loop. @return false if the loop refused it */
  private boolean schedule() {
    try {
      loop.execute(drain);
      return true;
    } catch (RejectedExecutionException e) {
      waiting.clear(); // the loop is gone, and its connections with it
      scheduled.set(false);
      return false;
    }
  }

  private void drain() {
    // Cleared first: an item added while this runs schedules another task, so none is stranded.
    scheduled.set(false);
    List<T> items = new ArrayList<>();
    for (T item = waiting.poll(); item != null; item = waiting.poll()) {
      items.add(item);
    }
    if (!items.isEmpty()) {
      handler.accept(items);
    }
  }
}
