package io.porta.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.porta.mqtt.MqttConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TLS listener's protocols and cipher suites (design.md "Security"): TLS 1.2 and 1.3 with AEAD
 * suites that have forward secrecy; TLS 1.0/1.1 only when configured, and then only in a JVM whose
 * security policy permits them; otherwise the server refuses to start and says why.
 */
class TlsIT {
  /** A suite TLS 1.1 can use (no AEAD suite can), as an operator who enables it must add. */
  static final String CBC_SUITE = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";

  static PortaTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = PortaTestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static SSLSocket handshake(String protocol, String... suites) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, TransportIT.trustGeneratedCertificate(server).getTrustManagers(), null);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.mqttsPort());
    socket.setEnabledProtocols(new String[] {protocol});
    if (suites.length > 0) {
      socket.setEnabledCipherSuites(suites);
    }
    socket.startHandshake();
    return socket;
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void tls12And13ClientsConnectWithAnAeadForwardSecretSuite(String protocol) throws Exception {
    try (SSLSocket socket = handshake(protocol)) {
      assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
      assertThat(socket.getSession().getCipherSuite()).isIn(MqttConfig.DEFAULT_TLS_CIPHERS);
    }
  }

  @Test
  void aClientOfferingOnlyTls11IsRefusedByDefault() throws Exception {
    TlsProbe.Outcome tls11 = TlsProbe.offer(server.mqttsPort(), "TLSv1.1");
    assertThat(tls11.negotiated()).as(tls11.output()).isFalse();
    assertThat(tls11.output()).startsWith("refused");
    // The same probe offering TLS 1.2 gets through: the refusal is the server's, for the version.
    TlsProbe.Outcome tls12 = TlsProbe.offer(server.mqttsPort(), "TLSv1.2");
    assertThat(tls12.output()).startsWith("negotiated TLSv1.2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", // forward secrecy, but CBC
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", // forward secrecy, but CBC and SHA-1
        "TLS_RSA_WITH_AES_128_GCM_SHA256", // AEAD, but static RSA key exchange
        "TLS_RSA_WITH_AES_256_CBC_SHA256", // neither
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256" // finite-field DHE: not on the list
      })
  void aClientOfferingOnlyAnOutdatedSuiteIsRefused(String suite) throws Exception {
    // The JDK client really offers it (its policy permits the suite), so the refusal is the server's.
    assertThat(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites()).contains(suite);
    assertThatThrownBy(() -> handshake("TLSv1.2", suite).close()).isInstanceOf(SSLHandshakeException.class);
  }

  static Map<String, String> legacyEnabled() {
    List<String> ciphers = new ArrayList<>(MqttConfig.DEFAULT_TLS_CIPHERS);
    ciphers.add(CBC_SUITE);
    return Map.of(
        "porta.mqtts.protocols", "TLSv1.3,TLSv1.2,TLSv1.1",
        "porta.mqtts.ciphers", String.join(",", ciphers));
  }

  @Test
  void enablingTls11InAJvmThatForbidsItStopsTheStartWithTheReason() {
    SSLEngine engine;
    try {
      engine = SSLContext.getDefault().createSSLEngine();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    engine.setUseClientMode(false);
    assumeTrue(!List.of(engine.getEnabledProtocols()).contains("TLSv1.1"), "this JVM permits TLSv1.1");

    assertThatThrownBy(() -> PortaTestServer.start(legacyEnabled()).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TLSv1.1")
        .hasMessageContaining("jdk.tls.disabledAlgorithms")
        .hasMessageContaining("-Djava.security.properties");
  }

  @Test
  void tls11WorksWhenEnabledInAJvmThatPermitsIt() throws Exception {
    try (PortaProcess legacy = PortaProcess.start(List.of(TlsProbe.legacyPermitted()), legacyEnabled())) {
      TlsProbe.Outcome tls11 = TlsProbe.offer(legacy.mqttsPort(), "TLSv1.1");
      assertThat(tls11.output()).as(legacy.logTail()).isEqualTo("negotiated TLSv1.1 " + CBC_SUITE);
      assertThat(TlsProbe.offer(legacy.mqttsPort(), "TLSv1.3").output()).startsWith("negotiated TLSv1.3");
    }
  }
}
