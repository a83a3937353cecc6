package io.porta.mqtt.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.concurrent.DeferredHandoffs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Completions handed to an event loop: one task per burst, in order, none stranded. */
class LoopBatchTest {
  /** A loop that runs its tasks when told to, like an event loop busy with other work meanwhile. */
  private static final class QueuedLoop implements Executor {
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      for (Runnable t = tasks.poll(); t != null; t = tasks.poll()) {
        t.run();
      }
    }
  }

  @Test
  void itemsAddedBeforeTheLoopRunsAreHandledByOneTaskInOrder() {
    QueuedLoop loop = new QueuedLoop();
    List<List<Integer>> handled = new ArrayList<>();
    LoopBatch<Integer> batch = new LoopBatch<>(loop, handled::add);

    for (int i = 1; i <= 5; i++) {
      assertThat(batch.add(i)).isTrue();
    }

    assertThat(loop.tasks).hasSize(1);
    loop.runAll();
    assertThat(handled).containsExactly(List.of(1, 2, 3, 4, 5));
  }

  @Test
  void anItemAddedWhileTheBatchIsHandledGetsATaskOfItsOwn() {
    QueuedLoop loop = new QueuedLoop();
    List<List<Integer>> handled = new ArrayList<>();
    LoopBatch<Integer>[] self = new LoopBatch[1];
    self[0] = new LoopBatch<>(loop, items -> {
      handled.add(items);
      if (items.contains(1)) {
        self[0].add(2); // e.g. a held publish dispatched while answering, already complete
      }
    });

    self[0].add(1);
    loop.runAll();

    assertThat(handled).containsExactly(List.of(1), List.of(2));
    assertThat(loop.tasks).isEmpty();
  }

  @Test
  void insideABurstTheLoopIsWokenOnceWhenTheBurstEnds() {
    QueuedLoop loop = new QueuedLoop();
    List<List<Integer>> handled = new ArrayList<>();
    LoopBatch<Integer> batch = new LoopBatch<>(loop, handled::add);

    DeferredHandoffs.during(
        () -> {
          batch.add(1);
          loop.runAll(); // the loop has nothing yet: its task waits for the burst to end
          batch.add(2);
          assertThat(loop.tasks).isEmpty();
        });

    assertThat(loop.tasks).hasSize(1);
    loop.runAll();
    assertThat(handled).containsExactly(List.of(1, 2));
  }

  @Test
  void aLoopThatRefusesWorkAtTheEndOfABurstStrandsNothing() {
    List<Runnable> accepted = new ArrayList<>();
    boolean[] refusing = {true};
    List<List<Integer>> handled = new ArrayList<>();
    LoopBatch<Integer> batch = new LoopBatch<>(task -> {
      if (refusing[0]) {
        throw new RejectedExecutionException("shut down");
      }
      accepted.add(task);
    }, handled::add);

    DeferredHandoffs.during(() -> batch.add(1));
    refusing[0] = false;
    assertThat(batch.add(2)).isTrue(); // the refused wake-up was forgotten: this one schedules anew

    accepted.forEach(Runnable::run);
    assertThat(handled).containsExactly(List.of(2));
  }

  @Test
  void aLoopThatRefusesWorkIsReported() {
    LoopBatch<Integer> batch = new LoopBatch<>(task -> {
      throw new RejectedExecutionException("shut down");
    }, items -> {
      throw new AssertionError("nothing runs on a refused loop");
    });

    assertThat(batch.add(1)).isFalse();
  }
}
