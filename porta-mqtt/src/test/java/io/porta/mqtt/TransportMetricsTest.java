package io.porta.mqtt;

import static io.porta.mqtt.support.Packets.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.porta.core.dialect.AuthFailure;
import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.session.OutboundMessage;
import io.porta.mqtt.support.EmbeddedMqtt;
import io.porta.mqtt.support.InMemoryProducts;
import io.porta.mqtt.support.Packets;
import io.porta.mqtt.support.TestDialect;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport's meters on the real pipeline (design.md "Observability"): sessions by dialect and
 * listener, CONNECT latency, auth failures by reason, PUBLISHes up and down by dialect and QoS.
 */
class TransportMetricsTest {
  private final EmbeddedMqtt mqtt = new EmbeddedMqtt();

  @AfterEach
  void close() {
    mqtt.close();
  }

  /** The embedded pipeline has no MqttServer to register the gauge up front: absent means 0. */
  double sessions() {
    Gauge g = mqtt.meters.find("porta.sessions").tags("dialect", TestDialect.NAME, "listener", "mqtt").gauge();
    return g == null ? 0 : g.value();
  }

  double authFailures(AuthFailure reason) {
    return mqtt.meters.get("porta.auth.failures").tag("reason", reason.label()).counter().count();
  }

  Timer connectLatency(String result) {
    return mqtt.meters.get("porta.connect.latency").tag("result", result).timer();
  }

  @Test
  void anAcceptedConnectionIsASessionOfItsDialectUntilItCloses() {
    mqtt.connect("dev1");
    assertThat(sessions()).isEqualTo(1.0);
    assertThat(connectLatency("accepted").count()).isEqualTo(1);

    EmbeddedChannel second = mqtt.newChannel();
    mqtt.useChannel(second);
    mqtt.connect("dev2");
    assertThat(sessions()).isEqualTo(2.0);

    mqtt.send(Packets.DISCONNECT);
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(sessions()).isEqualTo(1.0);
  }

  @Test
  void aTakeoverLeavesOneSession() {
    mqtt.connect("dev1");
    EmbeddedChannel second = mqtt.newChannel();
    mqtt.useChannel(second);
    mqtt.connect("dev1"); // closes the first connection (TAKEOVER)
    assertThat(sessions()).isEqualTo(1.0);
  }

  @Test
  void aRefusedConnectIsNotASessionAndCountsItsReason() {
    mqtt.send(Packets.connect("MQTT", 4, "dev1", InMemoryProducts.PRODUCT, "wrong", 60));
    assertThat(mqtt.read()).containsExactly(Packets.connack(ConnectRefusal.BAD_USERNAME_OR_PASSWORD));
    assertThat(mqtt.isOpen()).isFalse();

    assertThat(sessions()).isZero();
    assertThat(authFailures(AuthFailure.BAD_CREDENTIALS)).isEqualTo(1.0);
    assertThat(connectLatency("refused").count()).isEqualTo(1);
    assertThat(connectLatency("accepted").count()).isZero();
    assertThat(mqtt.counter("porta.connects", "result", "refused")).isEqualTo(1.0);
  }

  @Test
  void aDialectsFinerReasonIsCounted() {
    mqtt.dialect.checkConnect = r -> Optional.of(ConnectRefusal.expired("token expired"));
    mqtt.send(Packets.connect("dev1"));
    assertThat(mqtt.read()).containsExactly(Packets.connack(ConnectRefusal.BAD_USERNAME_OR_PASSWORD));
    assertThat(authFailures(AuthFailure.EXPIRED)).isEqualTo(1.0);
    assertThat(authFailures(AuthFailure.BAD_CREDENTIALS)).isZero();
  }

  @Test
  void refusalsDecidedByTheTransportCountTheirReason() {
    mqtt.send(Packets.connect("MQTT", 5, "dev1", InMemoryProducts.PRODUCT, InMemoryProducts.SECRET, 60));
    assertThat(mqtt.read()).containsExactly(Packets.connack(1));
    assertThat(authFailures(AuthFailure.UNSUPPORTED_PROTOCOL)).isEqualTo(1.0);

    EmbeddedChannel tls = mqtt.newChannel();
    mqtt.useChannel(tls);
    mqtt.send(Packets.connect("MQTT", 4, "dev1", InMemoryProducts.TLS_ONLY, InMemoryProducts.SECRET, 60));
    assertThat(mqtt.read()).containsExactly(Packets.connack(ConnectRefusal.NOT_AUTHORIZED));
    assertThat(authFailures(AuthFailure.TLS_REQUIRED)).isEqualTo(1.0);
    assertThat(connectLatency("refused").count()).isEqualTo(2);
  }

  @Test
  void theRefusalLogDetailNamesTheClaimedDeviceButNotThePassword() {
    mqtt.send(Packets.connect("MQTT", 4, "dev-claimed", InMemoryProducts.PRODUCT, "wrong-secret", 60));
    mqtt.read();
    assertThat(mqtt.connection().closeDetail())
        .contains("dev-claimed")
        .contains(InMemoryProducts.PRODUCT)
        .doesNotContain("wrong-secret");
  }

  @Test
  void publishesAreCountedByDialectAndQos() {
    mqtt.connect("dev1");
    mqtt.send(publish(0, false, "up/a", 0, "x"), publish(1, false, "up/b", 7, "y"), publish(1, false, "up/c", 8, "z"));
    assertThat(mqtt.read()).isEqualTo(Packets.concat(Packets.puback(7), Packets.puback(8)));
    assertThat(uplink("0")).isEqualTo(1.0);
    assertThat(uplink("1")).isEqualTo(2.0);

    assertThat(mqtt.connection().deliver(new OutboundMessage("down/x", bytes("cmd"), 0, false), true)).isTrue();
    mqtt.read();
    assertThat(mqtt.meters.get("porta.downlink").tags("dialect", TestDialect.NAME, "qos", "0").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void nettyAllocatorGaugesAreRegistered() {
    assertThat(mqtt.meters.find("porta.netty.allocator.memory.used").tag("area", "direct").gauge()).isNotNull();
    assertThat(mqtt.meters.find("porta.netty.allocator.memory.used").tag("area", "heap").gauge()).isNotNull();
  }

  double uplink(String qos) {
    return mqtt.meters.get("porta.uplink").tags("dialect", TestDialect.NAME, "qos", qos).counter().count();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
