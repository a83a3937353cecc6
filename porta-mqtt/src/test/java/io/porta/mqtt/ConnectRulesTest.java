package io.porta.mqtt;

import static io.porta.mqtt.support.Packets.concat;
import static io.porta.mqtt.support.Packets.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.porta.core.dialect.ConnectRefusal;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.support.EmbeddedMqtt;
import io.porta.mqtt.support.InMemoryProducts;
import io.porta.mqtt.support.Packets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MQTT 3.1.1 §3.1/§3.2 and protocols.md A.2/A.4, with literal bytes on the real pipeline. */
class ConnectRulesTest {
  private final EmbeddedMqtt mqtt = new EmbeddedMqtt();

  @AfterEach
  void close() {
    mqtt.close();
  }

  @Test
  void firstPacketMustBeConnect() {
    mqtt.send(Packets.PINGREQ);

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.PROTOCOL_VIOLATION);
    assertThat(mqtt.disconnects(DisconnectReason.PROTOCOL_VIOLATION)).isEqualTo(1);
  }

  @Test
  void secondConnectCloses() {
    mqtt.connect("dev1").send(connect("dev1"));

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.DUPLICATE_CONNECT);
  }

  @Test
  void mqtt31LevelThreeIsAccepted() {
    mqtt.send(connect("MQIsdp", 3, "dev1", InMemoryProducts.PRODUCT, InMemoryProducts.SECRET, 60));

    assertThat(mqtt.read()).containsExactly(Packets.CONNACK_ACCEPTED);
    assertThat(mqtt.isOpen()).isTrue();
    assertThat(mqtt.connection().info().protocolLevel()).isEqualTo(3);
    assertThat(mqtt.connection().info().listener()).isEqualTo("mqtt");
  }

  @Test
  void level5GetsConnack1() {
    mqtt.send(connect("MQTT", 5, "dev1", InMemoryProducts.PRODUCT, InMemoryProducts.SECRET, 60));

    assertThat(mqtt.read()).containsExactly(Packets.connack(1));
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.CONNECT_REFUSED);
  }

  @Test
  void level2GetsConnack1() {
    mqtt.send(connect("MQTT", 2, "dev1", InMemoryProducts.PRODUCT, InMemoryProducts.SECRET, 60));

    assertThat(mqtt.read()).containsExactly(Packets.connack(1));
    assertThat(mqtt.isOpen()).isFalse();
  }

  @Test
  void protocolNameThatDoesNotMatchTheLevelGetsConnack1() {
    mqtt.send(connect("MQIsdp", 4, "dev1", InMemoryProducts.PRODUCT, InMemoryProducts.SECRET, 60));

    assertThat(mqtt.read()).containsExactly(Packets.connack(1));
    assertThat(mqtt.isOpen()).isFalse();
  }

  @Test
  void clientIdTooLongGetsConnack2() {
    mqtt.send(connect("x".repeat(33))); // the test config allows 32

    assertThat(mqtt.read()).containsExactly(Packets.connack(2));
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.CONNECT_REFUSED);
  }

  @Test
  void wrongPasswordGetsConnack4() {
    mqtt.send(connect("MQTT", 4, "dev1", InMemoryProducts.PRODUCT, "wrong", 60));

    assertThat(mqtt.read()).containsExactly(Packets.connack(4));
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.AUTH_FAILED);
    assertThat(mqtt.counter("porta.connects", "result", "refused")).isEqualTo(1);
  }

  @Test
  void refusalWithoutConnackClosesSilently() {
    mqtt.dialect.checkConnect = r -> Optional.of(ConnectRefusal.protocol("will not supported"));

    mqtt.send(connect("dev1"));

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.PROTOCOL_VIOLATION);
  }

  @Test
  void tlsOnlyProductOnPlainTcpGetsConnack5() {
    mqtt.send(connect("MQTT", 4, "dev1", InMemoryProducts.TLS_ONLY, InMemoryProducts.SECRET, 60));

    assertThat(mqtt.read()).containsExactly(Packets.connack(5));
    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.CONNECT_REFUSED);
  }

  @Test
  void packetsAfterConnectAreHeldUntilConnack() {
    mqtt.deferAuth();
    mqtt.send(concat(connect("dev1"), Packets.subscribe(7, "a/b"), Packets.PINGREQ));

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.channel().config().isAutoRead()).isFalse();

    mqtt.runAuth();

    assertThat(mqtt.read())
        .containsExactly(concat(Packets.CONNACK_ACCEPTED, Packets.suback(7, 1), Packets.PINGRESP));
    assertThat(mqtt.channel().config().isAutoRead()).isTrue();
  }

  @Test
  void tooManyPacketsBeforeConnackClose() {
    mqtt.deferAuth();
    byte[][] pings = new byte[65][];
    java.util.Arrays.fill(pings, Packets.PINGREQ);
    mqtt.send(connect("dev1"));
    mqtt.send(concat(pings));

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.PROTOCOL_VIOLATION);
    mqtt.runAuth(); // the late result is ignored
    assertThat(mqtt.read()).isEmpty();
  }

  @Test
  void heldPacketsAreReleasedWhenTheConnectionDropsDuringAuth() {
    mqtt.deferAuth();
    mqtt.send(concat(connect("dev1"), Packets.publish(1, false, "a/b", 1, "held")));
    mqtt.channel().close();
    mqtt.runAuth();

    assertThat(mqtt.read()).isEmpty();
    assertThat(mqtt.closeReason()).isNull();
    assertThat(mqtt.disconnects(DisconnectReason.CONNECTION_LOST)).isEqualTo(1);
    assertThat(mqtt.dialect.published).isEmpty();
  }

  @Test
  void takeoverClosesTheOlderConnection() {
    EmbeddedChannel first = mqtt.channel();
    mqtt.connect("dev1");
    EmbeddedChannel second = mqtt.newChannel();

    mqtt.useChannel(second);
    mqtt.connect("dev1");
    first.runPendingTasks();

    assertThat(first.isOpen()).isFalse();
    assertThat(io.porta.mqtt.connection.Connection.of(first).closeReason())
        .isEqualTo(DisconnectReason.TAKEOVER);
    assertThat(mqtt.sessions.find(EmbeddedMqtt.device("dev1"))).containsSame(mqtt.connection());
    assertThat(mqtt.sessions.onlineDevices(InMemoryProducts.PRODUCT)).containsExactly("dev1");
  }

  @Test
  void sessionEntryIsRemovedOnClose() {
    mqtt.connect("dev1").send(Packets.DISCONNECT);

    assertThat(mqtt.isOpen()).isFalse();
    assertThat(mqtt.closeReason()).isEqualTo(DisconnectReason.CLIENT_DISCONNECT);
    assertThat(mqtt.sessions.find(EmbeddedMqtt.device("dev1"))).isEmpty();
  }
}
