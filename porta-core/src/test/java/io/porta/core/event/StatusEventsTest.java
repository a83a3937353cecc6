package io.porta.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.SessionInfo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Online/offline history and status events (issue 4 §3). */
class StatusEventsTest {
  static final Instant NOW = Instant.parse("2025-01-01T00:00:00.123Z");
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final DeviceIdentity DEVICE =
      new DeviceIdentity(new Product("p1", "Meters", "onenet", "secret", ProductOptions.DEFAULTS, NOW), "dev-1");
  static final SessionInfo SESSION =
      new SessionInfo(NOW, NOW, "127.0.0.1:50123", 4, 120, true, "mqtts");

  final List<StoredEvent> stored = new CopyOnWriteArrayList<>();
  final List<DeviceEvent> published = new CopyOnWriteArrayList<>();
  final DeviceEventWriter history =
      event -> {
        stored.add(event);
        return CompletableFuture.completedFuture(null);
      };
  final EventSink sink =
      event -> {
        published.add(event);
        return CompletableFuture.completedFuture(null);
      };
  final StatusEvents status = new StatusEvents(history, sink, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void onlineIsAStatusEntryWithTheConnectionAndNoReason() {
    status.online(DEVICE, SESSION);

    assertThat(stored).hasSize(1);
    StoredEvent e = stored.get(0);
    assertThat(e.device()).isEqualTo(new DeviceKey("p1", "dev-1"));
    assertThat(e.type()).isEqualTo("status");
    assertThat(e.identifier()).isEqualTo("online");
    assertThat(e.timeMs()).isEqualTo(NOW.toEpochMilli());
    JsonNode data = JSON.readTree(e.data());
    assertThat(data.has("reason")).isFalse();
    assertThat(data.get("remoteAddress").stringValue()).isEqualTo("127.0.0.1:50123");
    assertThat(data.get("listener").stringValue()).isEqualTo("mqtts");
    assertThat(data.get("protocolLevel").intValue()).isEqualTo(4);
    assertThat(data.get("keepAlive").intValue()).isEqualTo(120);
    assertThat(data.get("cleanSession").booleanValue()).isTrue();
  }

  @Test
  void offlineCarriesTheDisconnectReasonLabel() {
    status.offline(DEVICE, SESSION, DisconnectReason.TAKEOVER);

    StoredEvent e = stored.get(0);
    assertThat(e.identifier()).isEqualTo("offline");
    JsonNode data = JSON.readTree(e.data());
    assertThat(data.get("reason").stringValue()).isEqualTo("takeover");
    assertThat(data.get("remoteAddress").stringValue()).isEqualTo("127.0.0.1:50123");
  }

  @Test
  void applicationsGetAStatusEventWithTheSameDataAndTheStatus() {
    status.online(DEVICE, SESSION);
    status.offline(DEVICE, SESSION, DisconnectReason.CLIENT_DISCONNECT);

    assertThat(published).hasSize(2);
    for (int i = 0; i < 2; i++) {
      DeviceEvent event = published.get(i);
      assertThat(event.type()).isEqualTo(EventType.STATUS);
      assertThat(event.productId()).isEqualTo("p1");
      assertThat(event.deviceName()).isEqualTo("dev-1");
      assertThat(event.time()).isEqualTo(NOW);
      JsonNode data = JSON.readTree(event.data());
      assertThat(data.get("status").stringValue()).isEqualTo(stored.get(i).identifier());
      // Everything the history entry holds, plus the status.
      JsonNode expected = JSON.readTree(stored.get(i).data());
      assertThat(data.size()).isEqualTo(expected.size() + 1);
      expected.properties().forEach(f -> assertThat(data.get(f.getKey())).isEqualTo(f.getValue()));
    }
    assertThat(JSON.readTree(published.get(1).data()).get("reason").stringValue()).isEqualTo("client_disconnect");
  }

  @Test
  void anEventNobodyWantsIsNotPublishedButTheHistoryIsStillWritten() {
    EventSink nobody =
        new EventSink() {
          @Override
          public boolean wants(String productId, EventType type) {
            return false;
          }

          @Override
          public CompletableFuture<Void> publish(DeviceEvent event) {
            published.add(event);
            return CompletableFuture.completedFuture(null);
          }
        };
    StatusEvents quiet = new StatusEvents(history, nobody, Clock.fixed(NOW, ZoneOffset.UTC));

    quiet.online(DEVICE, SESSION);
    quiet.offline(DEVICE, SESSION, DisconnectReason.TAKEOVER);

    assertThat(stored).extracting(StoredEvent::identifier).containsExactly("online", "offline");
    assertThat(published).isEmpty();
  }

  @Test
  void failedOrThrowingWritersAreLoggedNeverThrown() {
    DeviceEventWriter full =
        event -> CompletableFuture.failedFuture(new RejectedExecutionException("device events queue full"));
    EventSink broken =
        event -> {
          throw new IllegalStateException("sink down");
        };
    StatusEvents failing = new StatusEvents(full, broken, Clock.systemUTC());
    assertThatCode(() -> failing.online(DEVICE, SESSION)).doesNotThrowAnyException();

    DeviceEventWriter throwing =
        event -> {
          throw new IllegalStateException("writer down");
        };
    StatusEvents stillPublishing = new StatusEvents(throwing, sink, Clock.systemUTC());
    assertThatCode(() -> stillPublishing.offline(DEVICE, SESSION, DisconnectReason.CONNECTION_LOST))
        .doesNotThrowAnyException();
    // One failure does not cost the other its event.
    assertThat(published).hasSize(1);
  }
}
