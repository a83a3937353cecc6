package io.porta.core.dialect.aliyun;

import io.porta.core.testing.FakeDeviceLink;
import static io.porta.core.dialect.aliyun.AliyunFixture.DN;
import static io.porta.core.dialect.aliyun.AliyunFixture.NOW;
import static io.porta.core.dialect.aliyun.AliyunFixture.PK;
import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.command.CommandResult;
import io.porta.core.dialect.InboundPublish;
import io.porta.core.dialect.PublishResult;
import io.porta.core.model.DeviceKey;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.topic.TopicAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PUBLISH handling (protocols.md B.5–B.11; design.md "Dialect rules … Alibaba"). */
class AliyunDialectPublishTest {
  static final String OWN = "/" + PK + "/" + DN;
  static final String SYS = "/sys/" + PK + "/" + DN;
  static final DeviceKey KEY = new DeviceKey(PK, DN);

  final AliyunFixture f = new AliyunFixture();
  final FakeDeviceLink link = f.link();

  @AfterEach
  void close() {
    f.close();
  }

  CompletionStage<PublishResult> publish(String topic, String payload) {
    return publish(topic, payload.getBytes(StandardCharsets.UTF_8));
  }

  CompletionStage<PublishResult> publish(String topic, byte[] payload) {
    return f.dialect.onPublish(link, new InboundPublish(topic, 1, false, false, payload));
  }

  static PublishResult now(CompletionStage<PublishResult> stage) {
    CompletableFuture<PublishResult> future = stage.toCompletableFuture();
    assertThat(future).isDone();
    return future.join();
  }

  static String text(OutboundMessage m) {
    return new String(m.payload(), StandardCharsets.UTF_8);
  }

  @Test
  void payloadOverTheLimitDisconnects() {
    PublishResult r = now(publish(OWN + "/update", new byte[256 * 1024 + 1]));
    assertThat(r.disconnect()).isEqualTo(DisconnectReason.PACKET_TOO_LARGE);
    assertThat(f.messages.appends).isEmpty();
  }

  @Test
  void unauthorizedPublishIsAcknowledgedDroppedAndTheConnectionKept() {
    for (String topic : new String[] {OWN + "/get", "/" + PK + "/other1/update", "/sys/" + PK + "/other1/thing/event/property/post", "/x"}) {
      PublishResult r = now(publish(topic, "{}"));
      assertThat(r.acknowledged()).as(topic).isTrue();
      assertThat(r.dropped()).isEqualTo("unauthorized_topic");
    }
    assertThat(f.messages.appends).isEmpty();
    assertThat(link.closed).isEmpty();
  }

