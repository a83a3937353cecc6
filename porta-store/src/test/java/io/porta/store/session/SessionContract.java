package io.porta.store.session;

import static io.porta.store.Fixtures.device;
import static io.porta.store.Fixtures.key;
import static io.porta.store.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.porta.core.model.DeviceKey;
import io.porta.core.session.EnqueueResult;
import io.porta.core.session.PersistentSessionRepository;
import io.porta.core.session.QueuedMessage;
import io.porta.core.session.StoredSubscription;
import io.porta.store.StoreTestBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Persistent sessions (cleanSession = 0), on every engine. */
abstract class SessionContract extends StoreTestBase {
  private static final DeviceKey DEV = key("p1", "dev-1");
  private static final DeviceKey OTHER = key("p1", "dev-2");
  private static final long NOW = 1_700_000_000_000L;

  private PersistentSessionRepository sessions;

  @BeforeEach
  void registry() {
    db.products().create(product("p1"));
    db.products().create(product("p2"));
    db.devices().create(device("p1", "dev-1"));
    db.devices().create(device("p1", "dev-2"));
    db.devices().create(device("p2", "dev-1"));
    sessions = db.persistentSessions();
  }

  @Test
  void openReportsWhetherASessionWasPresent() {
    assertThat(sessions.exists(DEV)).isFalse();
    assertThat(sessions.open(DEV, NOW)).isFalse();
    assertThat(sessions.exists(DEV)).isTrue();
    assertThat(sessions.open(DEV, NOW + 1)).isTrue();
    assertThat(sessions.exists(OTHER)).isFalse();
    assertThat(count("SELECT opened_at FROM device_sessions WHERE device_name = 'dev-1'")).isEqualTo(NOW + 1);
  }

  @Test
  void sessionsOfListsEveryStoredSessionOfOneProductWithItsSubscriptions() {
    DeviceKey app = key("$app", "a1/client-1");
    DeviceKey bare = key("$app", "a1/client-2");
    sessions.open(app, NOW);
    sessions.open(bare, NOW);
    sessions.open(DEV, NOW);
    sessions.putSubscription(app, new StoredSubscription("$app/p1/+/dp", 1));
    sessions.putSubscription(app, new StoredSubscription("$app/p1/+/status", 0));
    sessions.putSubscription(DEV, new StoredSubscription("/p1/dev-1/user/a", 0));

    assertThat(sessions.sessionsOf("$app"))
        .containsOnlyKeys("a1/client-1", "a1/client-2")
        .containsEntry(
            "a1/client-1",
            List.of(new StoredSubscription("$app/p1/+/dp", 1), new StoredSubscription("$app/p1/+/status", 0)))
        .containsEntry("a1/client-2", List.of());
    assertThat(sessions.sessionsOf("p2")).isEmpty();
  }

  @Test
  void subscriptionsAreAddedReplacedAndRemoved() {
    sessions.open(DEV, NOW);
    sessions.putSubscription(DEV, new StoredSubscription("/p1/dev-1/user/b", 1));
    sessions.putSubscription(DEV, new StoredSubscription("/p1/dev-1/user/a", 0));
    sessions.putSubscription(DEV, new StoredSubscription("/p1/dev-1/user/b", 0));
    sessions.open(OTHER, NOW);
    sessions.putSubscription(OTHER, new StoredSubscription("/p1/dev-2/#", 1));

    assertThat(sessions.subscriptions(DEV))
        .containsExactly(new StoredSubscription("/p1/dev-1/user/a", 0), new StoredSubscription("/p1/dev-1/user/b", 0));

    sessions.removeSubscription(DEV, "/p1/dev-1/user/a");
    sessions.removeSubscription(DEV, "absent");
    assertThat(sessions.subscriptions(DEV)).containsExactly(new StoredSubscription("/p1/dev-1/user/b", 0));
    assertThat(sessions.subscriptions(OTHER)).containsExactly(new StoredSubscription("/p1/dev-2/#", 1));
  }

