package io.porta.mqtt;

import static io.porta.mqtt.support.Packets.concat;
import static io.porta.mqtt.support.Packets.puback;
import static io.porta.mqtt.support.Packets.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.porta.core.dialect.PublishResult;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.mqtt.support.InMemoryProducts;
import io.porta.mqtt.support.Packets;
import io.porta.mqtt.support.RawClient;
import io.porta.mqtt.support.TestServer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real server on a free port with real sockets: raw bytes and the HiveMQ 3.1.1 client. */
class MqttServerIT {
  private final TestServer server = new TestServer();
  private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    server.close();
  }

  private RawClient raw() {
    RawClient c = new RawClient(server.port());
    closeables.add(c);
    return c;
  }

  private Mqtt3BlockingClient hivemq(String device) {
    Mqtt3BlockingClient client =
        Mqtt3Client.builder()
            .identifier(device)
            .serverHost("127.0.0.1")
            .serverPort(server.port())
            .buildBlocking();
    client
        .connectWith()
        .simpleAuth()
        .username(InMemoryProducts.PRODUCT)
        .password(InMemoryProducts.SECRET.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send();
    closeables.add(
        () -> {
          if (client.getState().isConnected()) {
            client.disconnect();
          }
        });
    return client;
  }

  @Test
  void listenerPortsAreExposed() {
    assertThat(server.server.tcpPort()).isPositive();
    assertThat(server.server.tlsPort()).isEqualTo(-1);
  }

  @Test
  void connectTimeoutClosesASilentConnection() {
    MqttConfig d = TestServer.config();
    try (TestServer quick =
        new TestServer(d.withLimits(d.maxPacketSize(), d.maxClientIdLength(), Duration.ofMillis(300), 15))) {
      RawClient silent = new RawClient(quick.port());
      closeables.add(silent);

      assertThat(silent.readUntilClosed()).isEmpty();
      await().until(() -> quick.disconnects(DisconnectReason.CONNECT_TIMEOUT) == 1);
    }
  }

  @Test
  void keepAliveTimeoutClosesASilentDevice() {
    RawClient device = raw().connect("dev1", 1); // closed after 1.5 s of silence

    assertThat(device.readUntilClosed()).isEmpty();
    await().until(() -> server.disconnects(DisconnectReason.KEEPALIVE_TIMEOUT) == 1);
  }

  @Test
  void keepAliveRunsFromTheLastPacketSoAPingingDeviceStays() throws InterruptedException {
    RawClient device = raw().connect("dev1", 2); // 3 s of silence would close it
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(7);

    while (System.nanoTime() < until) { // well past 1.5 x keepalive since the CONNACK
      device.send(Packets.PINGREQ);
      assertThat(device.read(2)).containsExactly(Packets.PINGRESP);
      Thread.sleep(300);
    }
    assertThat(server.disconnects(DisconnectReason.KEEPALIVE_TIMEOUT)).isZero();

    assertThat(device.readUntilClosed()).isEmpty(); // silent from now on
    await().until(() -> server.disconnects(DisconnectReason.KEEPALIVE_TIMEOUT) == 1);
  }

  @Test
  void mqtt31ClientConnects() {
    RawClient device = raw();
    device.send(Packets.connect("MQIsdp", 3, "dev1", InMemoryProducts.PRODUCT, InMemoryProducts.SECRET, 60));

    assertThat(device.read(4)).containsExactly(Packets.CONNACK_ACCEPTED);
    assertThat(server.link("dev1").info().protocolLevel()).isEqualTo(3);
  }

  @Test
  void malformedBytesCloseTheSocket() {
    RawClient device = raw().connect("dev1", 60);
    device.send(new byte[] {0x00, 0x00});

    assertThat(device.readUntilClosed()).isEmpty();
    await().until(() -> server.disconnects(DisconnectReason.MALFORMED_PACKET) == 1);
  }

  @Test
  void pubacksWaitForCompletionAndFollowArrivalOrder() {
    List<CompletableFuture<PublishResult>> pending = new CopyOnWriteArrayList<>();
    server.dialect.publishHandler =
        (link, p) -> {
          CompletableFuture<PublishResult> f = new CompletableFuture<>();
          pending.add(f);
          return f;
        };
    RawClient device = raw().connect("dev1", 60);
    device.send(publish(1, false, "a/1", 1, "1"), publish(1, false, "a/2", 2, "2"), publish(1, false, "a/3", 3, "3"));
    await().until(() -> pending.size() == 3);

    // Completed on this thread, not the loop: the results hop to the loop.
    pending.get(2).complete(PublishResult.ack());
    pending.get(1).complete(PublishResult.ack());
    device.send(Packets.PINGREQ);
    assertThat(device.read(2)).containsExactly(Packets.PINGRESP); // no PUBACK got ahead of it

    pending.get(0).complete(PublishResult.ack());

    assertThat(device.read(12)).containsExactly(concat(puback(1), puback(2), puback(3)));
  }

  @Test
  void hivemqClientGetsItsPubackAndOnlyTheSubscribedReplies() throws Exception {
    server.dialect.publishHandler =
        (link, p) ->
            CompletableFuture.supplyAsync(
                () ->
                    PublishResult.ackThen(
                        List.of(
                            OutboundMessage.reply("r/rejected", bytes("no")),
                            OutboundMessage.reply("r/accepted", bytes(new String(p.payload(), StandardCharsets.UTF_8))))));
    Mqtt3BlockingClient client = hivemq("dev1");
    try (Mqtt3BlockingClient.Mqtt3Publishes replies = client.publishes(MqttGlobalPublishFilter.ALL)) {
      client.subscribeWith().topicFilter("r/accepted").qos(MqttQos.AT_LEAST_ONCE).send();

      client.publishWith().topic("a/b").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("one")).send();
      client.publishWith().topic("a/b").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("two")).send();

      Optional<Mqtt3Publish> first = replies.receive(10, TimeUnit.SECONDS);
      Optional<Mqtt3Publish> second = replies.receive(10, TimeUnit.SECONDS);
      // Had r/rejected been sent, it would have arrived before the second r/accepted.
      assertThat(first).hasValueSatisfying(m -> assertReply(m, "r/accepted", "one"));
      assertThat(second).hasValueSatisfying(m -> assertReply(m, "r/accepted", "two"));
    }
    assertThat(server.dialect.published).extracting(p -> p.qos()).containsExactly(1, 1);
  }

  @Test
  void deviceLinkSendReachesTheDevice() throws Exception {
    // A byte-level client: the server's bytes themselves, in order, with no client library between.
    RawClient device = raw().connect("dev1", 60);
    boolean qos1 = server.link("dev1").send(new OutboundMessage("d/one", bytes("a"), 1, false)).toCompletableFuture().get();
    boolean qos0 = server.link("dev1").send(new OutboundMessage("d/two", bytes("b"), 0, false)).toCompletableFuture().get();

    assertThat(qos1).isTrue();
    assertThat(qos0).isTrue();
    byte[] first = device.read(12);
    assertThat(first[0]).isEqualTo((byte) 0x32); // PUBLISH, QoS 1
    assertThat(java.util.Arrays.copyOfRange(first, 1, 9)).containsExactly(10, 0, 5, 'd', '/', 'o', 'n', 'e');
    assertThat(((first[9] & 0xFF) << 8) | (first[10] & 0xFF)).as("packet id").isPositive();
    assertThat(first[11]).isEqualTo((byte) 'a');
    assertThat(device.read(10)).containsExactly(0x30, 8, 0, 5, 'd', '/', 't', 'w', 'o', 'b'); // QoS 0
    assertThat(server.link("dev1").info().listener()).isEqualTo("mqtt");
    device.close();
  }


  @Test
  void takeoverClosesTheOlderConnection() {
    Mqtt3BlockingClient older = hivemq("dev1");
    Mqtt3BlockingClient newer = hivemq("dev1");

    await().until(() -> !older.getState().isConnected());
    assertThat(newer.getState().isConnected()).isTrue();
    assertThat(server.disconnects(DisconnectReason.TAKEOVER)).isEqualTo(1);
    assertThat(server.server.sessions().onlineDevices(InMemoryProducts.PRODUCT)).containsExactly("dev1");
  }

  @Test
  void bannedDeviceGetsConnack5() {
    server.dialect.rateLimits =
        new io.porta.core.dialect.RateLimits(Duration.ofMinutes(1), 0, 0, 0, 0, 0, 1, Duration.ofMinutes(1));
    RawClient first = raw().connect("dev1", 60);
    first.send(Packets.PINGREQ, Packets.PINGREQ);
    assertThat(first.readUntilClosed()).containsExactly(Packets.PINGRESP);

    RawClient again = raw();
    again.send(Packets.connect("dev1"));

    assertThat(again.readUntilClosed()).containsExactly(Packets.connack(5));
    await().until(() -> server.disconnects(DisconnectReason.BANNED) == 1);
  }

  @Test
  void connectionsGaugeCountsLiveConnections() {
    RawClient device = raw().connect("dev1", 60);
    await().until(() -> server.connections("mqtt") == 1);

    device.send(Packets.DISCONNECT);

    await().until(() -> server.connections("mqtt") == 0);
    assertThat(server.disconnects(DisconnectReason.CLIENT_DISCONNECT)).isEqualTo(1);
  }

  @Test
  void deviceThatStopsReadingIsClosedAsSlowConsumer() throws Exception {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
    RawClient device = new RawClient(socket);
    closeables.add(device);
    device.connect("dev1", 0); // and never reads again

    byte[] chunk = new byte[64 * 1024];
    boolean sent = true;
    for (int i = 0; i < 2000 && sent; i++) {
      sent = server.link("dev1").send(new OutboundMessage("d/bulk", chunk, 0, false)).toCompletableFuture().get();
    }

    assertThat(sent).isFalse();
    await().until(() -> server.disconnects(DisconnectReason.SLOW_CONSUMER) == 1);
  }

  @Test
  void stopClosesEveryConnectionWithServerShutdown() {
    RawClient device = raw().connect("dev1", 60);

    server.server.stop();

    assertThat(device.readUntilClosed()).isEmpty();
    assertThat(server.disconnects(DisconnectReason.SERVER_SHUTDOWN)).isEqualTo(1);
  }

  private static void assertReply(Mqtt3Publish m, String topic, String payload) {
    assertThat(m.getTopic().toString()).isEqualTo(topic);
    assertThat(new String(m.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(payload);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
