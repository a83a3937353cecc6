package io.porta.store.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventType;
import io.porta.core.webhook.DeliveryState;
import io.porta.core.webhook.Webhook;
import io.porta.core.webhook.WebhookRepository;
import io.porta.store.StoreTestBase;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Webhooks, their delivery state and the event outbox, on every engine. */
abstract class WebhookStoreContract extends StoreTestBase {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  static Webhook webhook(String id, String productId, Set<EventType> events) {
    return new Webhook(id, "http://127.0.0.1:9/hook", "s3cret-key", productId, events, true, T);
  }

  static DeviceEvent event(String productId, EventType type, long timeMs) {
    return DeviceEvent.of(Instant.ofEpochMilli(timeMs), productId, "dev-1", type, "{\"n\":" + timeMs + "}");
  }

  @Test
  void webhooksAreStoredUpdatedAndDeleted() {
    WebhookRepository repo = db.webhooks();
    repo.create(webhook("wh1", null, EnumSet.of(EventType.DATAPOINTS, EventType.STATUS)), 42);
    repo.create(webhook("wh2", "p1", EnumSet.of(EventType.COMMANDS)), 0);

    assertThat(repo.list()).extracting(Webhook::id).containsExactly("wh1", "wh2");
    Webhook found = repo.find("wh1").orElseThrow();
    assertThat(found.events()).containsExactlyInAnyOrder(EventType.DATAPOINTS, EventType.STATUS);
    assertThat(found.productId()).isNull();
    assertThat(found.secret()).isEqualTo("s3cret-key");
    assertThat(repo.state("wh1").orElseThrow().cursor()).isEqualTo(42);

    Webhook changed = new Webhook("wh1", "https://example.com/x", "other-key", "p2", Set.of(EventType.MESSAGES), false, T);
    assertThat(repo.update(changed)).isTrue();
    assertThat(repo.find("wh1").orElseThrow()).isEqualTo(changed);
    assertThat(repo.update(webhook("nope", null, Set.of(EventType.STATUS)))).isFalse();

    DeliveryState s = new DeliveryState(99, T, T.plusSeconds(1), "HTTP 500", 3, 7);
    repo.saveState("wh1", s);
    assertThat(repo.state("wh1")).contains(s);

    assertThat(repo.delete("wh1")).isTrue();
    assertThat(repo.delete("wh1")).isFalse();
    assertThat(repo.find("wh1")).isEmpty();
  }

  @Test
  void theWriterAssignsIncreasingIdsAndReadsFilterByProductAndType() {
    BatchingEventWriter writer = db.startEventWriter();
    writer.publish(event("p1", EventType.DATAPOINTS, 1000)).join();
    writer.publish(event("p2", EventType.DATAPOINTS, 2000)).join();
    writer.publish(event("p1", EventType.STATUS, 3000)).join();
    writer.publish(event("p1", EventType.DATAPOINTS, 4000)).join();

    var outbox = db.eventOutbox();
    List<DeviceEvent> all = outbox.after(0, null, EnumSet.allOf(EventType.class), 10);
    assertThat(all).extracting(e -> e.time().toEpochMilli()).containsExactly(1000L, 2000L, 3000L, 4000L);
    assertThat(all).extracting(DeviceEvent::id).isSorted().doesNotHaveDuplicates();
    assertThat(all.get(0).data()).isEqualTo("{\"n\":1000}");

    List<DeviceEvent> p1Points = outbox.after(0, "p1", Set.of(EventType.DATAPOINTS), 10);
    assertThat(p1Points).extracting(e -> e.time().toEpochMilli()).containsExactly(1000L, 4000L);
    assertThat(outbox.after(all.get(0).id(), "p1", Set.of(EventType.DATAPOINTS), 10)).hasSize(1);
    assertThat(outbox.after(0, null, EnumSet.allOf(EventType.class), 2)).hasSize(2);
    assertThat(outbox.countAfter(0, "p1", EnumSet.allOf(EventType.class))).isEqualTo(3);

    assertThat(outbox.newestId()).isEqualTo(all.get(3).id());
    assertThat(outbox.oldestId()).isEqualTo(all.get(0).id());
    assertThat(outbox.size()).isEqualTo(4);
    assertThat(outbox.idOfNthOldest(2)).isEqualTo(all.get(1).id());
    assertThat(outbox.newestIdBefore(3000)).isEqualTo(all.get(1).id());
    assertThat(outbox.newestIdBefore(500)).isZero();

    assertThat(outbox.deleteUpTo(all.get(1).id())).isEqualTo(2);
    assertThat(outbox.oldestId()).isEqualTo(all.get(2).id());
  }

  @Test
  void idsAreNeverReusedAfterEverythingWasPurged() throws Exception {
    BatchingEventWriter first = db.startEventWriter();
    first.publish(event("p1", EventType.STATUS, 1)).join();
    long id = db.eventOutbox().newestId();
    db.webhooks().create(webhook("wh1", null, Set.of(EventType.STATUS)), id);
    db.eventOutbox().deleteUpTo(id);
    first.close();

    BatchingEventWriter second = db.startEventWriter();
    second.publish(event("p1", EventType.STATUS, 2)).join();
    assertThat(db.eventOutbox().newestId()).isGreaterThan(id);
  }
}
