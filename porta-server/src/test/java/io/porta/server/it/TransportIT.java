package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The TLS listener with the self-signed certificate generated on first start. */
class TransportIT {
  static PortaTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = PortaTestServer.start();
    server.rest().createProduct("onenet", "ontls01");
    server.rest().createDevice("ontls01", "dev-tls");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static TrustManagerFactory trustGeneratedCertificate() throws Exception {
    return trustGeneratedCertificate(server);
  }

  /** Trusts the self-signed certificate the server generated into its data directory. */
  static TrustManagerFactory trustGeneratedCertificate(PortaTestServer server) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(server.dataDir().resolve("tls/server.crt"))) {
      store.setCertificateEntry("porta", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return tmf;
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void tlsClientConnectsWithGeneratedCertificate(String protocol) throws Exception {
    JsonNode c = server.rest().connection("ontls01", "dev-tls");
    assertThat(c.get("tlsPort").asInt()).isEqualTo(server.mqttsPort());
    Mqtt3BlockingClient client =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier(c.get("clientId").asText())
            .serverHost("localhost")
            .serverPort(server.mqttsPort())
            .sslConfig()
            .trustManagerFactory(trustGeneratedCertificate())
            .protocols(List.of(protocol))
            .applySslConfig()
            .buildBlocking();
    Mqtt3ConnAck ack =
        client
            .connectWith()
            .simpleAuth()
            .username(c.get("username").asText())
            .password(c.get("password").asText().getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .send();
    assertThat(ack.getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
    client.disconnect();
  }
}
