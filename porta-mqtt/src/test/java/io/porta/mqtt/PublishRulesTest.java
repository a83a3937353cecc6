package io.porta.mqtt;

import static io.porta.mqtt.support.Packets.concat;
import static io.porta.mqtt.support.Packets.puback;
import static io.porta.mqtt.support.Packets.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.porta.core.dialect.PublishResult;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.mqtt.support.EmbeddedMqtt;
import io.porta.mqtt.support.Packets;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PUBLISH from a device (MQTT 3.1.1 §3.3, §4.6; protocols.md A.6). */
class PublishRulesTest {
  private final EmbeddedMqtt mqtt = new EmbeddedMqtt();
  private final List<CompletableFuture<PublishResult>> pending = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    mqtt.close();
  }

  private void dialectCompletesLater() {
    mqtt.dialect.publishHandler =
        (link, p) -> {
          CompletableFuture<PublishResult> f = new CompletableFuture<>();
          pending.add(f);
          return f;
        };
  }

  @Test
  void droppedResultIsAcknowledgedCountedAndKeepsTheConnection() {
    mqtt.dialect.publishHandler =
        (link, p) -> CompletableFuture.completedFuture(PublishResult.ackDropped("unauthorized_topic"));
    mqtt.connect("dev1").send(publish(1, false, "a/b", 9, "x"));

    assertThat(mqtt.read()).containsExactly(0x40, 2, 0, 9);
    assertThat(mqtt.isOpen()).isTrue();
    assertThat(mqtt.meters.counter("porta.messages.dropped", "reason", "unauthorized_topic").count()).isEqualTo(1.0);
  }

  @Test
  void qos2PublishCloses() {
    mqtt.connect("dev1").send(publish(2, false, "a/b", 1, "x"));

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.UNSUPPORTED_QOS);
    assertThat(mqtt.dialect.published).isEmpty();
  }

  @Test
  void retainedPublishCloses() {
    mqtt.connect("dev1").send(publish(0, true, "a/b", 0, "x"));

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.PROTOCOL_VIOLATION);
  }

  @Test
  void dialectReceivesTopicQosAndPayload() {
    mqtt.connect("dev1").send(publish(0, false, "a/b", 0, "hello"));

    assertThat(mqtt.read()).isEmpty(); // QoS 0: no PUBACK
    assertThat(mqtt.dialect.published).singleElement().satisfies(p -> {
      assertThat(p.topic()).isEqualTo("a/b");
      assertThat(p.qos()).isZero();
      assertThat(new String(p.payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
    });
    assertThat(mqtt.dialect.links).singleElement().isSameAs(mqtt.connection());
  }

  @Test
  void pubackOnlyAfterCompletion() {
    dialectCompletesLater();
    mqtt.connect("dev1").send(publish(1, false, "a/b", 5, "x"));

    assertThat(mqtt.read()).isEmpty();

    pending.get(0).complete(PublishResult.ack());

    assertThat(mqtt.read()).containsExactly(puback(5));
  }

  @Test
  void pubacksFollowArrivalOrderWhenHandlingCompletesOutOfOrder() {
    dialectCompletesLater();
    mqtt.connect("dev1")
        .send(publish(1, false, "a/1", 1, "1"), publish(1, false, "a/2", 2, "2"), publish(1, false, "a/3", 3, "3"));

    pending.get(2).complete(PublishResult.ack());
    pending.get(1).complete(PublishResult.ack());
    assertThat(mqtt.read()).isEmpty();

    pending.get(0).complete(PublishResult.ack());

    assertThat(mqtt.read()).containsExactly(concat(puback(1), puback(2), puback(3)));
  }

  @Test
  void qos0BehindAPendingQos1WaitsItsTurnForItsReplies() {
    dialectCompletesLater();
    mqtt.connect("dev1").send(Packets.subscribe(1, "r/#")).read();
    mqtt.send(publish(1, false, "a/1", 1, "1"), publish(0, false, "a/2", 0, "2"));

    pending.get(1).complete(PublishResult.ack(OutboundMessage.reply("r/2", bytes("two"))));
    assertThat(mqtt.read()).isEmpty();
    pending.get(0).complete(PublishResult.ack(OutboundMessage.reply("r/1", bytes("one"))));

    assertThat(mqtt.read())
        .containsExactly(
            concat(puback(1), publish(0, false, "r/1", 0, "one"), publish(0, false, "r/2", 0, "two")));
  }

  @Test
  void repliesGoOnlyToSubscribedTopics() {
    mqtt.dialect.publishHandler =
        (link, p) ->
            CompletableFuture.completedFuture(
                PublishResult.ackThen(
                    List.of(
                        OutboundMessage.reply("r/accepted", bytes("ok")),
                        OutboundMessage.reply("r/rejected", bytes("no")))));
    mqtt.connect("dev1").send(Packets.subscribe(1, "r/accepted")).read();

    mqtt.send(publish(1, false, "a/b", 2, "x"));

    assertThat(mqtt.read()).containsExactly(concat(puback(2), publish(0, false, "r/accepted", 0, "ok")));
  }

  @Test
  void unconditionalReplyIsSentWithoutSubscription() {
    mqtt.dialect.publishHandler =
        (link, p) ->
            CompletableFuture.completedFuture(
                PublishResult.ack(new OutboundMessage("push/x", bytes("hi"), 0, false)));

    mqtt.connect("dev1").send(publish(0, false, "a/b", 0, "x"));

    assertThat(mqtt.read()).containsExactly(publish(0, false, "push/x", 0, "hi"));
  }

  @Test
  void disconnectResultClosesWithoutPuback() {
    mqtt.dialect.publishHandler =
        (link, p) -> CompletableFuture.completedFuture(PublishResult.disconnect(DisconnectReason.ILLEGAL_TOPIC));

    mqtt.connect("dev1").send(publish(1, false, "a/b", 1, "x"));

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.ILLEGAL_TOPIC);
  }

  @Test
  void failedHandlingClosesWithInternalError() {
    dialectCompletesLater();
    mqtt.connect("dev1").send(publish(1, false, "a/b", 1, "x"));

    pending.get(0).completeExceptionally(new IllegalStateException("store down (expected by the test)"));

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.INTERNAL_ERROR);
  }

  @Test
  void tooManyPublishesInProgressPauseReading() {
    dialectCompletesLater();
    mqtt.connect("dev1");
    for (int i = 1; i <= 64; i++) { // the default maxPendingPublishes
      mqtt.send(publish(1, false, "a/b", i, "x"));
    }
    assertThat(mqtt.channel().config().isAutoRead()).isFalse();

    pending.forEach(f -> f.complete(PublishResult.ack()));
    mqtt.channel().runPendingTasks(); // completions hop back through the loop's task queue

    assertThat(mqtt.channel().config().isAutoRead()).isTrue();
    assertThat(mqtt.read()).hasSize(64 * 4);
  }

  @Test
  void publishesBeyondTheInProgressLimitAreHeldNotHandedToTheDialect() {
    dialectCompletesLater();
    mqtt.connect("dev1");
    // One read that decodes 100 packets: pausing reads alone would let all 100 through.
    byte[][] burst = new byte[100][];
    for (int i = 0; i < burst.length; i++) {
      burst[i] = publish(1, false, "a/b", i + 1, "x");
    }
    mqtt.send(burst);
    assertThat(pending).hasSize(64);

    for (int round = 0; round < 3; round++) {
      List<CompletableFuture<PublishResult>> now = List.copyOf(pending);
      now.forEach(f -> f.complete(PublishResult.ack()));
      mqtt.channel().runPendingTasks();
    }
    assertThat(pending).hasSize(100);
    byte[] acks = mqtt.read();
    assertThat(acks).hasSize(100 * 4);
    for (int i = 0; i < 100; i++) { // PUBACKs in arrival order, held ones included
      assertThat(((acks[i * 4 + 2] & 0xFF) << 8) | (acks[i * 4 + 3] & 0xFF)).isEqualTo(i + 1);
    }
    assertThat(mqtt.channel().config().isAutoRead()).isTrue();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
