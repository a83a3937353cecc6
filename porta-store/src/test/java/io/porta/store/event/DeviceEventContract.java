package io.porta.store.event;

import static io.porta.store.Fixtures.device;
import static io.porta.store.Fixtures.key;
import static io.porta.store.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.porta.core.event.DeviceEventQuery;
import io.porta.core.event.DeviceEventRepository;
import io.porta.core.event.StoredEvent;
import io.porta.core.model.DeviceKey;
import io.porta.store.StoreTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The device event history: its group-commit writer, reads and retention, on every engine. */
abstract class DeviceEventContract extends StoreTestBase {
  private static final DeviceKey DEV = key("p1", "dev-1");
  private static final DeviceKey OTHER = key("p1", "dev-2");
  private static final DeviceKey P2 = key("p2", "dev-1");

  private DeviceEventRepository events;

  @BeforeEach
  void registry() {
    db.products().create(product("p1"));
    db.products().create(product("p2"));
    db.devices().create(device("p1", "dev-1"));
    db.devices().create(device("p1", "dev-2"));
    db.devices().create(device("p2", "dev-1"));
    events = db.deviceEvents();
  }

  @Test
  void aFutureCompletesOnlyOnceTheEventIsCommitted() throws Exception {
    BatchingDeviceEventWriter writer = db.startDeviceEventWriter(DeviceEventWriterConfig.DEFAULTS);
    // Hold the writer thread inside the completion of a first event.
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Long> seenAtCompletion =
        writer
            .append(status(OTHER, 1, "online", "{}"))
            .thenApply(
                v -> {
                  long seen = count("SELECT COUNT(*) FROM device_events WHERE device_name = 'dev-2'");
                  held.countDown();
                  await(release);
                  return seen;
                });
    held.await();
    CompletableFuture<Void> second = writer.append(status(DEV, 2, "online", "{}"));
    try {
      assertThat(second).isNotDone();
      assertThat(count("SELECT COUNT(*) FROM device_events WHERE device_name = 'dev-1'")).isZero();
    } finally {
      release.countDown();
    }
    assertThat(seenAtCompletion.join()).isEqualTo(1);
    second.join();
    assertThat(count("SELECT COUNT(*) FROM device_events WHERE device_name = 'dev-1'")).isEqualTo(1);
    assertThat(writer.eventsWritten()).isEqualTo(2);
  }

  @Test
  void eventsRoundTripWithTheirTypeIdentifierAndData() {
    BatchingDeviceEventWriter writer = db.startDeviceEventWriter(DeviceEventWriterConfig.DEFAULTS);
    String data = "{\"reason\":\"takeover\",\"remoteAddress\":\"127.0.0.1:5000\",\"note\":\"温度\"}";
    CompletableFuture.allOf(
            writer.append(status(DEV, 5, "offline", data)),
            writer.append(new StoredEvent(DEV, "event", 6, "alarm", "{\"level\":3}")),
            writer.append(status(P2, 5, "online", "{}")))
        .join();

    List<StoredEvent> read = query(DEV, null, null, null, 10);
    assertThat(read)
        .containsExactly(
            new StoredEvent(DEV, "event", 6, "alarm", "{\"level\":3}"), status(DEV, 5, "offline", data));
    assertThat(query(P2, null, null, null, 10)).containsExactly(status(P2, 5, "online", "{}"));
  }

