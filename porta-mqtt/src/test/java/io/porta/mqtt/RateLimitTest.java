package io.porta.mqtt;

import static io.porta.mqtt.support.Packets.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.porta.core.dialect.RateLimits;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.support.EmbeddedMqtt;
import io.porta.mqtt.support.Packets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-device rate limits: exceeding one closes with RATE_LIMIT and bans (protocols.md A.8). */
class RateLimitTest {
  private final EmbeddedMqtt mqtt = new EmbeddedMqtt();

  @BeforeEach
  void limits() {
    // window, connects, publishQos0, publishQos1, subscribeTopics, unsubscribes, pingreqs, ban
    mqtt.dialect.rateLimits = new RateLimits(Duration.ofMinutes(1), 3, 2, 2, 3, 2, 2, Duration.ofMinutes(5));
  }

  @AfterEach
  void close() {
    mqtt.close();
  }

  @Test
  void exceedingPingreqsClosesAndBansTheDevice() {
    mqtt.connect("dev1").send(Packets.PINGREQ, Packets.PINGREQ, Packets.PINGREQ);

    assertThat(mqtt.read()).containsExactly(concat(Packets.PINGRESP, Packets.PINGRESP));
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.RATE_LIMIT);
    assertThat(mqtt.counter("porta.rate.limit.hits", "limit", "pingreqs")).isEqualTo(1);

    EmbeddedChannel again = mqtt.newChannel();
    mqtt.useChannel(again);
    mqtt.send(Packets.connect("dev1"));

    assertThat(mqtt.read()).containsExactly(Packets.connack(5));
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.BANNED);
  }

  @Test
  void banIsPerDevice() {
    mqtt.connect("dev1").send(Packets.PINGREQ, Packets.PINGREQ, Packets.PINGREQ);
    mqtt.useChannel(mqtt.newChannel());

    mqtt.connect("dev2");

    assertThat(mqtt.isOpen()).isTrue();
  }

  @Test
  void exceedingPublishQos0Closes() {
    mqtt.connect("dev1")
        .send(
            Packets.publish(0, false, "a", 0, "1"),
            Packets.publish(0, false, "a", 0, "2"),
            Packets.publish(0, false, "a", 0, "3"));

    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.RATE_LIMIT);
    assertThat(mqtt.dialect.published).hasSize(2);
    assertThat(mqtt.counter("porta.rate.limit.hits", "limit", "publishQos0")).isEqualTo(1);
  }

  @Test
  void exceedingPublishQos1Closes() {
    mqtt.connect("dev1")
        .send(
            Packets.publish(1, false, "a", 1, "1"),
            Packets.publish(1, false, "a", 2, "2"),
            Packets.publish(1, false, "a", 3, "3"));

    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.RATE_LIMIT);
    assertThat(mqtt.counter("porta.rate.limit.hits", "limit", "publishQos1")).isEqualTo(1);
  }

  @Test
  void eachSubscribeFilterCountsAgainstTheLimit() {
    mqtt.connect("dev1").send(Packets.subscribe(1, "a", "b")).read();

    mqtt.send(Packets.subscribe(2, "c", "d"));

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.RATE_LIMIT);
    assertThat(mqtt.counter("porta.rate.limit.hits", "limit", "subscribeTopics")).isEqualTo(1);
  }

  @Test
  void exceedingUnsubscribesCloses() {
    mqtt.connect("dev1")
        .send(Packets.unsubscribe(1, "a"), Packets.unsubscribe(2, "a"), Packets.unsubscribe(3, "a"));

    assertThat(mqtt.read()).containsExactly(concat(Packets.unsuback(1), Packets.unsuback(2)));
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.RATE_LIMIT);
  }

  @Test
  void exceedingConnectsClosesWithoutConnackAndBans() {
    mqtt.connect("dev1");
    mqtt.useChannel(mqtt.newChannel());
    mqtt.connect("dev1");
    mqtt.useChannel(mqtt.newChannel());
    mqtt.connect("dev1");
    mqtt.useChannel(mqtt.newChannel());

    mqtt.send(Packets.connect("dev1")); // the fourth in the window

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.RATE_LIMIT);
    assertThat(mqtt.counter("porta.rate.limit.hits", "limit", "connects")).isEqualTo(1);

    mqtt.useChannel(mqtt.newChannel());
    mqtt.send(Packets.connect("dev1"));
    assertThat(mqtt.read()).containsExactly(Packets.connack(5));
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.BANNED);
  }
}
