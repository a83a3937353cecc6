package io.porta.store.telemetry;

import static io.porta.store.Fixtures.device;
import static io.porta.store.Fixtures.key;
import static io.porta.store.Fixtures.point;
import static io.porta.store.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.TelemetryQuery;
import io.porta.core.telemetry.TelemetryRepository;
import io.porta.store.StoreTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The group-commit writer and the reads of stored points (api.md "Telemetry"), on every engine. */
public abstract class TelemetryContract extends StoreTestBase {
  protected static final DeviceKey DEV = key("p1", "dev-1");
  private static final DeviceKey OTHER = key("p1", "dev-2");

  protected TelemetryRepository telemetry;

  @BeforeEach
  void registry() {
    db.products().create(product("p1"));
    db.devices().create(device("p1", "dev-1"));
    db.devices().create(device("p1", "dev-2"));
    telemetry = db.telemetry();
  }

  protected BatchingTelemetryWriter writer(TelemetryWriterConfig config) {
    return db.startTelemetryWriter(config);
  }

  @Test
  void oneTransactionCarriesManyDevicesMessagesUpToTheMessageBound() {
    BatchingTelemetryWriter writer = writer(new TelemetryWriterConfig(1000, 20, 1000, 10_000));
    WriterStall stall = WriterStall.stall(writer);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      DeviceKey device = key("p1", "device-" + (i % 10));
      futures.add(writer.append(device, List.of(point("a", i, "1"), point("b", i, "2"), point("c", i, "3"))));
    }
    stall.release();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

