package io.porta.core.dialect.onenet;

import static io.porta.core.dialect.onenet.DialectFixture.DN;
import static io.porta.core.dialect.onenet.DialectFixture.PID;
import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.command.CommandResult;
import io.porta.core.dialect.InboundPublish;
import io.porta.core.dialect.PublishResult;
import io.porta.core.model.DeviceKey;
import io.porta.core.session.OutboundMessage;
import io.porta.core.telemetry.DataPoint;
import io.porta.core.testing.FakeDeviceLink;
import io.porta.core.thing.ThingRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OneJSON thing model a device publishes (protocols.md A.7.5). */
class OneNetThingTest {
  static final String OWN = "$sys/" + PID + "/" + DN + "/";
  static final DeviceKey KEY = new DeviceKey(PID, DN);
  static final JsonMapper JSON = JsonMapper.builder().build();

  final DialectFixture f = new DialectFixture();
  final FakeDeviceLink link = f.link();

  @AfterEach
  void close() {
    f.close();
  }

  CompletableFuture<PublishResult> publish(String path, String payload) {
    return f.dialect
        .onPublish(link, new InboundPublish(OWN + path, 1, false, false, payload.getBytes(StandardCharsets.UTF_8)))
        .toCompletableFuture();
  }

  static JsonNode json(OutboundMessage m) {
    return JSON.readTree(m.payload());
  }

  @Test
  void propertyPostIsStoredThenRepliedWithMsg() {
    CompletableFuture<PublishResult> r =
        publish("thing/property/post", "{\"id\":\"123\",\"version\":\"1.0\",\"params\":{\"Power\":{\"value\":\"on\",\"time\":1524448722123}}}");
    assertThat(r).isNotDone();
    assertThat(f.writer.last().points()).containsExactly(new DataPoint("Power", 1524448722123L, "\"on\""));
    f.writer.last().commit().complete(null);
    OutboundMessage reply = r.join().replies().get(0);
    assertThat(reply.topic()).isEqualTo(OWN + "thing/property/post/reply");
    assertThat(reply.onlyIfSubscribed()).isTrue();
    assertThat(json(reply)).isEqualTo(JSON.readTree("{\"id\":\"123\",\"code\":200,\"msg\":\"success\",\"data\":{}}"));
  }

  @Test
  void badPropertyPostGets400AndStaysConnected() {
    PublishResult r = publish("thing/property/post", "{\"id\":\"5\",\"params\":{}}").join();
    assertThat(r.acknowledged()).isTrue();
    assertThat(json(r.replies().get(0)).get("code").asInt()).isEqualTo(OneNetThing.BAD_REQUEST);
    assertThat(json(r.replies().get(0)).get("id").asString()).isEqualTo("5");
    assertThat(f.writer.appends).isEmpty();
  }

  @Test
  void eventPostBecomesDeviceEvents() {
    CompletableFuture<PublishResult> r =
        publish("thing/event/post", "{\"id\":\"8\",\"params\":{\"alarm\":{\"value\":{\"level\":2},\"time\":1524448722123}}}");
    assertThat(r).isNotDone();
    f.history.commitAll();
    assertThat(f.history.appends).singleElement().satisfies(a -> {
      assertThat(a.event().type()).isEqualTo(ThingRecorder.EVENT_TYPE);
      assertThat(a.event().identifier()).isEqualTo("alarm");
    });
    assertThat(r.join().replies().get(0).topic()).isEqualTo(OWN + "thing/event/post/reply");
  }

  @Test
  void packAndHistoryPostsAreStored() {
    CompletableFuture<PublishResult> pack =
        publish("thing/pack/post", "{\"id\":\"1\",\"params\":[{\"properties\":{\"t\":{\"value\":1}},\"events\":{\"e\":{\"value\":{}}}}]}");
    f.writer.last().commit().complete(null);
    f.history.commitAll();
    assertThat(pack.join().replies().get(0).topic()).isEqualTo(OWN + "thing/pack/post/reply");
    CompletableFuture<PublishResult> history =
        publish("thing/history/post", "{\"id\":\"2\",\"params\":[{\"properties\":{\"t\":[{\"value\":1,\"time\":1000},{\"value\":2,\"time\":2000}]}}]}");
    f.writer.last().commit().complete(null);
    assertThat(f.writer.last().points()).extracting(DataPoint::timeMs).containsExactly(1000L, 2000L);
    assertThat(json(history.join().replies().get(0)).get("code").asInt()).isEqualTo(200);
  }

  @Test
  void setGetAndInvokeRepliesCompleteThePendingCall() {
    for (String path : new String[] {"thing/property/set_reply", "thing/property/get_reply", "thing/service/reboot/invoke_reply"}) {
      CompletableFuture<CommandResult> waiting = f.pending.register(KEY, "41", Duration.ofSeconds(5));
      PublishResult r = publish(path, "{\"id\":\"41\",\"code\":200,\"msg\":\"ok\",\"data\":{}}").join();
      assertThat(r.acknowledged()).isTrue();
      assertThat(waiting).as(path).isCompleted();
    }
  }

  @Test
  void desiredGetAndDeleteUseTheStoredValues() {
    f.desired.set(KEY, java.util.Map.of("Power", "\"on\""), 1000);
    PublishResult get = publish("thing/property/desired/get", "{\"id\":\"6\",\"params\":[\"Power\"]}").join();
    assertThat(get.replies().get(0).topic()).isEqualTo(OWN + "thing/property/desired/get/reply");
    assertThat(json(get.replies().get(0)))
        .isEqualTo(JSON.readTree("{\"id\":\"6\",\"code\":200,\"msg\":\"success\",\"data\":{\"Power\":{\"value\":\"on\",\"version\":1}}}"));
    PublishResult delete = publish("thing/property/desired/delete", "{\"id\":\"7\",\"params\":{\"Power\":{\"version\":1}}}").join();
    assertThat(delete.replies().get(0).topic()).isEqualTo(OWN + "thing/property/desired/delete/reply");
    assertThat(f.desired.find(KEY, java.util.List.of())).isEmpty();
    PublishResult bad = publish("thing/property/desired/delete", "{\"id\":\"8\",\"params\":[]}").join();
    assertThat(json(bad.replies().get(0)).get("code").asInt()).isEqualTo(OneNetThing.BAD_REQUEST);
  }
}
