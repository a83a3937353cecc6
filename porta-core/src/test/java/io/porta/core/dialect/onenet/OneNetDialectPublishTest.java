package io.porta.core.dialect.onenet;

import io.porta.core.testing.RecordingWriter;

import io.porta.core.testing.FakeDeviceLink;
import static io.porta.core.dialect.onenet.DialectFixture.DN;
import static io.porta.core.dialect.onenet.DialectFixture.PID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.porta.core.command.CommandResult;
import io.porta.core.command.CommandTimeoutException;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.InboundPublish;
import io.porta.core.dialect.PublishResult;
import io.porta.core.dialect.RateLimits;
import io.porta.core.dialect.SubscribeDecision;
import io.porta.core.model.DeviceKey;
import io.porta.core.model.ProductOptions;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.telemetry.DataPoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SUBSCRIBE and PUBLISH handling (seed "Topic Convention", protocols.md A.6, A.7.1, A.7.2). */
class OneNetDialectPublishTest {
  static final String OWN = "$sys/" + PID + "/" + DN + "/";
  static final DeviceKey KEY = new DeviceKey(PID, DN);

  final DialectFixture f = new DialectFixture();
  final FakeDeviceLink link = f.link();

  @AfterEach
  void close() {
    f.close();
  }

  CompletionStage<PublishResult> publish(String topic, String payload, int qos) {
    return publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos);
  }

  CompletionStage<PublishResult> publish(String topic, byte[] payload, int qos) {
    return f.dialect.onPublish(link, new InboundPublish(topic, qos, false, false, payload));
  }

  static PublishResult done(CompletionStage<PublishResult> stage) {
    CompletableFuture<PublishResult> future = stage.toCompletableFuture();
    assertThat(future).isDone();
    return future.join();
  }

  static String text(OutboundMessage m) {
    return new String(m.payload(), StandardCharsets.UTF_8);
  }

  static OutboundMessage onlyReply(PublishResult result) {
    assertThat(result.acknowledged()).isTrue();
    assertThat(result.replies()).hasSize(1);
    OutboundMessage reply = result.replies().get(0);
    assertThat(reply.qos()).isZero();
    assertThat(reply.onlyIfSubscribed()).as("replies go only to subscribers").isTrue();
    return reply;
  }

  // ---- SUBSCRIBE ------------------------------------------------------------------------------

  @Test
  void grantedQosIsAlways0() {
    for (int qos = 0; qos <= 2; qos++) {
      SubscribeDecision d = f.dialect.authorizeSubscribe(link, OWN + "cmd/request/+", qos);
      assertThat(d.granted()).isTrue();
      assertThat(d.grantedQos()).isZero();
    }
  }

  @Test
  void illegalSubscribeGets0x80AndKeepsConnection() {
    for (String filter : new String[] {OWN + "#", "$sys/" + PID + "/#", "$sys/#", "#", "$sys/" + PID + "/dev-2/cmd/#"}) {
      SubscribeDecision d = f.dialect.authorizeSubscribe(link, filter, 0);
      assertThat(d.grantedQos()).as(filter).isEqualTo(SubscribeDecision.FAILURE);
      assertThat(d.disconnect()).as(filter).isNull();
    }
  }

  @Test
  void malformedFilterDisconnects() {
    String tooLong = OWN + "cmd/" + "a".repeat(600);
    for (String filter : new String[] {tooLong, OWN + "a/b/c/d/e/f", OWN + "cmd/bad char", OWN + "cmd/#/x"}) {
      assertThat(f.dialect.authorizeSubscribe(link, filter, 0).disconnect()).as(filter).isNotNull();
    }
  }

  @Test
  void productWithWildcardLevel4MaySubscribeTheDeviceRoot() {
    FakeDeviceLink level4 =
        new FakeDeviceLink(new DeviceIdentity(DialectFixture.product(new ProductOptions(4, "off", false)), DN));
    assertThat(f.dialect.authorizeSubscribe(level4, OWN + "#", 1).grantedQos()).isZero();
    assertThat(f.dialect.authorizeSubscribe(level4, "$sys/" + PID + "/#", 0).granted()).isFalse();
  }

  @Test
  void atMost8FiltersPerSubscribe() {
    assertThat(f.dialect.maxFiltersPerSubscribe()).isEqualTo(8);
  }

  // ---- data points ----------------------------------------------------------------------------

  @Test
  void validDataPointsAreStoredThenAckedWithAccepted() {
    CompletionStage<PublishResult> stage =
        publish(OWN + "dp/post/json", "{\"id\":123,\"dp\":{\"temp\":[{\"v\":21.5,\"t\":1700000000}]}}", 1);
    assertThat(f.writer.appends).hasSize(1);
    RecordingWriter.Append append = f.writer.last();
    assertThat(append.device()).isEqualTo(KEY);
    assertThat(append.points()).containsExactly(new DataPoint("temp", 1_700_000_000_000L, "21.5"));

    f.writer.last().commit().complete(null);
    OutboundMessage reply = onlyReply(done(stage));
    assertThat(reply.topic()).isEqualTo(OWN + "dp/post/json/accepted");
    assertThat(text(reply)).isEqualTo("{\"id\":123}");
  }

  @Test
  void noAcknowledgementBeforeTheWriterCompletes() {
    CompletionStage<PublishResult> stage = publish(OWN + "dp/post/json", "{\"id\":1,\"dp\":{\"a\":[{\"v\":1}]}}", 1);
    assertThat(stage.toCompletableFuture()).isNotDone();
    f.writer.last().commit().complete(null);
    assertThat(stage.toCompletableFuture()).isDone();
  }

  @Test
  void pointsWithoutTimeGetArrivalTime() {
    publish(OWN + "dp/post/json", "{\"id\":1,\"dp\":{\"a\":[{\"v\":\"on\"}]}}", 0);
    assertThat(f.writer.last().points())
        .containsExactly(new DataPoint("a", DialectFixture.NOW.toEpochMilli(), "\"on\""));
  }

  @Test
  void illegalDataIsAckedWithRejected98() {
    PublishResult result = done(publish(OWN + "dp/post/json", "{\"id\":77,\"dp\":{\"a-b\":[{\"v\":1}]}}", 1));
    OutboundMessage reply = onlyReply(result);
    assertThat(reply.topic()).isEqualTo(OWN + "dp/post/json/rejected");
    assertThat(text(reply)).isEqualTo("{\"id\":77,\"err_code\":98,\"err_msg\":\"Illegal Data\"}");
    assertThat(f.writer.appends).isEmpty();
  }

  @Test
  void rejectedReplyCarriesMinusOneWithoutAValidId() {
    PublishResult result = done(publish(OWN + "dp/post/json", "not json", 0));
    assertThat(text(onlyReply(result))).isEqualTo("{\"id\":-1,\"err_code\":98,\"err_msg\":\"Illegal Data\"}");
  }

  @Test
  void storageFailureDisconnectsWithoutAcknowledging() {
    CompletionStage<PublishResult> stage = publish(OWN + "dp/post/json", "{\"id\":1,\"dp\":{\"a\":[{\"v\":1}]}}", 1);
    f.writer.last().commit().completeExceptionally(new IllegalStateException("disk full"));
    PublishResult result = done(stage);
    assertThat(result.acknowledged()).isFalse();
    assertThat(result.disconnect()).isEqualTo(DisconnectReason.STORE_FAILURE);
    assertThat(result.replies()).isEmpty();
  }

  @Test
  void writerThatThrowsDisconnectsWithStoreFailure() {
    f.writer.throwOnAppend = new IllegalStateException("queue full");
    PublishResult result = done(publish(OWN + "dp/post/json", "{\"id\":1,\"dp\":{\"a\":[{\"v\":1}]}}", 1));
    assertThat(result.disconnect()).isEqualTo(DisconnectReason.STORE_FAILURE);
  }

  // ---- command responses ----------------------------------------------------------------------

  @Test
  void answerToAPendingCommandIsAcceptedWithEmptyPayload() {
    CompletableFuture<CommandResult> answer = f.pending.register(KEY, "c1", Duration.ofMinutes(1));
    OutboundMessage reply = onlyReply(done(publish(OWN + "cmd/response/c1", "ok", 1)));
    assertThat(reply.topic()).isEqualTo(OWN + "cmd/response/c1/accepted");
    assertThat(reply.payload()).isEmpty();
    assertThat(answer.join().response()).isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void secondAnswerIsRejected113() {
    f.pending.register(KEY, "c1", Duration.ofMinutes(1));
    done(publish(OWN + "cmd/response/c1", "ok", 1));
    OutboundMessage reply = onlyReply(done(publish(OWN + "cmd/response/c1", "again", 1)));
    assertThat(reply.topic()).isEqualTo(OWN + "cmd/response/c1/rejected");
    assertThat(text(reply)).isEqualTo("{\"err_code\":113,\"err_msg\":\"cmd id not found\"}");
  }

  @Test
  void unknownCommandIdIsRejected113() {
    OutboundMessage reply = onlyReply(done(publish(OWN + "cmd/response/nope", "x", 0)));
    assertThat(reply.topic()).isEqualTo(OWN + "cmd/response/nope/rejected");
    assertThat(text(reply)).isEqualTo("{\"err_code\":113,\"err_msg\":\"cmd id not found\"}");
  }

  @Test
  void anotherDevicesCommandIsUnknownHere() {
    f.pending.register(new DeviceKey(PID, "dev-2"), "c1", Duration.ofMinutes(1));
    assertThat(text(onlyReply(done(publish(OWN + "cmd/response/c1", "x", 0))))).contains("113");
  }

  @Test
  void lateAnswerIsRejected112() {
    CompletableFuture<CommandResult> answer = f.pending.register(KEY, "c2", Duration.ofMillis(1));
    assertThatThrownBy(answer::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(CommandTimeoutException.class);
    OutboundMessage reply = onlyReply(done(publish(OWN + "cmd/response/c2", "late", 1)));
    assertThat(reply.topic()).isEqualTo(OWN + "cmd/response/c2/rejected");
    assertThat(text(reply)).isEqualTo("{\"err_code\":112,\"err_msg\":\"cmd response timeout\"}");
  }

  @Test
  void responseOver1KbIsRejected99AndTheCommandStaysPending() {
    CompletableFuture<CommandResult> answer = f.pending.register(KEY, "c3", Duration.ofMinutes(1));
    OutboundMessage reply = onlyReply(done(publish(OWN + "cmd/response/c3", new byte[1025], 1)));
    assertThat(reply.topic()).isEqualTo(OWN + "cmd/response/c3/rejected");
    assertThat(text(reply)).isEqualTo("{\"err_code\":99,\"err_msg\":\"maximum payload size exceeded\"}");
    assertThat(answer).isNotDone();
    assertThat(f.pending.isPending(KEY, "c3")).isTrue();

    OutboundMessage second = onlyReply(done(publish(OWN + "cmd/response/c3", new byte[1024], 1)));
    assertThat(second.topic()).endsWith("/accepted");
    assertThat(answer.join().response()).hasSize(1024);
  }

  // ---- illegal publishes ----------------------------------------------------------------------

  @Test
  void illegalPublishDisconnects() {
    for (String topic :
        new String[] {
          OWN + "thing/property/unknown", OWN + "dp/post/json/accepted", "$sys/" + PID + "/dev-2/dp/post/json",
          "my/topic", OWN + "cmd/response/a/b/c/d", OWN + "dp/post/json?"
        }) {
      PublishResult result = done(publish(topic, "{}", 1));
      assertThat(result.acknowledged()).as(topic).isFalse();
      assertThat(result.disconnect()).as(topic).isEqualTo(DisconnectReason.ILLEGAL_TOPIC);
    }
    assertThat(f.writer.appends).isEmpty();
  }

  @Test
  void payloadOver256KbDisconnects() {
    PublishResult result = done(publish(OWN + "dp/post/json", new byte[256 * 1024 + 1], 1));
    assertThat(result.disconnect()).isEqualTo(DisconnectReason.PACKET_TOO_LARGE);
  }

  @Test
  void qos2AndRetainDisconnectEvenIfTheTransportMissedThem() {
    assertThat(done(publish(OWN + "dp/post/json", "{}", 2)).disconnect()).isEqualTo(DisconnectReason.UNSUPPORTED_QOS);
    PublishResult retained =
        done(f.dialect.onPublish(link, new InboundPublish(OWN + "dp/post/json", 0, true, false, new byte[0])));
    assertThat(retained.disconnect()).isEqualTo(DisconnectReason.PROTOCOL_VIOLATION);
  }

  // ---- the rest of the contract ---------------------------------------------------------------

  @Test
  void commandsUseUuidIdsOnTheRequestTopic() {
    String id = f.dialect.commandRoute().newCommandId();
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    assertThat(f.dialect.commandRoute().requestTopic(link.identity(), id)).isEqualTo(OWN + "cmd/request/" + id);
    assertThat(f.dialect.commandRoute().minTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(f.dialect.commandRoute().maxTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(f.dialect.commandRoute().defaultTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void newIdsAndSecretsHaveOneNetsForm() {
    assertThat(f.dialect.name()).isEqualTo("onenet");
    assertThat(f.dialect.newProductId()).matches("[A-Za-z0-9]{10}");
    assertThat(Base64.getDecoder().decode(f.dialect.newProductSecret())).hasSize(32);
    assertThat(Base64.getDecoder().decode(f.dialect.newDeviceSecret())).hasSize(32);
    assertThat(f.dialect.newDeviceSecret()).isNotEqualTo(f.dialect.newDeviceSecret());
  }

  @Test
  void validSecretIsNonEmptyBase64() {
    assertThat(f.dialect.isValidSecret(DialectFixture.PRODUCT_KEY)).isTrue();
    assertThat(f.dialect.isValidSecret("")).isFalse();
    assertThat(f.dialect.isValidSecret(null)).isFalse();
    assertThat(f.dialect.isValidSecret("not base64!")).isFalse();
  }

  @Test
  void rateLimitsAreTheConfiguredOnes() {
    assertThat(f.dialect.rateLimits()).isEqualTo(RateLimits.ONENET_DEFAULTS);
  }
}