  @Test
  void updateIsStoredAndAcknowledgedOnlyOnceCommitted() {
    CompletionStage<PublishResult> stage = publish(OWN + "/update", "hello");
    assertThat(stage.toCompletableFuture()).isNotDone();
    RecordingMessages.Append a = f.messages.last();
    assertThat(a.device()).isEqualTo(KEY);
    assertThat(a.message().topic()).isEqualTo(OWN + "/update");
    assertThat(a.message().timeMs()).isEqualTo(NOW.toEpochMilli());
    assertThat(new String(a.message().payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
    a.commit().complete(null);
    assertThat(now(stage)).isEqualTo(PublishResult.ack());
  }

  @Test
  void storeFailureDisconnects() {
    CompletionStage<PublishResult> stage = publish(OWN + "/update/error", "x");
    f.messages.last().commit().completeExceptionally(new IllegalStateException("disk full"));
    assertThat(now(stage).disconnect()).isEqualTo(DisconnectReason.STORE_FAILURE);
    f.messages.throwOnAppend = new IllegalStateException("queue full");
    assertThat(now(publish(OWN + "/update", "x")).disconnect()).isEqualTo(DisconnectReason.STORE_FAILURE);
  }

  @Test
  void customPubTopicsAndThingTopicsGoToTheMessageLogShadowRequestsAreAnswered() {
    f.customCategory("c1", "/${productKey}/${deviceName}/user/data", TopicAccess.PUB);
    publish(OWN + "/user/data", "a");
    publish(SYS + "/thing/config/get", "{\"id\":\"1\"}");
    PublishResult shadow = now(publish("/shadow/update/" + PK + "/" + DN, "{\"method\":\"get\",\"clientToken\":\"t\"}"));
    assertThat(f.messages.appends)
        .extracting(a -> a.message().topic())
        .containsExactly(OWN + "/user/data", SYS + "/thing/config/get");
    // The shadow (B.11) answers on /shadow/get: an empty document at version 0.
    assertThat(shadow.replies()).singleElement().satisfies(m -> {
      assertThat(m.topic()).isEqualTo("/shadow/get/" + PK + "/" + DN);
      assertThat(text(m)).contains("\"method\":\"reply\"").contains("\"clientToken\":\"t\"").contains("\"version\":0");
    });
  }

  @Test
  void rrpcResponseCompletesThePendingCommand() {
    CompletableFuture<CommandResult> waiting = f.pending.register(KEY, "1001", Duration.ofSeconds(5));
    PublishResult r = now(publish(SYS + "/rrpc/response/1001", "pong"));
    assertThat(r).isEqualTo(PublishResult.ack());
    assertThat(new String(waiting.join().response(), StandardCharsets.UTF_8)).isEqualTo("pong");
    assertThat(now(publish(SYS + "/rrpc/response/1001", "again"))).isEqualTo(PublishResult.ack());
    assertThat(f.messages.appends).isEmpty();
  }

  @Test
  void customTopicRrpcAnswerCompletesThePendingCommand() {
    f.customCategory("c1", "/${productKey}/${deviceName}/user/get", TopicAccess.SUB);
    CompletableFuture<CommandResult> waiting = f.pending.register(KEY, "2002", Duration.ofSeconds(5));
    assertThat(now(publish("/ext/rrpc/2002" + OWN + "/user/get", "ok"))).isEqualTo(PublishResult.ack());
    assertThat(waiting).isDone();
    assertThat(now(publish("/ext/rrpc/2003/" + PK + "/other1/user/get", "x")).dropped()).isEqualTo("unauthorized_topic");
  }

  @Test
  void ntpRequestIsAnsweredWithServerTimes() {
    PublishResult r = now(publish("/ext/ntp/" + PK + "/" + DN + "/request", "{\"deviceSendTime\":\"1571724098000\"}"));
    assertThat(r.acknowledged()).isTrue();
    OutboundMessage reply = r.replies().get(0);
    assertThat(reply.topic()).isEqualTo("/ext/ntp/" + PK + "/" + DN + "/response");
    long ms = NOW.toEpochMilli();
    assertThat(text(reply))
        .isEqualTo("{\"deviceSendTime\":\"1571724098000\",\"serverRecvTime\":\"" + ms + "\",\"serverSendTime\":\"" + ms + "\"}");
    PublishResult numeric = now(publish("/ext/ntp/" + PK + "/" + DN + "/request", "{\"deviceSendTime\":1571724098000}"));
    assertThat(text(numeric.replies().get(0))).startsWith("{\"deviceSendTime\":\"1571724098000\"");
  }

  @Test
  void deviceinfoUpdateMergesTagsThenAcksAndRepliesEchoingTheId() {
    CompletionStage<PublishResult> stage =
        publish(SYS + "/thing/deviceinfo/update",
            "{\"id\":\"node-7a\",\"version\":\"1.0\",\"params\":[{\"attrKey\":\"room\",\"attrValue\":\"kitchen\"},{\"attrKey\":\"floor\",\"attrValue\":2}],\"method\":\"thing.deviceinfo.update\"}");
    assertThat(stage.toCompletableFuture()).isNotDone();
    f.runBlocking();
    PublishResult r = now(stage);
    assertThat(f.devices.find(KEY).orElseThrow().tags()).isEqualTo(Map.of("room", "kitchen", "floor", "2"));
    OutboundMessage reply = r.replies().get(0);
    assertThat(reply.topic()).isEqualTo(SYS + "/thing/deviceinfo/update_reply");
    assertThat(text(reply)).isEqualTo("{\"id\":\"node-7a\",\"code\":200,\"message\":\"success\",\"data\":{}}");
  }

  @Test
  void deviceinfoNumericIdIsEchoedVerbatim() {
    CompletionStage<PublishResult> stage =
        publish(SYS + "/thing/deviceinfo/update", "{\"id\":123,\"params\":[{\"attrKey\":\"a\",\"attrValue\":\"b\"}]}");
    f.runBlocking();
    assertThat(text(now(stage).replies().get(0))).startsWith("{\"id\":123,\"code\":200");
  }

  @Test
  void deviceinfoBadParamsGet460AndNothingIsStored() {
    for (String payload :
        new String[] {"{\"id\":\"9\",\"params\":{}}", "{\"id\":\"9\",\"params\":[{\"attrValue\":\"x\"}]}", "not json"}) {
      PublishResult r = now(publish(SYS + "/thing/deviceinfo/update", payload));
      assertThat(r.acknowledged()).isTrue();
      assertThat(text(r.replies().get(0))).contains("\"code\":460").contains("\"message\":\"request parameter error");
    }
    assertThat(f.blockingTasks).isEmpty();
    assertThat(f.devices.find(KEY).orElseThrow().tags()).isEmpty();
  }

  @Test
  void deviceinfoDeleteRemovesTags() {
    f.devices.mergeTags(KEY, Map.of("room", "kitchen", "floor", "2"));
    CompletionStage<PublishResult> stage =
        publish(SYS + "/thing/deviceinfo/delete", "{\"id\":\"5\",\"params\":[{\"attrKey\":\"room\"}]}");
    f.runBlocking();
    PublishResult r = now(stage);
    assertThat(f.devices.find(KEY).orElseThrow().tags()).isEqualTo(Map.of("floor", "2"));
    assertThat(r.replies().get(0).topic()).isEqualTo(SYS + "/thing/deviceinfo/delete_reply");
    assertThat(text(r.replies().get(0))).isEqualTo("{\"id\":\"5\",\"code\":200,\"message\":\"success\",\"data\":{}}");
  }

  @Test
  void tagStoreFailureDisconnects() {
    f.devices.failingWrites = true;
    CompletionStage<PublishResult> stage =
        publish(SYS + "/thing/deviceinfo/update", "{\"id\":\"1\",\"params\":[{\"attrKey\":\"a\",\"attrValue\":\"b\"}]}");
    f.runBlocking();
    assertThat(now(stage).disconnect()).isEqualTo(DisconnectReason.STORE_FAILURE);
  }

  @Test
  void otaInformRecordsTheFirmwareVersionBeforeTheAck() {
    CompletionStage<PublishResult> stage =
        publish("/ota/device/inform/" + PK + "/" + DN, "{\"id\":1,\"params\":{\"version\":\"1.2.3\"}}");
    assertThat(stage.toCompletableFuture()).isNotDone();
    f.runBlocking();
    assertThat(now(stage)).isEqualTo(PublishResult.ack());
    assertThat(f.devices.find(KEY).orElseThrow().firmwareVersion()).isEqualTo("1.2.3");
  }
}
