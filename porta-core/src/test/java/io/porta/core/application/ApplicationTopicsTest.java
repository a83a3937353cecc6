package io.porta.core.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.event.DeviceEvent;
import io.porta.core.event.EventType;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApplicationTopicsTest {
  static final Application APP = new Application("a1", "dash", Set.of("p1", "p2"), Instant.EPOCH);

  @Test
  void eventsArePublishedUnderProductDeviceAndKind() {
    Instant t = Instant.EPOCH;
    assertThat(ApplicationTopics.topic(DeviceEvent.of(t, "p1", "dev.1@x", EventType.DATAPOINTS, "{}")))
        .isEqualTo("$app/p1/dev.1@x/dp");
    assertThat(ApplicationTopics.topic(DeviceEvent.of(t, "p1", "d", EventType.MESSAGES, "{}"))).isEqualTo("$app/p1/d/messages");
    assertThat(ApplicationTopics.topic(DeviceEvent.of(t, "p1", "d", EventType.STATUS, "{}"))).isEqualTo("$app/p1/d/status");
    assertThat(ApplicationTopics.topic(DeviceEvent.of(t, "p1", "d", EventType.COMMANDS, "{}"))).isEqualTo("$app/p1/d/commands");
    assertThat(ApplicationTopics.topic(DeviceEvent.of(t, "p1", "d", EventType.EVENTS, "{}"))).isEqualTo("$app/p1/d/events");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$app/p1/dev-1/dp", "$app/p1/+/status", "$app/p2/+/+", "$app/+/+/dp", "$app/p1/#", "$app/+/#", "$app/#",
        "$app/p1/dev-1/#"
      })
  void filtersWithinTheScopeAreAccepted(String filter) {
    assertThat(ApplicationTopics.checkFilter(filter, APP)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "#", "+/+/+/+", "$sys/p1/dev-1/dp/post/json", "/p1/dev-1/user/get", "$app", "$app/p3/+/dp", "$app/p1/+",
        "$app/p1/+/secrets", "$app/p1/+/dp/extra", "$app/#/dp", "$app/p1/d+/dp", "$app/p1//dp", "$APP/p1/+/dp",
        "$app/p3/#"
      })
  void filtersOutsideTheSchemeOrScopeAreRefused(String filter) {
    assertThat(ApplicationTopics.checkFilter(filter, APP)).isPresent();
  }
}
