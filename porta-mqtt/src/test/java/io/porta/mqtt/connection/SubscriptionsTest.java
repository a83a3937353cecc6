package io.porta.mqtt.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubscriptionsTest {
  @Test
  void duplicateFilterReplacesWithoutCountingAgain() {
    Subscriptions subs = new Subscriptions();

    assertThat(subs.add("a/+", 0, 2)).isTrue();
    assertThat(subs.add("b/#", 0, 2)).isTrue();
    assertThat(subs.add("a/+", 1, 2)).isTrue();
    assertThat(subs.add("c", 0, 2)).isFalse();
    assertThat(subs.size()).isEqualTo(2);
    assertThat(subs.maxQos("a/x")).as("the replacing subscription's QoS").isEqualTo(1);
  }

  @Test
  void matchesAnyHeldFilterUntilRemoved() {
    Subscriptions subs = new Subscriptions();
    subs.add("$sys/p/d/cmd/#", 0, 0);

    assertThat(subs.matches("$sys/p/d/cmd/request/1")).isTrue();
    assertThat(subs.matches("$sys/p/d/dp/post/json/accepted")).isFalse();
    assertThat(subs.remove("$sys/p/d/cmd/#")).isTrue();
    assertThat(subs.matches("$sys/p/d/cmd/request/1")).isFalse();
  }

  @Test
  void maxQosIsTheHighestGrantedAmongMatchingFilters() {
    Subscriptions subs = new Subscriptions();
    subs.add("a/#", 0, 0);
    subs.add("a/b", 1, 0);
    subs.add("c/d", 1, 0);

    assertThat(subs.maxQos("a/b")).isEqualTo(1);
    assertThat(subs.maxQos("a/c")).isZero();
    assertThat(subs.maxQos("x")).isEqualTo(-1);
    subs.remove("a/b");
    assertThat(subs.maxQos("a/b")).isZero();
    assertThat(subs.maxQos("c/d")).as("QoS moves with its filter on removal").isEqualTo(1);
  }
}