  @Test
  void queuedMessagesRoundTripInIdOrderWithIncreasingIds() {
    sessions.open(DEV, NOW);
    byte[] binary = {0, 1, (byte) 0xff, (byte) 0x80, 127};
    EnqueueResult first = sessions.enqueue(DEV, "/t/a", bytes("one"), 1, NOW, 10);
    EnqueueResult second = sessions.enqueue(DEV, "/t/b", binary, 1, NOW, 10);
    // An earlier clock still gets a later id: delivery order is enqueue order.
    EnqueueResult third = sessions.enqueue(DEV, "/t/c", new byte[0], 0, NOW - 5000, 10);

    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(third.id()).isGreaterThan(second.id());
    assertThat(List.of(first.dropped(), second.dropped(), third.dropped())).containsOnly(0);
    List<QueuedMessage> pending = sessions.pending(DEV, 0, 10);
    assertThat(pending).extracting(QueuedMessage::id).containsExactly(first.id(), second.id(), third.id());
    assertThat(pending).extracting(QueuedMessage::topic).containsExactly("/t/a", "/t/b", "/t/c");
    assertThat(pending.get(0).payload()).isEqualTo(bytes("one"));
    assertThat(pending.get(1).payload()).isEqualTo(binary);
    assertThat(pending.get(2).payload()).isEmpty();
    assertThat(pending).extracting(QueuedMessage::qos).containsExactly(1, 1, 0);
    assertThat(pending).extracting(QueuedMessage::createdAtMs).containsExactly(NOW, NOW, NOW - 5000);
    assertThat(pending).extracting(QueuedMessage::sent).containsOnly(false);
    assertThat(sessions.pending(DEV, 0, 2)).extracting(QueuedMessage::id).containsExactly(first.id(), second.id());
    assertThat(sessions.pending(OTHER, 0, 10)).isEmpty();
    // Paging: after a message, the ones queued later.
    assertThat(sessions.pending(DEV, first.id(), 10)).extracting(QueuedMessage::id).containsExactly(second.id(), third.id());
    assertThat(sessions.pending(DEV, third.id(), 10)).isEmpty();
  }

  @Test
  void idsAreNotReusedAfterTheQueueRanEmpty() {
    sessions.open(DEV, NOW);
    EnqueueResult first = sessions.enqueue(DEV, "/t", bytes("1"), 1, NOW, 10);
    sessions.acknowledge(DEV, first.id());
    EnqueueResult second = sessions.enqueue(DEV, "/t", bytes("2"), 1, NOW + 1, 10);
    assertThat(second.id()).isGreaterThan(first.id());
  }

  @Test
  void markSentAndAcknowledge() {
    sessions.open(DEV, NOW);
    long a = sessions.enqueue(DEV, "/t", bytes("a"), 1, NOW, 10).id();
    long b = sessions.enqueue(DEV, "/t", bytes("b"), 1, NOW, 10).id();
    long c = sessions.enqueue(DEV, "/t", bytes("c"), 1, NOW, 10).id();

    sessions.markSent(DEV, b);
    sessions.markSent(OTHER, a);
    assertThat(sessions.pending(DEV, 0, 10)).extracting(QueuedMessage::sent).containsExactly(false, true, false);

    sessions.acknowledge(DEV, b);
    sessions.acknowledge(OTHER, a);
    sessions.acknowledge(DEV, 12345);
    assertThat(sessions.pending(DEV, 0, 10)).extracting(QueuedMessage::id).containsExactly(a, c);
  }