    // The stall's own batch, then 20 + 20 + 10 messages.
    assertThat(writer.batchesWritten()).isEqualTo(4);
    assertThat(writer.messagesWritten()).isEqualTo(51);
    assertThat(writer.pointsWritten()).isEqualTo(151);
    assertThat(writer.lastBatchMessages()).isEqualTo(10);
    assertThat(writer.lastBatchPoints()).isEqualTo(30);
    assertThat(writer.queuedMessages()).isZero();
    assertThat(writer.queuedPoints()).isZero();
    for (int d = 0; d < 10; d++) {
      assertThat(all(key("p1", "device-" + d))).hasSize(15);
    }
  }

  @Test
  void aBatchStopsBeforeTheMessageThatWouldExceedThePointBound() {
    BatchingTelemetryWriter writer = writer(new TelemetryWriterConfig(7, 500, 1000, 10_000));
    WriterStall stall = WriterStall.stall(writer);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      futures.add(writer.append(DEV, List.of(point("a", i, "1"), point("b", i, "2"), point("c", i, "3"))));
    }
    // Larger than the bound on its own: written alone, whole.
    List<DataPoint> eight = new ArrayList<>();
    for (int t = 1; t <= 8; t++) {
      eight.add(point("a", t, Integer.toString(t)));
    }
    futures.add(writer.append(OTHER, eight));
    stall.release();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

    // The stall's batch, five batches of two messages (6 points), then the large one.
    assertThat(writer.batchesWritten()).isEqualTo(7);
    assertThat(writer.lastBatchPoints()).isEqualTo(8);
    assertThat(all(DEV)).hasSize(30);
    assertThat(all(OTHER)).hasSize(8);
  }

  @Test
  void aFutureCompletesOnlyOnceItsPointsAreCommitted() {
    BatchingTelemetryWriter writer = writer(TelemetryWriterConfig.DEFAULTS);
    WriterStall stall = WriterStall.stall(writer);
    List<CompletableFuture<List<DataPoint>>> seenAtCompletion = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      DeviceKey device = i % 2 == 0 ? DEV : OTHER;
      long time = 1000 + i;
      CompletableFuture<Void> stored = writer.append(device, List.of(point("s", time, Integer.toString(i))));
      assertThat(stored).isNotDone();
      // Runs the moment the future completes, on another connection than the writer's.
      seenAtCompletion.add(
          stored.thenApply(v -> telemetry.query(new TelemetryQuery(device, "s", time, time, 10, true))));
    }
    assertThat(all(DEV)).isEmpty();

    stall.release();

    for (int i = 0; i < 20; i++) {
      assertThat(seenAtCompletion.get(i).join())
          .containsExactly(point("s", 1000 + i, Integer.toString(i)));
    }
  }

  @Test
  void valuesOfEveryJsonTypeRoundTripExactlyAsText() {
    List<String> values =
        List.of(
            "0",
            "-1",
            "1.50",
            "1e3",
            "-0.0",
            "12345678901234567890.123456789012345678901234567890",
            "\"text\"",
            "\"\"",
            "\"中文 ✓ \uD83D\uDE00 \\\"quoted\\\" \\\\ \\n\"",
            "true",
            "false",
            "null",
            "[]",
            "[1,\"two\",{\"three\":3}]",
            "{}",
            " { \"a\" : [ 1 , 2 , { \"b\" : null } ] ,\n \"c\":\"d\" } ");
    BatchingTelemetryWriter writer = writer(TelemetryWriterConfig.DEFAULTS);
    List<DataPoint> points = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      points.add(point("v", i, values.get(i)));
    }
    writer.append(DEV, points).join();

    assertThat(all(DEV)).extracting(DataPoint::valueJson).containsExactlyElementsOf(values);
  }

  @Test
  void queryFiltersByStreamAndInclusiveTimeBounds() {
    BatchingTelemetryWriter writer = writer(TelemetryWriterConfig.DEFAULTS);
    writer
        .append(
            DEV,
            List.of(
                point("temp", 1000, "1"),
                point("hum", 1000, "50"),
                point("temp", 2000, "2"),
                point("temp", 3000, "3"),
                point("hum", 3000, "51"),
                point("temp", 4000, "4")))
        .join();
    writer.append(OTHER, List.of(point("temp", 2000, "99"))).join();

    assertThat(telemetry.query(new TelemetryQuery(DEV, "temp", 2000L, 3000L, 100, true)))
        .containsExactly(point("temp", 2000, "2"), point("temp", 3000, "3"));
    assertThat(telemetry.query(new TelemetryQuery(DEV, "hum", null, null, 100, true)))
        .containsExactly(point("hum", 1000, "50"), point("hum", 3000, "51"));
    assertThat(telemetry.query(new TelemetryQuery(DEV, null, 3000L, null, 100, true)))
        .extracting(DataPoint::valueJson).containsExactlyInAnyOrder("3", "51", "4");
    assertThat(telemetry.query(new TelemetryQuery(DEV, null, null, 1000L, 100, true)))
        .extracting(DataPoint::valueJson).containsExactlyInAnyOrder("1", "50");
    assertThat(telemetry.query(new TelemetryQuery(DEV, "nope", null, null, 100, true))).isEmpty();
    assertThat(telemetry.query(new TelemetryQuery(key("p1", "nope"), null, null, null, 100, true))).isEmpty();
  }

  @Test
  void queryOrdersByTimeThenArrivalAndLimitsFromTheChosenEnd() {
    BatchingTelemetryWriter writer = writer(TelemetryWriterConfig.DEFAULTS);
    writer.append(DEV, List.of(point("s", 3000, "\"c\""), point("s", 1000, "\"a\""))).join();
    writer.append(DEV, List.of(point("s", 2000, "\"b1\""))).join();
    writer.append(DEV, List.of(point("s", 2000, "\"b2\""))).join();

    assertThat(telemetry.query(new TelemetryQuery(DEV, "s", null, null, 10, true)))
        .extracting(DataPoint::valueJson)
        .containsExactly("\"a\"", "\"b1\"", "\"b2\"", "\"c\"");
    assertThat(telemetry.query(new TelemetryQuery(DEV, "s", null, null, 10, false)))
        .extracting(DataPoint::valueJson)
        .containsExactly("\"c\"", "\"b2\"", "\"b1\"", "\"a\"");
    assertThat(telemetry.query(new TelemetryQuery(DEV, "s", null, null, 2, true)))
        .extracting(DataPoint::valueJson)
        .containsExactly("\"a\"", "\"b1\"");
    assertThat(telemetry.query(new TelemetryQuery(DEV, null, null, null, 3, false)))
        .extracting(DataPoint::valueJson)
        .containsExactly("\"c\"", "\"b2\"", "\"b1\"");
  }

  @Test
  void latestIsTheNewestPointOfEachStreamByTimeThenArrival() {
    BatchingTelemetryWriter writer = writer(TelemetryWriterConfig.DEFAULTS);
    writer.append(DEV, List.of(point("humidity", 100, "1"), point("humidity", 300, "2"))).join();
    // Arrives last but is older: not the latest.
    writer.append(DEV, List.of(point("humidity", 200, "3"))).join();
    writer.append(DEV, List.of(point("Temp", 50, "\"x\""))).join();
    writer.append(DEV, List.of(point("Temp", 50, "\"y\""))).join();
    writer.append(DEV, List.of(point("switch", 10, "true"))).join();
    writer.append(OTHER, List.of(point("humidity", 999, "9"), point("zzz", 1, "0"))).join();

    // Stream names in code-point order: upper case first, on both engines.
    assertThat(telemetry.latest(DEV))
        .containsExactly(point("Temp", 50, "\"y\""), point("humidity", 300, "2"), point("switch", 10, "true"));
    assertThat(telemetry.latest(key("p1", "nope"))).isEmpty();
  }

  @Test
  void aFullQueueFailsTheAppendAtOnceInsteadOfBlocking() {
    BatchingTelemetryWriter writer = writer(new TelemetryWriterConfig(1000, 500, 2, 10_000));
    WriterStall stall = WriterStall.stall(writer);
    CompletableFuture<Void> first = writer.append(DEV, List.of(point("s", 1, "1")));
    CompletableFuture<Void> second = writer.append(DEV, List.of(point("s", 2, "2")));

    CompletableFuture<Void> third = writer.append(DEV, List.of(point("s", 3, "3")));

    assertThat(third).isCompletedExceptionally();
    assertThat(failure(third))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("queue full");
    assertThat(writer.messagesRejected()).isEqualTo(1);
    stall.release();
    first.join();
    second.join();
    assertThat(all(DEV)).extracting(DataPoint::valueJson).containsExactly("1", "2");
  }

  @Test
  void aMessageLargerThanTheQueueBoundIsRefused() {
    BatchingTelemetryWriter writer = writer(new TelemetryWriterConfig(1000, 500, 10, 2));
    List<DataPoint> threePoints = List.of(point("s", 1, "1"), point("s", 2, "2"), point("s", 3, "3"));

    CompletableFuture<Void> big = writer.append(DEV, threePoints);

    assertThat(big).isCompletedExceptionally();
    assertThat(writer.queuedPoints()).isZero();
  }

  @Test
  void closeWritesEverythingAcceptedThenRefusesAppends() {
    BatchingTelemetryWriter writer = writer(TelemetryWriterConfig.DEFAULTS);
    WriterStall stall = WriterStall.stall(writer);
    List<CompletableFuture<Void>> accepted = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      accepted.add(writer.append(i % 2 == 0 ? DEV : OTHER, List.of(point("s", i, Integer.toString(i)))));
    }
    CompletableFuture<Void> closing = CompletableFuture.runAsync(writer::close);
    // Appends are accepted until close() has begun; the accepted ones must be written too.
    CompletableFuture<Void> probe;
    while (!(probe = writer.append(DEV, List.of(point("late", 0, "0")))).isCompletedExceptionally()) {
      accepted.add(probe);
      Thread.onSpinWait();
    }
    assertThat(closing).isNotDone();

    stall.release();
    closing.join();

    assertThat(accepted).allSatisfy(f -> assertThat(f).isCompleted());
    assertThat(all(DEV).size() + all(OTHER).size()).isEqualTo(accepted.size());
    assertThat(all(DEV).stream().filter(p -> p.stream().equals("s"))).hasSize(15);
    CompletableFuture<Void> after = writer.append(DEV, List.of(point("s", 99, "99")));
    assertThat(after).isCompletedExceptionally();
    assertThat(failure(after)).isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void appendOfNoPointsCompletesAtOnce() {
    BatchingTelemetryWriter writer = writer(TelemetryWriterConfig.DEFAULTS);

    assertThat(writer.append(DEV, List.of())).isCompleted();
    assertThat(writer.batchesWritten()).isZero();
  }

  /** All stored points of a device, oldest first. */
  protected List<DataPoint> all(DeviceKey device) {
    return telemetry.query(new TelemetryQuery(device, null, null, null, 10_000, true));
  }

  /** The cause a failed future carries. */
  protected static Throwable failure(CompletableFuture<?> future) {
    try {
      future.join();
      throw new AssertionError("expected a failure");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
