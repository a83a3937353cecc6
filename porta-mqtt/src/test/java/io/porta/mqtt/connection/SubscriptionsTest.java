package io.porta.mqtt.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubscriptionsTest {
  @Test
  void duplicateFilterReplacesWithoutCountingAgain() {
    Subscriptions subs = new Subscriptions();

    assertThat(subs.add("a/+", 2)).isTrue();
    assertThat(subs.add("b/#", 2)).isTrue();
    assertThat(subs.add("a/+", 2)).isTrue();
    assertThat(subs.add("c", 2)).isFalse();
    assertThat(subs.size()).isEqualTo(2);
  }

  @Test
  void matchesAnyHeldFilterUntilRemoved() {
    Subscriptions subs = new Subscriptions();
    subs.add("$sys/p/d/cmd/#", 0);

    assertThat(subs.matches("$sys/p/d/cmd/request/1")).isTrue();
    assertThat(subs.matches("$sys/p/d/dp/post/json/accepted")).isFalse();
    assertThat(subs.remove("$sys/p/d/cmd/#")).isTrue();
    assertThat(subs.matches("$sys/p/d/cmd/request/1")).isFalse();
  }
}
