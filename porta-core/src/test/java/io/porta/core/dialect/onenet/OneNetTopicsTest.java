package io.porta.core.dialect.onenet;

import static io.porta.core.dialect.onenet.OneNetTopics.FilterVerdict.ALLOWED;
import static io.porta.core.dialect.onenet.OneNetTopics.FilterVerdict.MALFORMED;
import static io.porta.core.dialect.onenet.OneNetTopics.FilterVerdict.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.onenet.OneNetTopics.FilterVerdict;
import io.porta.core.dialect.onenet.OneNetTopics.Kind;
import io.porta.core.dialect.onenet.OneNetTopics.PublishRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seed "Topic Convention" and protocols.md A.6 / A.7, one test per rule. */
class OneNetTopicsTest {
  static final String PID = "238322";
  static final String DN = "dev-1";
  static final String OWN = "$sys/238322/dev-1/";

  final OneNetTopics topics = new OneNetTopics(OneNetLimits.DEFAULTS);

  FilterVerdict seedRule(String filter) {
    return topics.checkFilter(PID, DN, filter, 5);
  }

  FilterVerdict level4Rule(String filter) {
    return topics.checkFilter(PID, DN, filter, 4);
  }

  PublishRoute publish(String topic) {
    return topics.classifyPublish(PID, DN, topic, 10);
  }

