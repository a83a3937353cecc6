package io.porta.store.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The group-commit writer's meters: batch sizes, commit latency, queue depth, failures. */
class GroupCommitWriterMetricsTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final List<List<String>> committed = new ArrayList<>();
  final CountDownLatch gate = new CountDownLatch(1);
  final CountDownLatch entered = new CountDownLatch(1);
  GroupCommitWriter<String> writer;

  @AfterEach
  void close() {
    gate.countDown();
    if (writer != null) {
      writer.close();
    }
  }

  /** A writer whose first transaction waits for the gate; "bad" items fail their transaction. */
  GroupCommitWriter<String> start(String name) {
    GroupCommitWriter.Inserter<String> inserter =
        items -> {
          entered.countDown();
          try {
            gate.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (items.contains("bad")) {
            throw new SQLException("constraint violated");
          }
          synchronized (committed) {
            committed.add(List.copyOf(items));
          }
        };
    writer =
        GroupCommitWriter.start(
            name, "test-writer", new BatchBounds(1000, 100, 1000, 100_000), inserter, s -> 1, s -> s)
            .bindTo(registry);
    return writer;
  }

  @Test
  void recordsEachCommittedTransaction() {
    start("message log");
    CompletableFuture<Void> first = writer.append("a"); // taken at once, waits at the gate
    awaitEntered();
    List<CompletableFuture<Void>> rest = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rest.add(writer.append("m" + i));
    }
    Gauge depth = registry.get("porta.store.queue.depth").tag("writer", "message_log").gauge();
    assertThat(depth.value()).isEqualTo(5.0);
    gate.countDown();
    first.join();
    CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new)).join();

    DistributionSummary sizes = registry.get("porta.store.batch.size").tag("writer", "message_log").summary();
    assertThat(sizes.count()).isEqualTo(2); // "a" alone, then the five queued behind it
    assertThat(sizes.totalAmount()).isEqualTo(6.0);
    assertThat(sizes.max()).isEqualTo(5.0);
    Timer latency = registry.get("porta.store.commit.latency").tag("writer", "message_log").timer();
    assertThat(latency.count()).isEqualTo(2);
    assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(depth.value()).isZero();
  }

  @Test
  void countsFailedItemsAndRecordsTheRetriedOnesThatCommit() {
    start("telemetry");
    CompletableFuture<Void> first = writer.append("a");
    awaitEntered();
    CompletableFuture<Void> good = writer.append("good");
    CompletableFuture<Void> bad = writer.append("bad");
    gate.countDown();
    first.join();
    good.join();
    assertThatThrownBy(bad::join).hasCauseInstanceOf(SQLException.class);

    FunctionCounter failed = registry.get("porta.store.items.failed").tag("writer", "telemetry").functionCounter();
    assertThat(failed.count()).isEqualTo(1.0);
    // "a", then "good" retried alone after its batch with "bad" failed; the failed batch is not a commit.
    DistributionSummary sizes = registry.get("porta.store.batch.size").tag("writer", "telemetry").summary();
    assertThat(sizes.count()).isEqualTo(2);
    assertThat(sizes.totalAmount()).isEqualTo(2.0);
  }

  @Test
  void countsRejectedAppends() {
    start("telemetry");
    writer.close();
    assertThatThrownBy(() -> writer.append("late").join()).isNotNull();
    assertThat(registry.get("porta.store.items.rejected").tag("writer", "telemetry").functionCounter().count())
        .isEqualTo(1.0);
  }

  @Test
  void anUnboundWriterRecordsNothing() {
    GroupCommitWriter<String> unbound =
        GroupCommitWriter.start(
            "telemetry", "test-unbound", new BatchBounds(10, 10, 10, 10), items -> {}, s -> 1, s -> s);
    try {
      unbound.append("x").join();
      assertThat(registry.getMeters()).isEmpty();
    } finally {
      unbound.close();
    }
  }

  /** The writer is inside its first transaction: what is appended now waits for the next one. */
  private void awaitEntered() {
    try {
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
