package io.porta.store.message;

import static io.porta.store.Fixtures.device;
import static io.porta.store.Fixtures.key;
import static io.porta.store.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.porta.core.message.MessageLogRepository;
import io.porta.core.message.MessageQuery;
import io.porta.core.message.UplinkMessage;
import io.porta.core.model.DeviceKey;
import io.porta.store.StoreTestBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The message log: its group-commit writer, reads and retention, on every engine. */
abstract class MessageLogContract extends StoreTestBase {
  private static final DeviceKey DEV = key("p1", "dev-1");
  private static final DeviceKey OTHER = key("p1", "dev-2");
  private static final DeviceKey P2 = key("p2", "dev-1");

  private MessageLogRepository log;

  @BeforeEach
  void registry() {
    db.products().create(product("p1"));
    db.products().create(product("p2"));
    db.devices().create(device("p1", "dev-1"));
    db.devices().create(device("p1", "dev-2"));
    db.devices().create(device("p2", "dev-1"));
    log = db.messageLog();
  }

  @Test
  void aFutureCompletesOnlyOnceTheMessageIsCommitted() throws Exception {
    BatchingMessageLogWriter writer = db.startMessageLogWriter(MessageLogWriterConfig.DEFAULTS);
    // Hold the writer thread inside the completion of a first message. If the commit beats the
    // callback's registration, the callback runs here instead and must not block: try again.
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Long> seenAtCompletion;
    int attempt = 0;
    while (true) {
      CountDownLatch held = new CountDownLatch(1);
      AtomicBoolean onWriter = new AtomicBoolean();
      seenAtCompletion =
          writer
              .append(OTHER, message("/t", ++attempt, "first"))
              .thenApply(
                  v -> {
                    long seen = count("SELECT COUNT(*) FROM device_messages WHERE device_name = 'dev-2'");
                    onWriter.set(Thread.currentThread().getName().equals(BatchingMessageLogWriter.THREAD_NAME));
                    held.countDown();
                    if (onWriter.get()) {
                      await(release);
                    }
                    return seen;
                  });
      held.await();
      if (onWriter.get()) {
        break;
      }
    }
    int firstMessages = attempt;
    CompletableFuture<Void> second = writer.append(DEV, message("/t", 2, "second"));
    try {
      assertThat(second).isNotDone();
      assertThat(count("SELECT COUNT(*) FROM device_messages WHERE device_name = 'dev-1'")).isZero();
    } finally {
      release.countDown();
    }
    assertThat(seenAtCompletion.join()).isEqualTo(firstMessages);
    second.join();
    assertThat(count("SELECT COUNT(*) FROM device_messages WHERE device_name = 'dev-1'")).isEqualTo(1);
    assertThat(writer.messagesWritten()).isEqualTo(firstMessages + 1);
  }

  @Test
  void manyDevicesMessagesGoInOneTransactionAndRoundTripBinaryPayloads() {
    BatchingMessageLogWriter writer = db.startMessageLogWriter(MessageLogWriterConfig.DEFAULTS);
    byte[] binary = {0, 1, (byte) 0xff, (byte) 0x80, 127};
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    futures.add(writer.append(DEV, new UplinkMessage("/t/bin", 5, binary)));
    futures.add(writer.append(DEV, new UplinkMessage("/t/empty", 6, new byte[0])));
    futures.add(writer.append(P2, message("/t/x", 5, "p2")));
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

    List<UplinkMessage> read = log.query(new MessageQuery(DEV, null, null, null, 10, true));
    assertThat(read).extracting(UplinkMessage::topic).containsExactly("/t/bin", "/t/empty");
    assertThat(read.get(0).payload()).isEqualTo(binary);
    assertThat(read.get(0).timeMs()).isEqualTo(5);
    assertThat(read.get(1).payload()).isEmpty();
    assertThat(texts(P2, null, null, null, 10, true)).containsExactly("p2");
    assertThat(writer.bytesWritten()).isEqualTo(7);
  }

