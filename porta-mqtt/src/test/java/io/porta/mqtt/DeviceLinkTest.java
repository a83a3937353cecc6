package io.porta.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.session.DeviceLink;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.session.SessionInfo;
import io.porta.mqtt.support.EmbeddedMqtt;
import io.porta.mqtt.support.Packets;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DeviceLink a connection offers dialects and services, and the DeviceSessions registry. */
class DeviceLinkTest {
  private final EmbeddedMqtt mqtt = new EmbeddedMqtt();

  @AfterEach
  void close() {
    mqtt.close();
  }

  private DeviceLink link(String device) {
    return mqtt.sessions.find(EmbeddedMqtt.device(device)).orElseThrow();
  }

  @Test
  void sendDeliversQos0() {
    mqtt.connect("dev1");

    boolean sent = link("dev1").send(new OutboundMessage("d/x", bytes("hi"), 0, false)).toCompletableFuture().join();

    assertThat(sent).isTrue();
    assertThat(mqtt.read()).containsExactly(Packets.publish(0, false, "d/x", 0, "hi"));
  }

  @Test
  void sendQos1UsesAPacketIdThatPubackReleases() {
    mqtt.connect("dev1");

    link("dev1").send(new OutboundMessage("d/x", bytes("a"), 1, false));
    link("dev1").send(new OutboundMessage("d/x", bytes("b"), 1, false));

    assertThat(mqtt.read())
        .containsExactly(Packets.concat(Packets.publish(1, false, "d/x", 1, "a"), Packets.publish(1, false, "d/x", 2, "b")));
    assertThat(mqtt.connection().packetIds().inFlight()).isEqualTo(2);

    mqtt.send(Packets.puback(1), Packets.puback(2));

    assertThat(mqtt.connection().packetIds().inFlight()).isZero();
    assertThat(mqtt.isOpen()).isTrue();
  }

  @Test
  void sendOnlyIfSubscribedNeedsAMatchingSubscription() {
    mqtt.connect("dev1").send(Packets.subscribe(1, "d/+/accepted")).read();

    boolean matched = link("dev1").send(OutboundMessage.reply("d/1/accepted", bytes("ok"))).toCompletableFuture().join();
    boolean unmatched = link("dev1").send(OutboundMessage.reply("d/1/rejected", bytes("no"))).toCompletableFuture().join();

    assertThat(matched).isTrue();
    assertThat(unmatched).isFalse();
    assertThat(mqtt.read()).containsExactly(Packets.publish(0, false, "d/1/accepted", 0, "ok"));
  }

  @Test
  void sendAfterCloseReturnsFalse() {
    mqtt.connect("dev1");
    DeviceLink link = link("dev1");
    mqtt.send(Packets.DISCONNECT);

    assertThat(link.send(OutboundMessage.reply("d/x", bytes("late"))).toCompletableFuture().join()).isFalse();
  }

  @Test
  void sessionsDisconnectClosesWithTheGivenReason() {
    mqtt.connect("dev1");

    boolean closed = mqtt.sessions.disconnect(EmbeddedMqtt.device("dev1"), DisconnectReason.KICKED_BY_API);

    assertThat(closed).isTrue();
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.KICKED_BY_API);
    assertThat(mqtt.sessions.disconnect(EmbeddedMqtt.device("dev1"), DisconnectReason.KICKED_BY_API)).isFalse();
  }

  @Test
  void infoDescribesTheSession() {
    mqtt.connect("dev1");

    SessionInfo info = link("dev1").info();

    assertThat(info.protocolLevel()).isEqualTo(4);
    assertThat(info.keepAliveSeconds()).isEqualTo(60);
    assertThat(info.cleanSession()).isTrue();
    assertThat(info.listener()).isEqualTo("mqtt");
    assertThat(info.connectedAt()).isNotNull();
    assertThat(info.lastSeenAt()).isNotNull();
    assertThat(link("dev1").identity().deviceName()).isEqualTo("dev1");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
