package io.porta.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.support.InMemoryProducts;
import io.porta.mqtt.support.Packets;
import io.porta.mqtt.support.RawClient;
import io.porta.mqtt.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listener with a throwaway self-signed certificate (design.md "Security"). */
class TlsListenerIT {
  @TempDir static Path dir;
  private static X509Bundle certificate;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    certificate =
        new CertificateBuilder()
            .subject("CN=localhost")
            .addSanDnsName("localhost")
            .addSanIpAddress("127.0.0.1")
            .setIsCertificateAuthority(true)
            .ecp256()
            .buildSelfSigned();
    Path cert = Files.writeString(dir.resolve("cert.pem"), certificate.getCertificatePEM());
    Path key = Files.writeString(dir.resolve("key.pem"), certificate.getPrivateKeyPEM());
    server = new TestServer(TestServer.config().withTls(0, cert, key));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawClient tlsClient() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, certificate.toTrustManagerFactory().getTrustManagers(), null);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.server.tlsPort());
    socket.startHandshake();
    assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    return new RawClient(socket);
  }

  @Test
  void tlsListenerAcceptsATlsClient() throws Exception {
    try (RawClient device = tlsClient()) {
      device.connect("dev1", 60);

      assertThat(server.link("dev1").info().listener()).isEqualTo("mqtts");
    }
  }

  @Test
  void productThatRequiresTlsConnectsOverTls() throws Exception {
    try (RawClient device = tlsClient()) {
      device.send(Packets.connect("MQTT", 4, "dev2", InMemoryProducts.TLS_ONLY, InMemoryProducts.SECRET, 60));

      assertThat(device.read(4)).containsExactly(Packets.CONNACK_ACCEPTED);
    }
  }

  @Test
  void plainTextOnTheTlsPortIsClosed() {
    double before = server.disconnects(DisconnectReason.PROTOCOL_VIOLATION);
    try (RawClient device = new RawClient(server.server.tlsPort())) {
      device.send(Packets.connect("dev3"));

      assertThat(device.readUntilClosed()).isEmpty();
    }
    await().until(() -> server.disconnects(DisconnectReason.PROTOCOL_VIOLATION) > before);
  }
}