  @Test
  void queryFiltersByTypeAndInclusiveTimeBoundsNewestFirstEqualTimesByArrival() {
    events.append(
        List.of(
            status(DEV, 30, "online", "{\"n\":30}"),
            status(DEV, 10, "online", "{\"n\":1}"),
            status(DEV, 10, "offline", "{\"n\":2}"),
            new StoredEvent(DEV, "event", 20, "alarm", "{\"n\":20}"),
            status(OTHER, 20, "online", "{}")));

    assertThat(ids(query(DEV, null, null, null, 10))).containsExactly("30", "20", "2", "1");
    assertThat(ids(query(DEV, null, null, null, 2))).containsExactly("30", "20");
    assertThat(ids(query(DEV, "status", null, null, 10))).containsExactly("30", "2", "1");
    assertThat(ids(query(DEV, "event", null, null, 10))).containsExactly("20");
    assertThat(ids(query(DEV, null, 10L, 20L, 10))).containsExactly("20", "2", "1");
    assertThat(ids(query(DEV, "status", 20L, null, 10))).containsExactly("30");
    assertThat(ids(query(DEV, null, null, 9L, 10))).isEmpty();
    assertThat(query(DEV, "nothing", null, null, 10)).isEmpty();
    assertThatThrownBy(() -> events.query(new DeviceEventQuery(DEV, null, null, null, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void purgeDeletesOldEventsAndAllButTheNewestPerDevice() {
    List<StoredEvent> batch = new ArrayList<>();
    for (int t = 1; t <= 5; t++) {
      batch.add(status(DEV, 100 + t, "online", "{\"n\":" + t + "}"));
    }
    // Two with the same time: arrival decides which is newer.
    batch.add(status(OTHER, 200, "offline", "{\"n\":1}"));
    batch.add(status(OTHER, 200, "online", "{\"n\":2}"));
    batch.add(status(P2, 50, "online", "{\"n\":\"old\"}"));
    batch.add(status(P2, 300, "online", "{\"n\":\"new\"}"));
    events.append(batch);

    // Older than 100: p2's old one; then DEV keeps its newest 2 and OTHER its newest 2 (all).
    assertThat(events.purge(100, 2)).isEqualTo(1 + 3);
    assertThat(ids(query(DEV, null, null, null, 10))).containsExactly("5", "4");
    assertThat(ids(query(OTHER, null, null, null, 10))).containsExactly("2", "1");
    assertThat(ids(query(P2, null, null, null, 10))).containsExactly("\"new\"");

    assertThat(events.purge(0, 1)).isEqualTo(2);
    assertThat(ids(query(DEV, null, null, null, 10))).containsExactly("5");
    assertThat(ids(query(OTHER, null, null, null, 10))).containsExactly("2");
    assertThat(events.purge(0, 1)).isZero();

    assertThat(events.purge(0, 0)).isEqualTo(3);
    assertThat(count("SELECT COUNT(*) FROM device_events")).isZero();
    assertThatThrownBy(() -> events.purge(0, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deletingADeviceOrAProductRemovesTheirEvents() {
    events.append(List.of(status(DEV, 1, "online", "{}"), status(OTHER, 1, "online", "{}"), status(P2, 1, "online", "{}")));

    assertThat(db.devices().delete(DEV)).isTrue();
    assertThat(query(DEV, null, null, null, 10)).isEmpty();
    assertThat(query(OTHER, null, null, null, 10)).hasSize(1);

    assertThat(db.products().delete("p1")).isTrue();
    assertThat(count("SELECT COUNT(*) FROM device_events WHERE product_id = 'p1'")).isZero();
    assertThat(query(P2, null, null, null, 10)).hasSize(1);
  }

  @Test
  void aFullQueueOrAClosedWriterFailsTheAppendAtOnce() {
    BatchingDeviceEventWriter writer = db.startDeviceEventWriter(new DeviceEventWriterConfig(1000, 10, 10, 4));

    CompletableFuture<Void> big = writer.append(status(DEV, 1, "online", "{\"a\":1}"));
    assertThat(big).isCompletedExceptionally();
    assertThatThrownBy(big::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(RejectedExecutionException.class);
    assertThat(writer.eventsRejected()).isEqualTo(1);

    CompletableFuture<Void> accepted = writer.append(status(DEV, 1, "online", "{}"));
    db.close();
    assertThat(accepted).isCompleted();
    assertThat(accepted.isCompletedExceptionally()).isFalse();
    assertThat(writer.append(status(DEV, 2, "offline", "{}"))).isCompletedExceptionally();
  }

  private List<StoredEvent> query(DeviceKey device, String type, Long from, Long to, int limit) {
    return events.query(new DeviceEventQuery(device, type, from, to, limit));
  }

  /** The {@code n} of each event's data, which the tests use to tell events apart. */
  private static List<String> ids(List<StoredEvent> read) {
    return read.stream().map(e -> e.data().replaceAll("^\\{\"n\":(.*)}$", "$1")).toList();
  }

  private static StoredEvent status(DeviceKey device, long timeMs, String identifier, String data) {
    return new StoredEvent(device, "status", timeMs, identifier, data);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
