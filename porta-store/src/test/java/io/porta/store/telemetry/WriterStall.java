package io.porta.store.telemetry;

import static io.porta.store.Fixtures.key;
import static io.porta.store.Fixtures.point;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds the writer thread inside a completion callback (futures complete on that thread), so a test
 * can queue messages and know exactly what the next batches hold, without sleeping.
 */
final class WriterStall {
  private final CountDownLatch released = new CountDownLatch(1);

  private WriterStall() {}

  /** Returns once the writer thread is held; its one-point stall message is committed. */
  static WriterStall stall(BatchingTelemetryWriter writer) {
    WriterStall stall = new WriterStall();
    while (true) {
      CountDownLatch ran = new CountDownLatch(1);
      AtomicBoolean onWriterThread = new AtomicBoolean();
      CompletableFuture<Void> stored = writer.append(key("p1", "stall"), List.of(point("stall", 0, "0")));
      stored.thenRun(
          () -> {
            onWriterThread.set(Thread.currentThread().getName().equals(BatchingTelemetryWriter.THREAD_NAME));
            ran.countDown();
            if (onWriterThread.get()) {
              stall.awaitRelease();
            }
          });
      // If the commit beat the callback's registration, the callback ran here instead: try again.
      stall.await(ran);
      if (onWriterThread.get()) {
        return stall;
      }
    }
  }

  void release() {
    released.countDown();
  }

  private void awaitRelease() {
    await(released);
  }

  private void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
