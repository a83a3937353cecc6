package io.porta.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.message.UplinkMessage;
import io.porta.core.model.DeviceKey;
import io.porta.core.telemetry.DataPoint;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventPublishingWritersTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final DeviceKey DEV = new DeviceKey("p1", "dev-1");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  final List<DeviceEvent> published = new ArrayList<>();
  final CompletableFuture<Void> queued = new CompletableFuture<>();
  final EventSink sink =
      e -> {
        published.add(e);
        return queued;
      };

  @Test
  void anUploadCompletesOnlyWhenStoredAndQueued() {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    var writer = new EventPublishingTelemetryWriter((d, p) -> stored, sink, CLOCK);

    CompletableFuture<Void> done =
        writer.append(DEV, List.of(new DataPoint("temp", 1000, "25.5"), new DataPoint("cfg\"x", 2000, "{\"a\":[1]}")));
    assertThat(published).as("no event before the points are stored").isEmpty();
    stored.complete(null);
    assertThat(done).isNotDone();
    queued.complete(null);
    assertThat(done).isCompleted();

    DeviceEvent e = published.get(0);
    assertThat(e.type()).isEqualTo(EventType.DATAPOINTS);
    assertThat(e.productId()).isEqualTo("p1");
    assertThat(e.deviceName()).isEqualTo("dev-1");
    JsonNode data = JSON.readTree(e.data());
    assertThat(data.get("points").get(0).get("stream").asString()).isEqualTo("temp");
    assertThat(data.get("points").get(0).get("value").asDouble()).isEqualTo(25.5);
    assertThat(data.get("points").get(1).get("stream").asString()).isEqualTo("cfg\"x");
    assertThat(data.get("points").get(1).get("value").get("a").get(0).asInt()).isEqualTo(1);
    assertThat(data.get("points").get(1).get("time").asLong()).isEqualTo(2000);
  }

  @Test
  void aFailedEventFailsTheUpload() {
    var writer = new EventPublishingTelemetryWriter((d, p) -> CompletableFuture.completedFuture(null), sink, CLOCK);
    CompletableFuture<Void> done = writer.append(DEV, List.of(new DataPoint("t", 1, "1")));
    queued.completeExceptionally(new IllegalStateException("outbox full"));
    assertThat(done).isCompletedExceptionally();
  }

  @Test
  void aFailedStoreFailsTheUploadAndPublishesNothing() {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    var points = new EventPublishingTelemetryWriter((d, p) -> stored, sink, CLOCK);
    var messages = new EventPublishingMessageLogWriter((d, m) -> stored, sink);
    CompletableFuture<Void> upload = points.append(DEV, List.of(new DataPoint("t", 1, "1")));
    CompletableFuture<Void> uplink = messages.append(DEV, new UplinkMessage("/p1/dev-1/update", 5, new byte[] {1}));
    stored.completeExceptionally(new IllegalStateException("disk full"));
    assertThat(upload).isCompletedExceptionally();
    assertThat(uplink).isCompletedExceptionally();
    assertThat(published).isEmpty();
  }

  @Test
  void messagesCarryTextOrBase64() {
    var writer = new EventPublishingMessageLogWriter((d, m) -> CompletableFuture.completedFuture(null), sink);
    writer.append(DEV, new UplinkMessage("/p1/dev-1/update", 5, "héllo\n".getBytes(StandardCharsets.UTF_8)));
    writer.append(DEV, new UplinkMessage("/p1/dev-1/update", 6, new byte[] {(byte) 0xff, 0}));

    JsonNode text = JSON.readTree(published.get(0).data());
    assertThat(text.get("topic").asString()).isEqualTo("/p1/dev-1/update");
    assertThat(text.get("payload").asString()).isEqualTo("héllo\n");
    assertThat(text.get("encoding").asString()).isEqualTo("text");
    JsonNode binary = JSON.readTree(published.get(1).data());
    assertThat(binary.get("encoding").asString()).isEqualTo("base64");
    assertThat(binary.get("payload").asString()).isEqualTo("/wA=");
    assertThat(published.get(1).time().toEpochMilli()).isEqualTo(6);
    assertThat(published.get(1).type()).isEqualTo(EventType.MESSAGES);
  }

  /** A sink that takes the events of one product only, and says so. */
  final class ProductSink implements EventSink {
    final String productId;
    final List<DeviceEvent> received = new ArrayList<>();

    ProductSink(String productId) {
      this.productId = productId;
    }

    @Override
    public boolean wants(String product, EventType type) {
      return productId.equals(product);
    }

    @Override
    public CompletableFuture<Void> publish(DeviceEvent event) {
      received.add(event);
      return CompletableFuture.completedFuture(null);
    }
  }

  @Test
  void noEventIsBuiltWhenNoPushChannelWantsIt() {
    ProductSink other = new ProductSink("p2");
    CompletableFuture<Void> stored = new CompletableFuture<>();
    List<List<DataPoint>> storedPoints = new ArrayList<>();
    var points =
        new EventPublishingTelemetryWriter(
            (d, p) -> {
              storedPoints.add(p);
              return stored;
            },
            other,
            CLOCK);
    var messages = new EventPublishingMessageLogWriter((d, m) -> stored, other);

    CompletableFuture<Void> upload = points.append(DEV, List.of(new DataPoint("t", 1, "1")));
    CompletableFuture<Void> uplink = messages.append(DEV, new UplinkMessage("/p1/dev-1/update", 5, new byte[] {1}));
    assertThat(upload).as("still only once stored").isNotDone();
    stored.complete(null);

    assertThat(upload).isCompleted();
    assertThat(uplink).isCompleted();
    assertThat(storedPoints).containsExactly(List.of(new DataPoint("t", 1, "1")));
    assertThat(other.received).isEmpty();
    assertThat(EventSink.NONE.wants("p1", EventType.DATAPOINTS)).isFalse();
  }

  @Test
  void bothSinksWantWhatEitherWantsAndEachGetsTheEvent() {
    ProductSink p1 = new ProductSink("p1");
    ProductSink p2 = new ProductSink("p2");
    EventSink both = EventSink.both(p1, p2);
    assertThat(both.wants("p1", EventType.DATAPOINTS)).isTrue();
    assertThat(both.wants("p2", EventType.DATAPOINTS)).isTrue();
    assertThat(both.wants("p3", EventType.DATAPOINTS)).isFalse();

    var writer = new EventPublishingTelemetryWriter((d, p) -> CompletableFuture.completedFuture(null), both, CLOCK);
    assertThat(writer.append(DEV, List.of(new DataPoint("t", 1, "1")))).isCompleted();
    writer.append(new DeviceKey("p3", "dev-3"), List.of(new DataPoint("t", 1, "1")));
    assertThat(p1.received).singleElement().extracting(DeviceEvent::deviceName).isEqualTo("dev-1");
    assertThat(p2.received).as("both sinks get a wanted event").hasSize(1);
  }
}