  @Test
  void enqueueDropsTheOldestBeyondTheCapInTheSameTransaction() {
    sessions.open(DEV, NOW);
    sessions.open(OTHER, NOW);
    sessions.enqueue(OTHER, "/t", bytes("other"), 1, NOW, 3);
    for (int i = 1; i <= 3; i++) {
      assertThat(sessions.enqueue(DEV, "/t", bytes("m" + i), 1, NOW + i, 3).dropped()).isZero();
    }

    EnqueueResult fourth = sessions.enqueue(DEV, "/t", bytes("m4"), 1, NOW + 4, 3);
    assertThat(fourth.dropped()).isEqualTo(1);
    assertThat(payloads(DEV)).containsExactly("m2", "m3", "m4");

    // A lower cap drops several at once.
    EnqueueResult fifth = sessions.enqueue(DEV, "/t", bytes("m5"), 1, NOW + 5, 1);
    assertThat(fifth.dropped()).isEqualTo(3);
    assertThat(sessions.pending(DEV, 0, 10)).extracting(QueuedMessage::id).containsExactly(fifth.id());
    assertThat(payloads(DEV)).containsExactly("m5");
    assertThat(payloads(OTHER)).containsExactly("other");

    assertThatThrownBy(() -> sessions.enqueue(DEV, "/t", bytes("x"), 1, NOW, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void purgeMessagesOlderThanTheCutoff() {
    sessions.open(DEV, NOW);
    sessions.open(OTHER, NOW);
    sessions.enqueue(DEV, "/t", bytes("old"), 1, NOW - 100, 10);
    sessions.enqueue(OTHER, "/t", bytes("old"), 1, NOW - 1, 10);
    sessions.enqueue(DEV, "/t", bytes("new"), 1, NOW, 10);

    assertThat(sessions.purgeMessagesOlderThan(NOW)).isEqualTo(2);

    assertThat(payloads(DEV)).containsExactly("new");
    assertThat(payloads(OTHER)).isEmpty();
    assertThat(sessions.exists(OTHER)).isTrue();
  }

  @Test
  void purgeSessionsIdleSinceTakesTheirSubscriptionsAndQueues() {
    sessions.open(DEV, NOW - 100);
    sessions.putSubscription(DEV, new StoredSubscription("/a", 1));
    sessions.enqueue(DEV, "/a", bytes("x"), 1, NOW - 100, 10);
    sessions.open(OTHER, NOW - 100);
    sessions.putSubscription(OTHER, new StoredSubscription("/b", 1));
    sessions.enqueue(OTHER, "/b", bytes("y"), 1, NOW - 100, 10);
    sessions.open(OTHER, NOW); // reopened: not idle

    assertThat(sessions.purgeSessionsIdleSince(NOW)).isEqualTo(1);
    assertThat(sessions.purgeSessionsIdleSince(NOW)).isZero();

    assertThat(sessions.exists(DEV)).isFalse();
    assertThat(sessions.subscriptions(DEV)).isEmpty();
    assertThat(sessions.pending(DEV, 0, 10)).isEmpty();
    assertThat(sessions.exists(OTHER)).isTrue();
    assertThat(sessions.subscriptions(OTHER)).containsExactly(new StoredSubscription("/b", 1));
    assertThat(payloads(OTHER)).containsExactly("y");
  }

  @Test
  void discardForgetsTheSessionItsSubscriptionsAndQueue() {
    sessions.open(DEV, NOW);
    sessions.putSubscription(DEV, new StoredSubscription("/a", 1));
    sessions.enqueue(DEV, "/a", bytes("x"), 1, NOW, 10);
    sessions.open(OTHER, NOW);
    sessions.putSubscription(OTHER, new StoredSubscription("/a", 1));

    sessions.discard(DEV);

    assertThat(sessions.exists(DEV)).isFalse();
    assertThat(sessions.subscriptions(DEV)).isEmpty();
    assertThat(sessions.pending(DEV, 0, 10)).isEmpty();
    assertThat(sessions.subscriptions(OTHER)).hasSize(1);
    assertThat(sessions.open(DEV, NOW)).isFalse();
  }

  @Test
  void deletingADeviceOrAProductRemovesTheirSessions() {
    DeviceKey p2 = key("p2", "dev-1");
    for (DeviceKey d : List.of(DEV, OTHER, p2)) {
      sessions.open(d, NOW);
      sessions.putSubscription(d, new StoredSubscription("/a", 1));
      sessions.enqueue(d, "/a", bytes("x"), 1, NOW, 10);
    }

    assertThat(db.devices().delete(DEV)).isTrue();
    assertThat(sessions.exists(DEV)).isFalse();
    assertThat(sessions.subscriptions(DEV)).isEmpty();
    assertThat(sessions.pending(DEV, 0, 10)).isEmpty();
    assertThat(sessions.exists(OTHER)).isTrue();

    assertThat(db.products().delete("p1")).isTrue();
    assertThat(count("SELECT COUNT(*) FROM device_sessions WHERE product_id = 'p1'")).isZero();
    assertThat(count("SELECT COUNT(*) FROM session_subscriptions WHERE product_id = 'p1'")).isZero();
    assertThat(count("SELECT COUNT(*) FROM session_queue WHERE product_id = 'p1'")).isZero();
    assertThat(sessions.exists(p2)).isTrue();
    assertThat(sessions.pending(p2, 0, 10)).hasSize(1);
  }

  private List<String> payloads(DeviceKey device) {
    return sessions.pending(device, 0, 100).stream()
        .map(m -> new String(m.payload(), StandardCharsets.UTF_8))
        .toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
