package io.porta.core.dialect.aliyun;

import static io.porta.core.dialect.aliyun.AliyunFixture.DN;
import static io.porta.core.dialect.aliyun.AliyunFixture.PK;
import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.command.CommandResult;
import io.porta.core.dialect.InboundPublish;
import io.porta.core.dialect.PublishResult;
import io.porta.core.model.DeviceKey;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.testing.FakeDeviceLink;
import io.porta.core.thing.ThingRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Alink thing model a device publishes (protocols.md B.6). */
class AliyunThingTest {
  static final String SYS = "/sys/" + PK + "/" + DN + "/";
  static final DeviceKey KEY = new DeviceKey(PK, DN);
  static final JsonMapper JSON = JsonMapper.builder().build();

  final AliyunFixture f = new AliyunFixture();
  final FakeDeviceLink link = f.link();

  @AfterEach
  void close() {
    f.close();
  }

  CompletableFuture<PublishResult> publish(String path, String payload) {
    CompletionStage<PublishResult> s =
        f.dialect.onPublish(link, new InboundPublish(SYS + path, 1, false, false, payload.getBytes(StandardCharsets.UTF_8)));
    return s.toCompletableFuture();
  }

  static JsonNode json(OutboundMessage m) {
    return JSON.readTree(m.payload());
  }

  @Test
  void propertyPostIsAcknowledgedAndRepliedOnlyOnceStored() {
    CompletableFuture<PublishResult> r =
        publish("thing/event/property/post", "{\"id\":\"123\",\"version\":\"1.0\",\"params\":{\"Power\":{\"value\":\"on\",\"time\":1524448722000}},\"method\":\"thing.event.property.post\"}");
    assertThat(r).isNotDone();
    assertThat(f.telemetry.last().points()).containsExactly(new DataPoint("Power", 1524448722000L, "\"on\""));
    f.telemetry.last().commit().complete(null);
    PublishResult done = r.join();
    assertThat(done.replies()).singleElement().satisfies(m -> {
      assertThat(m.topic()).isEqualTo(SYS + "thing/event/property/post_reply");
      assertThat(json(m)).isEqualTo(JSON.readTree("{\"id\":\"123\",\"code\":200,\"message\":\"success\",\"data\":{}}"));
    });
    assertThat(f.messages.appends).as("not in the message log").isEmpty();
  }

  @Test
  void sysAck0StoresWithoutAReply() {
    CompletableFuture<PublishResult> r = publish("thing/event/property/post", "{\"id\":\"1\",\"sys\":{\"ack\":0},\"params\":{\"a\":1}}");
    f.telemetry.last().commit().complete(null);
    assertThat(r.join().acknowledged()).isTrue();
    assertThat(r.join().replies()).isEmpty();
  }

  /** B.6.3: 460 for bad params, the id echoed; nothing stored. */
  @Test
  void badParamsGet460() {
    PublishResult r = publish("thing/event/property/post", "{\"id\":\"77\",\"params\":[1]}").join();
    assertThat(r.replies()).singleElement().satisfies(m -> {
      assertThat(json(m).get("code").asInt()).isEqualTo(460);
      assertThat(json(m).get("id").asString()).isEqualTo("77");
      assertThat(json(m).has("message")).isTrue();
      assertThat(json(m).get("data")).isEqualTo(JSON.readTree("{}"));
    });
    assertThat(f.telemetry.appends).isEmpty();
    assertThat(publish("thing/event/property/post", "not json").join().replies().get(0).payload())
        .asString(StandardCharsets.UTF_8)
        .contains("\"id\":\"\"", "\"code\":460");
  }

  @Test
  void storeFailureDisconnectsWithoutAcknowledging() {
    CompletableFuture<PublishResult> r = publish("thing/event/property/post", "{\"id\":\"1\",\"params\":{\"a\":1}}");
    f.telemetry.last().commit().completeExceptionally(new IllegalStateException("disk full"));
    assertThat(r.join().disconnect()).isEqualTo(DisconnectReason.STORE_FAILURE);
  }

