package io.porta.core.thing;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.telemetry.DataPoint;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shared thing-model JSON codecs, with the vectors of protocols.md B.6 (Alink) and A.7.5 (OneJSON). */
class ThingCodecTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final long ARRIVAL = 1_700_000_000_000L;

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static JsonNode tree(String s) {
    return JSON.readTree(s);
  }

  // ---- envelope (B.6.1, A.7.5) ------------------------------------------------------------------

  @Test
  void alinkEnvelopeWithSysAck0WantsNoReply() {
    ThingRequest r =
        ThingRequest.parse(
            utf8("{\"id\":\"123\",\"version\":\"1.0\",\"sys\":{\"ack\":0},\"params\":{\"Power\":\"on\"},"
                + "\"method\":\"thing.event.property.post\"}"));
    assertThat(r.isValid()).isTrue();
    assertThat(r.idJson()).isEqualTo("\"123\"");
    assertThat(r.replyWanted()).isFalse();
    assertThat(r.params().get("Power").asString()).isEqualTo("on");
  }

  @Test
  void sysAck1OrNoSysWantsAReply() {
    assertThat(ThingRequest.parse(utf8("{\"id\":\"1\",\"sys\":{\"ack\":1},\"params\":{}}")).replyWanted()).isTrue();
    assertThat(ThingRequest.parse(utf8("{\"id\":\"1\",\"params\":{}}")).replyWanted()).isTrue();
  }

  /** design.md: Alibaba's Node.js SDK sends ids like this one and ignores a reply whose id differs. */
  @Test
  void nodeSdkIdIsEchoedVerbatim() {
    String id = "2|exp-topic|/sys/a1X2bEnP82z/dev/thing/event/property/post_reply";
    ThingRequest r = ThingRequest.parse(utf8("{\"id\":\"" + id + "\",\"params\":{\"a\":1}}"));
    String reply = new String(ThingReply.success(r.idJson(), "{}").encode("message"), StandardCharsets.UTF_8);
    assertThat(tree(reply).get("id").asString()).isEqualTo(id);
    assertThat(ThingReply.idText(r.idJson())).isEqualTo(id);
  }

  @Test
  void numericIdIsEchoedAsANumber() {
    ThingRequest r = ThingRequest.parse(utf8("{\"id\":42,\"params\":{}}"));
    assertThat(r.idJson()).isEqualTo("42");
    assertThat(ThingReply.idText(r.idJson())).isEqualTo("42");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1,2]", "{\"id\":\"1\"} trailing", "\"text\""})
  void nonObjectPayloadIsInvalidWithAnEmptyId(String payload) {
    ThingRequest r = ThingRequest.parse(utf8(payload));
    assertThat(r.isValid()).isFalse();
    assertThat(r.idJson()).isEqualTo(ThingRequest.NO_ID);
  }

  @Test
  void missingOrObjectIdIsInvalid() {
    assertThat(ThingRequest.parse(utf8("{\"params\":{}}")).problem()).isEqualTo("id is required");
    assertThat(ThingRequest.parse(utf8("{\"id\":{\"a\":1},\"params\":{}}")).isValid()).isFalse();
  }

  // ---- replies ---------------------------------------------------------------------------------

  /** B.6.2 reply {@code {"id":"123","code":200,"data":{}}} plus the message the Python SDK needs. */
  @Test
  void alinkReplyCarriesIdCodeMessageAndData() {
    JsonNode reply = tree(new String(ThingReply.success("\"123\"", "{}").encode("message"), StandardCharsets.UTF_8));
    assertThat(reply).isEqualTo(tree("{\"id\":\"123\",\"code\":200,\"message\":\"success\",\"data\":{}}"));
  }

  /** A.7.5 reply {@code {"id":"123","code":200,"msg":"…","data":{…}}}. */
  @Test
  void oneJsonReplyUsesMsg() {
    JsonNode reply =
        tree(new String(ThingReply.error("\"7\"", 400, "params must be a non-empty object").encode("msg"), StandardCharsets.UTF_8));
    assertThat(reply)
        .isEqualTo(tree("{\"id\":\"7\",\"code\":400,\"msg\":\"params must be a non-empty object\",\"data\":{}}"));
  }

  @Test
  void deviceRepliesOfBothDialectsAreRead() {
    ThingReply alink =
        ThingReply.parse(utf8("{\"id\":\"9\",\"code\":9201,\"message\":\"device offLine\",\"data\":{\"x\":1}}"));
    assertThat(alink.code()).isEqualTo(9201);
    assertThat(alink.message()).isEqualTo("device offLine");
    assertThat(tree(alink.dataJson())).isEqualTo(tree("{\"x\":1}"));
    ThingReply oneJson = ThingReply.parse(utf8("{\"id\":\"9\",\"code\":200,\"msg\":\"ok\"}"));
    assertThat(oneJson.message()).isEqualTo("ok");
    assertThat(oneJson.dataJson()).isEqualTo("{}");
    assertThat(ThingReply.parse(utf8("{\"id\":\"9\"}"))).as("no code").isNull();
    assertThat(ThingReply.parse(utf8("{\"id\":\"9\",\"code\":\"200\"}"))).as("code not a number").isNull();
    assertThat(ThingReply.parse(utf8("junk"))).isNull();
  }

  // ---- property post (B.6.2, A.7.5) ------------------------------------------------------------

  @Test
  void propertyPostVectorBecomesPointsWithTheirTime() {
    PropertyPost post =
        PropertyPost.parse(
            tree("{\"Power\":{\"value\":\"on\",\"time\":1524448722000},\"WF\":{\"value\":23.6,\"time\":1524448722000}}"),
            ARRIVAL);
    assertThat(post.points())
        .containsExactly(new DataPoint("Power", 1524448722000L, "\"on\""), new DataPoint("WF", 1524448722000L, "23.6"));
  }

  @Test
  void bareValuesTakeTheArrivalTimeAndFloatsKeepTheirDigits() {
    PropertyPost post =
        PropertyPost.parse(ThingRequest.parse(utf8("{\"id\":\"1\",\"params\":{\"T\":10.0,\"S\":{\"a\":1,\"value\":2,\"b\":3}}}")).params(), ARRIVAL);
    assertThat(post.points())
        .containsExactly(new DataPoint("T", ARRIVAL, "10.0"), new DataPoint("S", ARRIVAL, "{\"a\":1,\"value\":2,\"b\":3}"));
  }

  @Test
  void timeAsAStringIsAccepted() {
    PropertyPost post = PropertyPost.parse(tree("{\"P\":{\"value\":1,\"time\":\"1524448722000\"}}"), ARRIVAL);
    assertThat(post.points()).containsExactly(new DataPoint("P", 1524448722000L, "1"));
  }

  /** B.6.1: a property time may be at most 24 h ahead. */
  @Test
  void timeMoreThan24HoursAheadIsRefused() {
    long ahead = ARRIVAL + TimedValue.MAX_AHEAD_MS + 1;
    assertThat(PropertyPost.parse(tree("{\"P\":{\"value\":1,\"time\":" + ahead + "}}"), ARRIVAL).problem())
        .contains("24 h");
    assertThat(PropertyPost.parse(tree("{\"P\":{\"value\":1,\"time\":" + (ahead - 1) + "}}"), ARRIVAL).isValid())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}", "[]", "\"x\"", "{\"bad-name\":1}", "{\"\":1}", "{\"P\":{\"value\":1,\"time\":\"soon\"}}",
        "{\"P\":{\"value\":1,\"time\":-5}}",
        "{\"P\":{\"value\":1,\"time\":1e999999999}}",
        "{\"P\":{\"value\":1,\"time\":\"9e99999\"}}",
        "{\"a23456789012345678901234567890123456789012345678901\":1}"
      })
  void illegalPropertyPostsAreRefused(String params) {
    assertThat(PropertyPost.parse(tree(params), ARRIVAL).isValid()).isFalse();
  }

  @Test
  void missingParamsIsRefused() {
    assertThat(PropertyPost.parse(null, ARRIVAL).isValid()).isFalse();
  }

  // ---- events ----------------------------------------------------------------------------------

  /** B.6.2: {@code thing/event/{id}/post} params {@code {"value":{…},"time":ms}}. */
  @Test
  void alinkEventTakesItsIdentifierFromTheTopic() {
    ThingEvent.Post post =
        ThingEvent.parseAlink("Error", tree("{\"value\":{\"ErrorCode\":0},\"time\":1524448722000}"), ARRIVAL);
    assertThat(post.events()).containsExactly(new ThingEvent("Error", 1524448722000L, "{\"ErrorCode\":0}"));
    assertThat(ThingEvent.parseAlink("Error", tree("{\"ErrorCode\":1}"), ARRIVAL).events())
        .as("bare output data")
        .containsExactly(new ThingEvent("Error", ARRIVAL, "{\"ErrorCode\":1}"));
    assertThat(ThingEvent.parseAlink("no/slash", tree("{}"), ARRIVAL).isValid()).isFalse();
    assertThat(ThingEvent.parseAlink("Error", null, ARRIVAL).isValid()).isFalse();
  }

  /** A.7.5: {@code thing/event/post} params {@code {evt:{"value":{…},"time":ms}}}. */
  @Test
  void oneJsonEventPostCarriesSeveralEvents() {
    ThingEvent.Post post =
        ThingEvent.parseOneJson(
            tree("{\"alarm\":{\"value\":{\"level\":2},\"time\":1524448722123},\"boot\":{\"value\":{}}}"), ARRIVAL);
    assertThat(post.events())
        .containsExactly(
            new ThingEvent("alarm", 1524448722123L, "{\"level\":2}"), new ThingEvent("boot", ARRIVAL, "{}"));
    assertThat(ThingEvent.parseOneJson(tree("{\"alarm\":{\"level\":2}}"), ARRIVAL).problem()).contains("value");
    assertThat(ThingEvent.parseOneJson(tree("{}"), ARRIVAL).isValid()).isFalse();
  }

  // ---- requests the platform sends -------------------------------------------------------------

  @Test
  void requestsCarryIdVersionParamsAndTheAlinkMethod() {
    JsonNode alink =
        tree(new String(ThingRequests.encode("5", tree("{\"Power\":\"on\"}"), "thing.service.property.set"), StandardCharsets.UTF_8));
    assertThat(alink)
        .isEqualTo(tree("{\"id\":\"5\",\"version\":\"1.0\",\"params\":{\"Power\":\"on\"},\"method\":\"thing.service.property.set\"}"));
    JsonNode oneJson = tree(new String(ThingRequests.encode("6", tree("[\"a\",\"b\"]"), null), StandardCharsets.UTF_8));
    assertThat(oneJson).isEqualTo(tree("{\"id\":\"6\",\"version\":\"1.0\",\"params\":[\"a\",\"b\"]}"));
  }

  /** Alink ids fit 0…4294967295 (B.6.1), OneJSON ids are ≤ 13 digits (A.7.5); they do not repeat. */
  @Test
  void requestIdsFitBothDialectsAndIncrease() {
    ThingRequests ids = new ThingRequests();
    long previous = Long.parseLong(ids.nextId());
    for (int i = 0; i < 1000; i++) {
      String id = ids.nextId();
      assertThat(id).matches("[0-9]{1,10}");
      assertThat(Long.parseLong(id)).isBetween(1L, 4_294_967_295L).isGreaterThan(previous);
      previous = Long.parseLong(id);
    }
  }

  // ---- desired properties ----------------------------------------------------------------------

  @Test
  void desiredGetNamesIdentifiersOrAll() {
    assertThat(DesiredRequest.parseGet(tree("[\"Power\",\"WF\"]")).identifiers()).containsExactly("Power", "WF");
    assertThat(DesiredRequest.parseGet(null).identifiers()).as("none: all").isEmpty();
    assertThat(DesiredRequest.parseGet(tree("{}")).identifiers()).isEmpty();
    assertThat(DesiredRequest.parseGet(tree("\"Power\"")).isValid()).isFalse();
    assertThat(DesiredRequest.parseGet(tree("[\"a b\"]")).isValid()).isFalse();
  }

  @Test
  void desiredDeleteTakesVersionsOrAnyVersion() {
    DesiredRequest r = DesiredRequest.parseDelete(tree("{\"Power\":{\"version\":3},\"WF\":{}}"));
    assertThat(r.versions()).containsEntry("Power", 3L).containsEntry("WF", null);
    assertThat(DesiredRequest.parseDelete(tree("[\"Power\"]")).versions()).containsEntry("Power", null);
    assertThat(DesiredRequest.parseDelete(tree("{\"Power\":{\"version\":\"x\"}}")).isValid()).isFalse();
    assertThat(DesiredRequest.parseDelete(tree("[]")).isValid()).isFalse();
    assertThat(DesiredRequest.parseDelete(null).isValid()).isFalse();
  }

  @Test
  void desiredGetDataHasValueAndVersion() {
    assertThat(tree(DesiredProperties.dataJson(java.util.List.of(new DesiredProperty("Power", "\"on\"", 2, 0)))))
        .isEqualTo(tree("{\"Power\":{\"value\":\"on\",\"version\":2}}"));
    assertThat(DesiredProperties.dataJson(java.util.List.of())).isEqualTo("{}");
  }
}