  // ---- SUBSCRIBE ------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dp/post/json/accepted",
        "dp/post/json/rejected",
        "dp/post/json/+",
        "cmd/request/+",
        "cmd/response/+/+",
        "cmd/#",
        "cmd/request/33ffea0a-e5f1-49d6-a626-ffee1bbd93ef",
      })
  void seedSubscriptionExamplesAreAllowed(String suffix) {
    assertThat(seedRule(OWN + suffix)).isEqualTo(ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"$sys/238322/dev-1/#", "$sys/238322/dev-1/+/request/+", "$sys/238322/#", "$sys/#", "#"})
  void wildcardsBelowLevel5AreRefused(String filter) {
    assertThat(seedRule(filter)).isEqualTo(REFUSED);
  }

  @Test
  void wildcardLevel4AlsoAllowsTheDeviceRoot() {
    assertThat(level4Rule(OWN + "#")).isEqualTo(ALLOWED);
    assertThat(level4Rule(OWN + "+/request/+")).isEqualTo(ALLOWED);
    assertThat(level4Rule(OWN + "cmd/#")).isEqualTo(ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"$sys/238322/#", "$sys/#", "#", "$sys/+/dev-1/cmd/#", "$sys/238322/+/cmd/#", "+/238322/dev-1/cmd/#"})
  void wildcardLevel4StillRefusesWildcardsAboveTheDevice(String filter) {
    assertThat(level4Rule(filter)).isEqualTo(REFUSED);
  }

  @Test
  void anotherDevicesTopicsAreRefused() {
    assertThat(seedRule("$sys/238322/dev-2/cmd/request/+")).isEqualTo(REFUSED);
    assertThat(seedRule("$sys/999999/dev-1/cmd/request/+")).isEqualTo(REFUSED);
  }

  @Test
  void nonSystemTopicsAreRefused() {
    assertThat(seedRule("devices/dev-1/cmd")).isEqualTo(REFUSED);
    assertThat(seedRule("sys/238322/dev-1/cmd/#")).isEqualTo(REFUSED);
  }

  @Test
  void theDeviceRootItselfIsRefused() {
    assertThat(seedRule("$sys/238322/dev-1")).isEqualTo(REFUSED);
    assertThat(seedRule(OWN)).isEqualTo(REFUSED);
  }

  @Test
  void filterOver512BytesIsMalformed() {
    String base = OWN + "cmd/";
    String exact = base + "a".repeat(512 - base.length());
    assertThat(seedRule(exact)).isEqualTo(ALLOWED);
    assertThat(seedRule(exact + "a")).isEqualTo(MALFORMED);
  }

  @Test
  void filterOver8LevelsIsMalformed() {
    assertThat(seedRule(OWN + "a/b/c/d/e")).isEqualTo(ALLOWED);
    assertThat(seedRule(OWN + "a/b/c/d/e/f")).isEqualTo(MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cmd/req uest", "cmd/request.x", "cmd/$x", "cmd/é", "cmd/a:b"})
  void filterCharactersOutsideA6AreMalformed(String suffix) {
    assertThat(seedRule(OWN + suffix)).isEqualTo(MALFORMED);
  }

  @Test
  void foreignFilterWithBadCharactersIsMalformed() {
    assertThat(seedRule("$sys/238322/dev.2/cmd/#")).isEqualTo(MALFORMED);
    assertThat(seedRule("a$b")).isEqualTo(MALFORMED);
  }

  @Test
  void invalidWildcardGrammarIsMalformed() {
    assertThat(seedRule(OWN + "cmd/#/x")).isEqualTo(MALFORMED);
    assertThat(seedRule(OWN + "cmd/request+")).isEqualTo(MALFORMED);
    assertThat(seedRule(OWN + "cmd#")).isEqualTo(MALFORMED);
  }

  @Test
  void emptyFilterIsMalformed() {
    assertThat(seedRule("")).isEqualTo(MALFORMED);
    assertThat(seedRule(null)).isEqualTo(MALFORMED);
  }

  @Test
  void deviceNameOutsideTheA6CharsetStillReachesItsOwnTopics() {
    OneNetTopics t = new OneNetTopics(OneNetLimits.DEFAULTS);
    assertThat(t.checkFilter(PID, "dev.1@x:y", "$sys/238322/dev.1@x:y/cmd/request/+", 5)).isEqualTo(ALLOWED);
    assertThat(t.classifyPublish(PID, "dev.1@x:y", "$sys/238322/dev.1@x:y/dp/post/json", 1).kind())
        .isEqualTo(Kind.DATA_POINTS);
  }

  @Test
  void filterLimitsAreConfigurable() {
    OneNetTopics small = new OneNetTopics(new OneNetLimits(1024, 5, 40, 8, 15));
    assertThat(small.checkFilter(PID, DN, OWN + "cmd/#", 5)).isEqualTo(ALLOWED);
    assertThat(small.checkFilter(PID, DN, OWN + "cmd/request/+", 5)).isEqualTo(MALFORMED);
    assertThat(small.checkFilter(PID, DN, OWN + "cmd/" + "a".repeat(18), 5)).isEqualTo(ALLOWED);
    assertThat(small.checkFilter(PID, DN, OWN + "cmd/" + "a".repeat(19), 5)).isEqualTo(MALFORMED);
  }

  // ---- PUBLISH --------------------------------------------------------------------------------

  @Test
  void dataPointTopicIsRecognised() {
    assertThat(publish(OWN + "dp/post/json")).isEqualTo(new PublishRoute(Kind.DATA_POINTS, null));
  }

  @Test
  void commandResponseTopicCarriesTheCommandId() {
    assertThat(publish(OWN + "cmd/response/33ffea0a-e5f1-49d6-a626-ffee1bbd93ef"))
        .isEqualTo(new PublishRoute(Kind.COMMAND_RESPONSE, "33ffea0a-e5f1-49d6-a626-ffee1bbd93ef"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dp/post/json/accepted",
        "dp/post",
        "dp/post/xml",
        "cmd/response/",
        "cmd/response/abc/accepted",
        "cmd/request/abc",
        "image/update/accepted",
        "image/get/accepted",
        "image",
        "thing/property/unknown",
        "thing/service/x/invoke",
        "custom",
      })
  void unknownTopicsInTheOwnSpaceAreIllegal(String suffix) {
    assertThat(publish(OWN + suffix).kind()).isEqualTo(Kind.ILLEGAL);
  }

  @Test
  void imageRequestsAreRecognised() {
    assertThat(publish(OWN + "image/update").kind()).isEqualTo(Kind.IMAGE_UPDATE);
    assertThat(publish(OWN + "image/get").kind()).isEqualTo(Kind.IMAGE_GET);
  }

  @Test
  void publishingToAnotherDeviceIsIllegal() {
    assertThat(publish("$sys/238322/dev-2/dp/post/json").kind()).isEqualTo(Kind.ILLEGAL);
    assertThat(publish("$sys/999999/dev-1/dp/post/json").kind()).isEqualTo(Kind.ILLEGAL);
    assertThat(publish("$sys/238322/dev-1").kind()).isEqualTo(Kind.ILLEGAL);
  }

  @Test
  void userDefinedTopicsAreIllegal() {
    assertThat(publish("my/topic").kind()).isEqualTo(Kind.ILLEGAL);
  }

  @Test
  void publishTopicOver8LevelsIsBadShape() {
    assertThat(publish(OWN + "cmd/response/a/b/c/d").kind()).isEqualTo(Kind.BAD_SHAPE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dp/post/json#", "dp/post/+", "cmd/response/a b", "cmd/response/a.b", "dp/$post"})
  void publishCharactersOutsideA6AreBadShape(String suffix) {
    assertThat(publish(OWN + suffix).kind()).isEqualTo(Kind.BAD_SHAPE);
  }

  @Test
  void emptyPublishTopicIsBadShape() {
    assertThat(publish("").kind()).isEqualTo(Kind.BAD_SHAPE);
  }

  @Test
  void payloadOver256KbIsTooLarge() {
    assertThat(topics.classifyPublish(PID, DN, OWN + "dp/post/json", 256 * 1024).kind())
        .isEqualTo(Kind.DATA_POINTS);
    assertThat(topics.classifyPublish(PID, DN, OWN + "dp/post/json", 256 * 1024 + 1).kind())
        .isEqualTo(Kind.PAYLOAD_TOO_LARGE);
  }

  @Test
  void replyTopicsHaveTheDocumentedNames() {
    assertThat(OneNetTopics.dataPointsAccepted(PID, DN)).isEqualTo(OWN + "dp/post/json/accepted");
    assertThat(OneNetTopics.dataPointsRejected(PID, DN)).isEqualTo(OWN + "dp/post/json/rejected");
    assertThat(OneNetTopics.commandRequest(PID, DN, "c1")).isEqualTo(OWN + "cmd/request/c1");
    assertThat(OneNetTopics.commandResponseAccepted(PID, DN, "c1")).isEqualTo(OWN + "cmd/response/c1/accepted");
    assertThat(OneNetTopics.commandResponseRejected(PID, DN, "c1")).isEqualTo(OWN + "cmd/response/c1/rejected");
  }
}
