package io.porta.core.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.model.DeviceKey;
import io.porta.core.testing.InMemoryShadows;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ShadowServiceTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final DeviceKey DEV = new DeviceKey("p1", "dev-1");
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC);

  final ShadowService shadows = InMemoryShadows.service(CLOCK);

  static ObjectNode obj(String json) {
    return (ObjectNode) JSON.readTree(json);
  }

  @Test
  void aDeviceWithoutAShadowHasAnEmptyOneAtVersion0() {
    ShadowDocument doc = shadows.get(DEV);
    assertThat(doc.isEmpty()).isTrue();
    assertThat(doc.version()).isZero();
  }

  @Test
  void changesSetAndRemoveAttributesAndCountVersions() {
    shadows.change(DEV, ShadowChange.report(obj("{\"t\":20,\"m\":\"eco\"}")), ShadowLimits.ONENET);
    ShadowService.Outcome o = shadows.change(DEV, ShadowChange.desire(obj("{\"t\":25,\"m\":\"eco\"}"), null), ShadowLimits.ONENET);
    assertThat(o.applied()).isTrue();
    assertThat(o.document().version()).isEqualTo(2);
    assertThat(o.document().delta()).isEqualTo(obj("{\"t\":25}"));
    assertThat(o.document().toJson().get("metadata").get("desired").get("t").get("timestamp").asLong())
        .isEqualTo(1_700_000_000_123L);
    assertThat(o.document().toJson(true).get("metadata").get("desired").get("t").get("timestamp").asLong())
        .isEqualTo(1_700_000_000L);

    ShadowDocument after = shadows.change(DEV, ShadowChange.report(obj("{\"m\":null,\"t\":25}")), ShadowLimits.ONENET).document();
    assertThat(after.reported()).isEqualTo(obj("{\"t\":25}"));
    assertThat(after.toJson().get("metadata").get("reported").has("m")).isFalse();
    assertThat(after.delta()).isEqualTo(obj("{\"m\":\"eco\"}"));
    assertThat(shadows.get(DEV).toJson()).isEqualTo(after.toJson());
  }

  @Test
  void clearingEmptiesASection() {
    shadows.change(DEV, ShadowChange.desire(obj("{\"a\":1,\"b\":2}"), null), ShadowLimits.ALIYUN);
    ShadowDocument doc =
        shadows.change(DEV, new ShadowChange(null, true, obj("{\"a\":1}"), false, null, null), ShadowLimits.ALIYUN).document();
    assertThat(doc.desired().isEmpty()).isTrue();
    assertThat(doc.reported()).isEqualTo(obj("{\"a\":1}"));
  }

  @Test
  void versionsGivenByTheDeviceMustGrowAndExpectedVersionsMustMatch() {
    ShadowChange v5 = new ShadowChange(null, false, obj("{\"a\":1}"), false, 5L, null);
    assertThat(shadows.change(DEV, v5, ShadowLimits.ALIYUN).document().version()).isEqualTo(5);
    assertThat(shadows.change(DEV, v5, ShadowLimits.ALIYUN).rejection()).isEqualTo(ShadowRejection.VERSION_CONFLICT);
    assertThat(shadows.change(DEV, ShadowChange.desire(obj("{\"a\":2}"), 4L), ShadowLimits.ALIYUN).rejection())
        .isEqualTo(ShadowRejection.VERSION_CONFLICT);
    assertThat(shadows.change(DEV, ShadowChange.desire(obj("{\"a\":2}"), 5L), ShadowLimits.ALIYUN).document().version())
        .isEqualTo(6);
  }

  @Test
  void limitsOfTheDialectAreApplied() {
    assertThat(shadows.change(DEV, ShadowChange.report(obj("{\"bad-key\":1}")), ShadowLimits.ONENET).rejection())
        .isEqualTo(ShadowRejection.INVALID_ATTRIBUTE);
    assertThat(shadows.change(DEV, ShadowChange.report(obj("{\"k\":\"" + "x".repeat(513) + "\"}")), ShadowLimits.ONENET).rejection())
        .isEqualTo(ShadowRejection.INVALID_ATTRIBUTE);
    assertThat(shadows.change(DEV, ShadowChange.report(obj("{\"k\":{\"a\":{\"b\":{\"c\":{}}}}}")), ShadowLimits.ONENET).rejection())
        .isEqualTo(ShadowRejection.TOO_DEEP);
    assertThat(shadows.change(DEV, ShadowChange.report(obj("{\"k\":{\"a\":{\"b\":1}}}")), ShadowLimits.ONENET).applied()).isTrue();
    StringBuilder big = new StringBuilder("{");
    for (int i = 0; i < 10; i++) {
      big.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"").append("v".repeat(500)).append('"');
    }
    assertThat(shadows.change(DEV, ShadowChange.report(obj(big + "}")), ShadowLimits.ONENET).rejection())
        .isEqualTo(ShadowRejection.TOO_LARGE);
    assertThat(shadows.get(DEV).version()).isEqualTo(1);
  }

  @Test
  void aLostRaceIsRetriedOnTheNewerDocument() {
    InMemoryShadows store = new InMemoryShadows();
    AtomicInteger saves = new AtomicInteger();
    ShadowRepository racy =
        new ShadowRepository() {
          @Override
          public Optional<String> find(DeviceKey device) {
            return store.find(device);
          }

          @Override
          public boolean save(DeviceKey device, String document, long version, long previousVersion, long nowMs) {
            if (saves.getAndIncrement() == 0) {
              // Another writer gets in first.
              ShadowDocument other = ShadowDocument.empty().apply(obj("{\"x\":1}"), false, null, false, 1, nowMs);
              store.save(device, other.toJson().toString(), 1, 0, nowMs);
            }
            return store.save(device, document, version, previousVersion, nowMs);
          }
        };
    ShadowService service = new ShadowService(racy, CLOCK, Runnable::run);
    ShadowDocument doc = service.change(DEV, ShadowChange.report(obj("{\"y\":2}")), ShadowLimits.ONENET).document();
    assertThat(doc.version()).isEqualTo(2);
    assertThat(doc.desired()).isEqualTo(obj("{\"x\":1}"));
    assertThat(doc.reported()).isEqualTo(obj("{\"y\":2}"));
  }
}
