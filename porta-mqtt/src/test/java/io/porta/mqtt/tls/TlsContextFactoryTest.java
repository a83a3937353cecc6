package io.porta.mqtt.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.porta.mqtt.MqttConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A TLS context is checked by a real handshake before it is used (design.md "Security"). */
class TlsContextFactoryTest {
  static X509Bundle rsa;
  static X509Bundle ec;
  static final TlsContextFactory DEFAULTS =
      new TlsContextFactory(MqttConfig.DEFAULT_TLS_PROTOCOLS, MqttConfig.DEFAULT_TLS_CIPHERS);

  @BeforeAll
  static void certificates() throws Exception {
    rsa = new CertificateBuilder().subject("CN=rsa").rsa2048().setIsCertificateAuthority(true).buildSelfSigned();
    ec = new CertificateBuilder().subject("CN=ec").ecp256().setIsCertificateAuthority(true).buildSelfSigned();
  }

  static byte[] cert(X509Bundle b) throws Exception {
    return b.getCertificatePEM().getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] key(X509Bundle b) throws Exception {
    return b.getPrivateKeyPEM().getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void rsaAndEcPairsServeTls13And12WithTheDefaultSuites() throws Exception {
    assertThat(DEFAULTS.build(cert(rsa), key(rsa), "rsa").certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=rsa");
    assertThat(DEFAULTS.build(cert(ec), key(ec), "ec").certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=ec");
  }

  @Test
  void aKeyThatDoesNotMatchTheCertificateIsRefused() throws Exception {
    X509Bundle other = new CertificateBuilder().subject("CN=other").rsa2048().setIsCertificateAuthority(true).buildSelfSigned();
    assertThatThrownBy(() -> DEFAULTS.build(cert(rsa), key(other), "mismatched"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be served with mismatched");
  }

  @Test
  void garbageIsRefused() {
    byte[] junk = "not a certificate".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> DEFAULTS.build(junk, junk, "junk"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot load");
  }

  @Test
  void suitesThatFitNeitherTheKeyNorTheProtocolAreRefused() {
    // An EC key with RSA-only TLS 1.2 suites: no handshake could ever succeed.
    TlsContextFactory rsaOnly =
        new TlsContextFactory(List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    assertThatThrownBy(() -> rsaOnly.build(cert(ec), key(ec), "ec"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TLSv1.2");
  }

  @Test
  void unknownSuiteNamesAreRefused() {
    assertThatThrownBy(() -> new TlsContextFactory(List.of("TLSv1.3"), List.of("TLS_AES_128_GCM_SHA256", "TLS_NOPE")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TLS_NOPE");
  }

  @Test
  void tls11RefusedWithTheReasonWhenTheJvmDisablesIt() {
    assumeTrue(TlsContextFactory.jvmDisables("TLSv1.1"), "this JVM permits TLSv1.1");
    TlsContextFactory legacy =
        new TlsContextFactory(
            List.of("TLSv1.2", "TLSv1.1"),
            List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"));
    assertThatThrownBy(() -> legacy.build(cert(rsa), key(rsa), "rsa"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TLSv1.1")
        .hasMessageContaining("jdk.tls.disabledAlgorithms")
        .hasMessageContaining("-Djava.security.properties");
  }
}
