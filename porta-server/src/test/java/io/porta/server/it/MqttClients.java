package io.porta.server.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/** Real MQTT 3.1.1 clients (HiveMQ MQTT client) for the integration tests. */
public final class MqttClients {
  private MqttClients() {}

  /** A connected device client, plus the stream of what it receives. */
  public static final class Device implements AutoCloseable {
    public final Mqtt3BlockingClient client;
    public final Mqtt3BlockingClient.Mqtt3Publishes inbox;
    public final String productId;
    public final String name;

    Device(Mqtt3BlockingClient client, String productId, String name) {
      this.client = client;
      this.productId = productId;
      this.name = name;
      this.inbox = client.publishes(MqttGlobalPublishFilter.ALL);
    }

    public String topic(String suffix) {
      return "$sys/" + productId + "/" + name + "/" + suffix;
    }

    public Mqtt3SubAckReturnCode subscribe(String filter) {
      try {
        return client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReturnCodes().get(0);
      } catch (Mqtt3SubAckException e) {
        return e.getMqttMessage().getReturnCodes().get(0);
      }
    }

    public void publish(String topic, String payload, MqttQos qos) {
      client.publishWith().topic(topic).qos(qos).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    /**
     * Publishes at QoS 1 and waits for the PUBACK (30 s at most, a generous bound, not a timing
     * assertion). @throws Exception when it does not come
     */
    public void publishAcknowledged(String topic, String payload) throws Exception {
      client
          .toAsync()
          .publishWith()
          .topic(topic)
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(payload.getBytes(StandardCharsets.UTF_8))
          .send()
          .get(30, TimeUnit.SECONDS);
    }

    /** The next message received within 10 s, if any. */
    public Optional<Mqtt3Publish> receive() {
      try {
        return inbox.receive(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }

    public static String text(Mqtt3Publish p) {
      return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      inbox.close();
      if (client.getState().isConnected()) {
        client.disconnect();
      }
    }
  }

  public static Mqtt3BlockingClient client(int port, String clientId) {
    return MqttClient.builder()
        .useMqttVersion3()
        .identifier(clientId)
        .serverHost("127.0.0.1")
        .serverPort(port)
        .buildBlocking();
  }

  /** Connects with the credentials from the REST {@code connection} endpoint. */
  public static Device connect(PortaTestServer server, String productId, String name) {
    JsonNode c = server.rest().connection(productId, name);
    Mqtt3BlockingClient client = client(server.mqttPort(), c.get("clientId").asText());
    client
        .connectWith()
        .simpleAuth()
        .username(c.get("username").asText())
        .password(c.get("password").asText().getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .keepAlive(60)
        .cleanSession(true)
        .send();
    return new Device(client, productId, name);
  }

  /** Tries a CONNECT and returns the CONNACK return code, or null when the server closed without one. */
  public static Mqtt3ConnAckReturnCode tryConnect(int port, String clientId, String username, String password) {
    Mqtt3BlockingClient client = client(port, clientId);
    try {
      var ack =
          client
              .connectWith()
              .simpleAuth()
              .username(username)
              .password(password.getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth()
              .keepAlive(60)
              .send();
      client.disconnect();
      return ack.getReturnCode();
    } catch (Mqtt3ConnAckException e) {
      return e.getMqttMessage().getReturnCode();
    } catch (ConnectionClosedException e) {
      return null; // closed without a CONNACK
    }
  }

}