  @Test
  void queryFiltersByTopicAndInclusiveTimeBoundsAndOrdersByTimeThenArrival() {
    BatchingMessageLogWriter writer = db.startMessageLogWriter(MessageLogWriterConfig.DEFAULTS);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    futures.add(writer.append(DEV, message("/a", 30, "a30")));
    futures.add(writer.append(DEV, message("/b", 10, "b10")));
    futures.add(writer.append(DEV, message("/a", 10, "a10")));
    futures.add(writer.append(DEV, message("/a", 20, "a20")));
    futures.add(writer.append(OTHER, message("/a", 20, "other")));
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

    assertThat(texts(DEV, null, null, null, 10, true)).containsExactly("b10", "a10", "a20", "a30");
    assertThat(texts(DEV, null, null, null, 10, false)).containsExactly("a30", "a20", "a10", "b10");
    assertThat(texts(DEV, null, null, null, 2, false)).containsExactly("a30", "a20");
    assertThat(texts(DEV, null, null, null, 2, true)).containsExactly("b10", "a10");
    assertThat(texts(DEV, "/a", null, null, 10, true)).containsExactly("a10", "a20", "a30");
    assertThat(texts(DEV, null, 10L, 20L, 10, true)).containsExactly("b10", "a10", "a20");
    assertThat(texts(DEV, "/a", 20L, null, 10, true)).containsExactly("a20", "a30");
    assertThat(texts(DEV, null, null, 9L, 10, true)).isEmpty();
    assertThatThrownBy(() -> log.query(new MessageQuery(DEV, null, null, null, 0, true)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void purgeDeletesOldMessagesAndAllButTheNewestPerDevice() {
    BatchingMessageLogWriter writer = db.startMessageLogWriter(MessageLogWriterConfig.DEFAULTS);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int t = 1; t <= 5; t++) {
      futures.add(writer.append(DEV, message("/a", 100 + t, "d" + t)));
    }
    // Two with the same time: arrival decides which is newer.
    futures.add(writer.append(OTHER, message("/a", 200, "o1")));
    futures.add(writer.append(OTHER, message("/a", 200, "o2")));
    futures.add(writer.append(P2, message("/a", 50, "old")));
    futures.add(writer.append(P2, message("/a", 300, "new")));
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

    // Older than 100: p2's old one; then DEV keeps its newest 2 and OTHER its newest 2 (all).
    assertThat(log.purge(100, 2)).isEqualTo(1 + 3);
    assertThat(texts(DEV, null, null, null, 10, true)).containsExactly("d4", "d5");
    assertThat(texts(OTHER, null, null, null, 10, true)).containsExactly("o1", "o2");
    assertThat(texts(P2, null, null, null, 10, true)).containsExactly("new");

    assertThat(log.purge(0, 1)).isEqualTo(2);
    assertThat(texts(DEV, null, null, null, 10, true)).containsExactly("d5");
    assertThat(texts(OTHER, null, null, null, 10, true)).containsExactly("o2");
    assertThat(log.purge(0, 1)).isZero();

    assertThat(log.purge(0, 0)).isEqualTo(3);
    assertThat(count("SELECT COUNT(*) FROM device_messages")).isZero();
    assertThatThrownBy(() -> log.purge(0, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deletingADeviceOrAProductRemovesTheirMessages() {
    BatchingMessageLogWriter writer = db.startMessageLogWriter(MessageLogWriterConfig.DEFAULTS);
    CompletableFuture.allOf(
            writer.append(DEV, message("/a", 1, "d")),
            writer.append(OTHER, message("/a", 1, "o")),
            writer.append(P2, message("/a", 1, "p")))
        .join();

    assertThat(db.devices().delete(DEV)).isTrue();
    assertThat(texts(DEV, null, null, null, 10, true)).isEmpty();
    assertThat(texts(OTHER, null, null, null, 10, true)).containsExactly("o");

    assertThat(db.products().delete("p1")).isTrue();
    assertThat(count("SELECT COUNT(*) FROM device_messages WHERE product_id = 'p1'")).isZero();
    assertThat(texts(P2, null, null, null, 10, true)).containsExactly("p");
  }

  @Test
  void aFullQueueOrAClosedWriterFailsTheAppendAtOnce() {
    BatchingMessageLogWriter writer = db.startMessageLogWriter(new MessageLogWriterConfig(1000, 10, 10, 4));

    CompletableFuture<Void> big = writer.append(DEV, message("/a", 1, "12345"));
    assertThat(big).isCompletedExceptionally();
    assertThatThrownBy(big::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(RejectedExecutionException.class);
    assertThat(writer.messagesRejected()).isEqualTo(1);

    CompletableFuture<Void> accepted = writer.append(DEV, message("/a", 1, "ok"));
    db.close();
    assertThat(accepted).isCompleted();
    assertThat(accepted.isCompletedExceptionally()).isFalse();
    assertThat(writer.append(DEV, message("/a", 2, "late"))).isCompletedExceptionally();
  }

  private List<String> texts(DeviceKey device, String topic, Long from, Long to, int limit, boolean ascending) {
    return log.query(new MessageQuery(device, topic, from, to, limit, ascending)).stream()
        .map(m -> new String(m.payload(), StandardCharsets.UTF_8))
        .toList();
  }

  private static UplinkMessage message(String topic, long timeMs, String payload) {
    return new UplinkMessage(topic, timeMs, payload.getBytes(StandardCharsets.UTF_8));
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
