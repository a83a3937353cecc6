package io.porta.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A simulated device with full client behaviour (the HiveMQ MQTT client: its own session state,
 * subscriptions, QoS 1 flows), for the scenarios where the device must also receive: upload replies
 * and commands.
 */
final class HiveDevice implements AutoCloseable {
  final Credentials credentials;
  final Mqtt3AsyncClient client;

  private HiveDevice(Credentials credentials, Mqtt3AsyncClient client) {
    this.credentials = credentials;
    this.client = client;
  }

  static CompletableFuture<HiveDevice> connect(Credentials c, int port) {
    Mqtt3AsyncClient client = MqttClient.builder()
        .useMqttVersion3()
        .identifier(c.clientId())
        .serverHost("127.0.0.1")
        .serverPort(port)
        .buildAsync();
    var connect = client.connectWith().keepAlive(60).cleanSession(true);
    if (c.username() != null) {
      connect = connect.simpleAuth()
          .username(c.username())
          .password(c.password().getBytes(StandardCharsets.UTF_8))
          .applySimpleAuth();
    }
    HiveDevice device = new HiveDevice(c, client);
    return connect.send().thenApply(ack -> device);
  }

  /** Subscribes at QoS 0 and calls {@code callback} for each message on the client's thread. */
  void subscribe(String filter, Consumer<Mqtt3Publish> callback) throws Exception {
    client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_MOST_ONCE).callback(callback).send()
        .get(10, TimeUnit.SECONDS);
  }

  CompletableFuture<Mqtt3Publish> publish(String topic, MqttQos qos, byte[] payload) {
    return client.publishWith().topic(topic).qos(qos).payload(payload).send();
  }

  @Override
  public void close() {
    try {
      client.disconnect().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // already gone
    }
  }
}
