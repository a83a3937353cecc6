package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.porta.server.it.RawMqttClient.Packet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The TLS certificate is replaced without a restart (design.md "Security"): the server reads its PEM
 * files periodically; new connections get the new certificate, open ones stay; a pair that does not
 * work is logged and counted, and the working one stays.
 */
class TlsReloadIT {
  static final String FAILED_RELOADS = "porta_tls_reloads_total{result=\"failure\"}";

  @TempDir Path dir;
  Path certFile;
  Path keyFile;
  PortaTestServer server;

  static X509Bundle certificate(String cn) throws Exception {
    return new CertificateBuilder()
        .subject("CN=" + cn)
        .addSanDnsName("localhost")
        .addSanIpAddress("127.0.0.1")
        .setIsCertificateAuthority(true)
        .ecp256()
        .buildSelfSigned();
  }

  @BeforeEach
  void start() throws Exception {
    certFile = dir.resolve("server.crt");
    keyFile = dir.resolve("server.key");
    install(certificate("cert-a"));
    server =
        PortaTestServer.start(
            Map.of(
                "porta.mqtts.cert-file", certFile.toString(),
                "porta.mqtts.key-file", keyFile.toString(),
                "porta.mqtts.reload-interval", "100ms"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Replaces the files the way a renewal tool does: each one by an atomic move. */
  void install(X509Bundle pair) throws Exception {
    write(keyFile, pair.getPrivateKeyPEM());
    write(certFile, pair.getCertificatePEM());
  }

  static void write(Path target, String pem) throws Exception {
    Path tmp = Files.writeString(target.resolveSibling(target.getFileName() + ".new"), pem);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The subject of the certificate a new TLS connection is shown. */
  String presented() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
    try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.mqttsPort())) {
      s.startHandshake();
      return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }
  }

  /** A OneNET device connected over TLS, before any reload. */
  RawMqttClient connectedDevice() throws Exception {
    server.rest().createProduct("onenet", "tlsrl01");
    server.rest().createDevice("tlsrl01", "dev-1");
    JsonNode c = server.rest().connection("tlsrl01", "dev-1");
    RawMqttClient device = RawMqttClient.tls(server.mqttsPort(), InsecureTrustManagerFactory.INSTANCE);
    device.write(
        RawMqttClient.connect(
            4, RawMqttClient.ONENET_FLAGS, 60, c.get("clientId").asString(), c.get("username").asString(),
            c.get("password").asString()));
    assertThat(RawMqttClient.connackCode(device.read())).isZero();
    return device;
  }

  static void assertStillConnected(RawMqttClient device) throws Exception {
    device.write(RawMqttClient.pingreq());
    Packet pingresp = device.read();
    assertThat(pingresp).as("PINGRESP on the connection opened before the reload").isNotNull();
    assertThat(pingresp.type()).isEqualTo(13);
  }

  @Test
  void newConnectionsGetTheNewCertificateAndOpenOnesStay() throws Exception {
    assertThat(presented()).isEqualTo("CN=cert-a");
    try (RawMqttClient device = connectedDevice()) {
      install(certificate("cert-b"));

      await().atMost(Duration.ofSeconds(30)).until(() -> presented().equals("CN=cert-b"));
      assertStillConnected(device);
    }
  }

  @Test
  void anInvalidPairIsRefusedAndTheWorkingOneStays() throws Exception {
    X509Bundle b = certificate("cert-b");
    install(b);
    await().atMost(Duration.ofSeconds(30)).until(() -> presented().equals("CN=cert-b"));
    try (RawMqttClient device = connectedDevice()) {
      double failedBefore = server.rest().metric(FAILED_RELOADS);

      // cert-c's certificate with cert-b's key: parses, but no handshake could ever succeed.
      write(certFile, certificate("cert-c").getCertificatePEM());

      await().atMost(Duration.ofSeconds(30)).until(() -> server.rest().metric(FAILED_RELOADS) > failedBefore);
      assertThat(presented()).isEqualTo("CN=cert-b");
      assertStillConnected(device);

      // Garbage is refused too.
      double failedAfterMismatch = server.rest().metric(FAILED_RELOADS);
      write(keyFile, "not a key");
      await().atMost(Duration.ofSeconds(30)).until(() -> server.rest().metric(FAILED_RELOADS) > failedAfterMismatch);
      assertThat(presented()).isEqualTo("CN=cert-b");
    }
  }
}