  @Test
  void eventPostBecomesADeviceEvent() {
    CompletableFuture<PublishResult> r =
        publish("thing/event/Error/post", "{\"id\":\"9\",\"params\":{\"value\":{\"ErrorCode\":0},\"time\":1524448722000},\"method\":\"thing.event.Error.post\"}");
    assertThat(r).isNotDone();
    f.history.commitAll();
    assertThat(f.history.appends).singleElement().satisfies(a -> {
      assertThat(a.event().type()).isEqualTo(ThingRecorder.EVENT_TYPE);
      assertThat(a.event().identifier()).isEqualTo("Error");
      assertThat(a.event().timeMs()).isEqualTo(1524448722000L);
      assertThat(a.event().data()).isEqualTo("{\"ErrorCode\":0}");
    });
    assertThat(r.join().replies()).singleElement().satisfies(m -> assertThat(m.topic()).isEqualTo(SYS + "thing/event/Error/post_reply"));
  }

  @Test
  void repliesToPropertySetGetAndServicesCompleteThePendingCall() {
    for (String path : new String[] {"thing/service/property/set_reply", "thing/service/property/get_reply", "thing/service/Reboot_reply"}) {
      CompletableFuture<CommandResult> waiting = f.pending.register(KEY, "500", Duration.ofSeconds(5));
      PublishResult r = publish(path, "{\"id\":\"500\",\"code\":200,\"data\":{\"ok\":true}}").join();
      assertThat(r.acknowledged()).isTrue();
      assertThat(r.replies()).isEmpty();
      assertThat(waiting).as(path).isCompleted();
    }
  }

  /** B.6.2: desired get answers {@code {"k":{"value","version"}}}; delete removes by version. */
  @Test
  void desiredGetAndDeleteUseTheStoredValues() {
    f.desired.set(KEY, java.util.Map.of("Power", "\"on\"", "Level", "3"), 1000);
    f.desired.set(KEY, java.util.Map.of("Level", "4"), 2000);
    PublishResult get = publish("thing/property/desired/get", "{\"id\":\"3\",\"params\":[\"Power\",\"Level\"]}").join();
    assertThat(get.replies()).singleElement().satisfies(m -> {
      assertThat(m.topic()).isEqualTo(SYS + "thing/property/desired/get_reply");
      assertThat(json(m)).isEqualTo(JSON.readTree(
          "{\"id\":\"3\",\"code\":200,\"message\":\"success\",\"data\":{\"Level\":{\"value\":4,\"version\":2},\"Power\":{\"value\":\"on\",\"version\":1}}}"));
    });
    PublishResult stale = publish("thing/property/desired/delete", "{\"id\":\"4\",\"params\":{\"Level\":{\"version\":1}}}").join();
    assertThat(stale.replies().get(0).topic()).isEqualTo(SYS + "thing/property/desired/delete_reply");
    assertThat(f.desired.find(KEY, java.util.List.of("Level"))).as("a newer value survives an old version's delete").hasSize(1);
    publish("thing/property/desired/delete", "{\"id\":\"5\",\"params\":{\"Level\":{\"version\":2},\"Power\":{}}}").join();
    assertThat(f.desired.find(KEY, java.util.List.of())).isEmpty();
    PublishResult bad = publish("thing/property/desired/get", "{\"id\":\"6\",\"params\":\"Power\"}").join();
    assertThat(json(bad.replies().get(0)).get("code").asInt()).isEqualTo(460);
  }

  @Test
  void otherThingTopicsStillGoToTheMessageLog() {
    publish("thing/config/get", "{\"id\":\"1\"}");
    assertThat(f.messages.appends).extracting(a -> a.message().topic()).containsExactly(SYS + "thing/config/get");
  }
}
