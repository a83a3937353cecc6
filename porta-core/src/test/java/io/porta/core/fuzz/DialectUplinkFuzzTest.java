package io.porta.core.fuzz;

import static io.porta.core.fuzz.BothDialects.DN;
import static io.porta.core.fuzz.BothDialects.OTHER_DN;
import static io.porta.core.fuzz.BothDialects.PID;
import static io.porta.core.fuzz.BothDialects.PK;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.porta.core.dialect.InboundPublish;
import io.porta.core.dialect.PublishResult;
import io.porta.core.dialect.SubscribeDecision;
import io.porta.core.session.OutboundMessage;
import io.porta.core.testing.FakeDeviceLink;
import io.porta.core.topic.TopicFilters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a connected device sends, as each real dialect handles it: PUBLISH (OneNET data points and
 * command responses, Alink JSON — tags, OTA inform, NTP, RRPC) and SUBSCRIBE filters. Every publish
 * ends in an acknowledgement or a disconnect with a reason, never an exception; every reply goes to
 * the device's own topics as well-formed JSON; no granted filter reaches another device's topics.
 */
class DialectUplinkFuzzTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Topics of the neighbour device {@link BothDialects#OTHER_DN}: no filter of dev-1 may match one. */
  private static final List<String> ONENET_FOREIGN =
      List.of("$sys/" + PID + "/" + OTHER_DN + "/cmd/request/1", "$sys/" + PID + "/" + OTHER_DN + "/dp/post/json/accepted");

  private static final List<String> ALIYUN_FOREIGN =
      List.of(
          "/" + PK + "/" + OTHER_DN + "/get",
          "/sys/" + PK + "/" + OTHER_DN + "/thing/service/property/set",
          "/sys/" + PK + "/" + OTHER_DN + "/rrpc/request/1",
          "/ext/rrpc/1/sys/" + PK + "/" + OTHER_DN + "/thing/service/property/set",
          "/" + PK + "/" + OTHER_DN + "/user/cmd/x",
          "/ota/device/upgrade/" + PK + "/" + OTHER_DN);

  /** Seeds: DialectUplinkFuzzTestInputs/oneNetPublish ({@link PublishInput} text). */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void oneNetPublish(FuzzedDataProvider data) {
    BothDialects f = new BothDialects();
    InboundPublish publish = PublishInput.parse(data.consumeRemainingAsBytes());
    PublishResult result = complete(f.oneNet.onPublish(f.oneNetLink(), publish).toCompletableFuture());

    String own = "$sys/" + PID + "/" + DN + "/";
    boolean dataPoints = publish.topic().equals(own + "dp/post/json");
    boolean commandResponse = publish.topic().startsWith(own + "cmd/response/");
    if (!result.acknowledged()) {
      assertThat(result.replies()).isEmpty();
      return;
    }
    // A.6: everything but data points and command responses closes the connection.
    assertThat(dataPoints || commandResponse).isTrue();
    assertThat(publish.qos()).isLessThanOrEqualTo(1);
    assertThat(publish.retain()).isFalse();
    assertThat(result.replies()).hasSize(1);
    OutboundMessage reply = result.replies().get(0);
    assertThat(reply.topic()).startsWith(own).matches(".*/(accepted|rejected)");
    if (dataPoints) {
      JsonNode body = JSON.readTree(reply.payload());
      assertThat(body.get("id").isIntegralNumber()).isTrue();
    } else if (reply.payload().length > 0) {
      assertThat(JSON.readTree(reply.payload()).get("err_code").isInt()).isTrue();
    }
  }

  /** Seeds: DialectUplinkFuzzTestInputs/aliyunPublish (Alink requests on every handled topic). */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void aliyunPublish(FuzzedDataProvider data) {
    BothDialects f = new BothDialects();
    InboundPublish publish = PublishInput.parse(data.consumeRemainingAsBytes());
    PublishResult result = complete(f.aliyun.onPublish(f.aliyunLink(), publish).toCompletableFuture());

    if (!result.acknowledged()) {
      assertThat(result.replies()).isEmpty();
      return;
    }
    for (OutboundMessage reply : result.replies()) {
      // Replies go to the device's own topics, and an Alink reply is a JSON object.
      assertThat(f.aliyun.mayDeliver(f.aliyunLink().identity(), reply.topic())).isTrue();
      JsonNode body = JSON.readTree(reply.payload());
      assertThat(body.isObject()).isTrue();
    }
  }

  /** Seeds: DialectUplinkFuzzTestInputs/subscribe (one filter per input, for both dialects). */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  void subscribe(FuzzedDataProvider data) {
    BothDialects f = new BothDialects();
    String filter = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);

    SubscribeDecision oneNet = f.oneNet.authorizeSubscribe(f.oneNetLink(), filter, 1);
    if (oneNet.granted()) {
      assertThat(oneNet.grantedQos()).isZero();
      assertThat(TopicFilters.isValidFilter(filter)).isTrue();
      assertThat(filter).startsWith("$sys/" + PID + "/" + DN + "/");
      ONENET_FOREIGN.forEach(topic -> assertThat(TopicFilters.matches(filter, topic)).isFalse());
    }
    FakeDeviceLink link = f.aliyunLink();
    SubscribeDecision aliyun = f.aliyun.authorizeSubscribe(link, filter, 1);
    if (aliyun.granted()) {
      assertThat(aliyun.grantedQos()).isBetween(0, 1);
      assertThat(TopicFilters.isValidFilter(filter)).isTrue();
      ALIYUN_FOREIGN.forEach(topic -> assertThat(TopicFilters.matches(filter, topic)).isFalse());
    } else {
      assertThat(aliyun.disconnect()).isNull(); // B.5: a refused filter gets 0x80, the connection stays
    }
  }

  /** Storage commits at once and writes run inline: the stage is already complete. */
  private static PublishResult complete(CompletableFuture<PublishResult> stage) {
    assertThat(stage).isDone();
    PublishResult result = stage.join();
    assertThat(result.acknowledged() || result.disconnect() != null).isTrue();
    return result;
  }
}
