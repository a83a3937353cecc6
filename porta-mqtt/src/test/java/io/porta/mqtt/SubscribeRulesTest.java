package io.porta.mqtt;

import static io.porta.mqtt.support.Packets.subscribe;
import static io.porta.mqtt.support.Packets.suback;
import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.support.EmbeddedMqtt;
import io.porta.mqtt.support.Packets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SUBSCRIBE/UNSUBSCRIBE (MQTT 3.1.1 §3.8–3.11, protocols.md A.6, A.8). */
class SubscribeRulesTest {
  private final EmbeddedMqtt mqtt = new EmbeddedMqtt();

  @AfterEach
  void close() {
    mqtt.close();
  }

  @Test
  void subackHasOneCodePerFilterInOrder() {
    mqtt.connect("dev1").send(subscribe(1, "a/b", "a/#/c", "refused/x"));

    assertThat(mqtt.read()).containsExactly(suback(1, 1, 0x80, 0x80));
    assertThat(mqtt.isOpen()).isTrue();
    assertThat(mqtt.connection().subscriptions().size()).isEqualTo(1);
  }

  @Test
  void invalidFilterGrammarGets0x80AndKeepsConnection() {
    mqtt.connect("dev1").send(subscribe(3, "a/b#", "+x/y", "ok/+"));

    assertThat(mqtt.read()).containsExactly(suback(3, 0x80, 0x80, 1));
    assertThat(mqtt.isOpen()).isTrue();
  }

  @Test
  void filtersBeyondTheConnectionLimitGet0x80() {
    mqtt.connect("dev1").send(subscribe(1, "a", "b", "c", "d")); // the test config holds 3

    assertThat(mqtt.read()).containsExactly(suback(1, 1, 1, 1, 0x80));
  }

  @Test
  void duplicateFilterReplacesAndDoesNotCountAgain() {
    mqtt.connect("dev1").send(subscribe(1, "a", "b", "c")).read();

    mqtt.send(subscribe(2, "a", "c"));

    assertThat(mqtt.read()).containsExactly(suback(2, 1, 1));
    assertThat(mqtt.connection().subscriptions().size()).isEqualTo(3);
  }

  @Test
  void moreFiltersThanTheDialectAllowsInOnePacketClose() {
    mqtt.dialect.maxFiltersPerSubscribe = 2;

    mqtt.connect("dev1").send(subscribe(1, "a", "b", "c"));

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.PROTOCOL_VIOLATION);
  }

  @Test
  void dialectDisconnectDecisionCloses() {
    mqtt.connect("dev1").send(subscribe(1, "a", "kick/x"));

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.PROTOCOL_VIOLATION);
  }

  @Test
  void unsubscribeRemovesTheFilterAndAcks() {
    mqtt.connect("dev1").send(subscribe(1, "a/b", "c/d")).read();

    mqtt.send(Packets.unsubscribe(9, "a/b", "never/subscribed"));

    assertThat(mqtt.read()).containsExactly(Packets.unsuback(9));
    assertThat(mqtt.connection().subscriptions().matches("a/b")).isFalse();
    assertThat(mqtt.connection().subscriptions().matches("c/d")).isTrue();
  }
}
