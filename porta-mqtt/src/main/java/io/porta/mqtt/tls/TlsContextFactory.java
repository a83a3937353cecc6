package io.porta.mqtt.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Builds the TLS listener's context from PEM bytes, with exactly the configured protocols and cipher
 * suites (design.md "Security"), and checks it before it is used: every configured protocol must
 * complete a handshake in memory ({@link HandshakeProbe}), so a key that does not match its
 * certificate, a suite list that fits neither the key nor a protocol, or a protocol the JVM
 * forbids is an error here, with the reason, not a silent handshake failure for every device.
 */
public final class TlsContextFactory {
  /** TLS versions before 1.2, which the JDK disables by default (RFC 8996 deprecates them). */
  private static final Set<String> LEGACY = Set.of("SSLv3", "TLSv1", "TLSv1.1");

  private final List<String> protocols;
  private final List<String> ciphers;

  /**
   * @throws IllegalArgumentException when a list is empty, naming the cipher suites this JVM does not know
   */
  public TlsContextFactory(List<String> protocols, List<String> ciphers) {
    if (protocols.isEmpty() || ciphers.isEmpty()) {
      throw new IllegalArgumentException("TLS needs at least one protocol and one cipher suite");
    }
    this.protocols = List.copyOf(protocols);
    this.ciphers = List.copyOf(ciphers);
    List<String> unknown = new ArrayList<>(this.ciphers);
    unknown.removeAll(List.of(jvmDefault().getSupportedSSLParameters().getCipherSuites()));
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("TLS cipher suites this JVM does not support: " + String.join(", ", unknown));
    }
  }

  /** A checked server context for this PEM pair. @param source names the pair in error messages */
  public Loaded build(byte[] certChainPem, byte[] keyPem, String source) {
    SslContext context;
    try {
      context =
          SslContextBuilder.forServer(new ByteArrayInputStream(certChainPem), new ByteArrayInputStream(keyPem))
              .sslProvider(SslProvider.JDK)
              .protocols(protocols)
              .ciphers(ciphers, IdentityCipherSuiteFilter.INSTANCE)
              .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot load the TLS certificate and key " + source + ": " + rootMessage(e), e);
    }
    HandshakeProbe.Result seen = null;
    for (String protocol : protocols) {
      seen = probe(context, protocol, source);
    }
    return new Loaded(context, seen.certificate());
  }

  /** A context and the certificate it presents. */
  public record Loaded(SslContext context, X509Certificate certificate) {}

  private HandshakeProbe.Result probe(SslContext server, String protocol, String source) {
    try {
      // The probe only checks the server side; it trusts whatever certificate it is shown.
      SslContext client =
          SslContextBuilder.forClient()
              .sslProvider(SslProvider.JDK)
              .trustManager(InsecureTrustManagerFactory.INSTANCE)
              .protocols(protocol)
              .ciphers(ciphers, IdentityCipherSuiteFilter.INSTANCE)
              .build();
      SSLEngine clientEngine = client.newEngine(ByteBufAllocator.DEFAULT);
      SSLEngine serverEngine = server.newEngine(ByteBufAllocator.DEFAULT);
      return HandshakeProbe.run(clientEngine, serverEngine);
    } catch (SSLException | RuntimeException e) {
      String why = "TLS protocol " + protocol + " cannot be served with " + source + ": " + rootMessage(e);
      if (LEGACY.contains(protocol) && jvmDisables(protocol)) {
        why +=
            ". This JVM disables "
                + protocol
                + " (jdk.tls.disabledAlgorithms in "
                + Path.of(System.getProperty("java.home"), "conf", "security", "java.security")
                + "); TLS 1.0 and 1.1 are obsolete (RFC 8996). To serve old devices anyway, start Porta with"
                + " -Djava.security.properties=FILE, FILE setting jdk.tls.disabledAlgorithms without "
                + protocol
                + ", and add CBC cipher suites (e.g. TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA), which TLS 1.0/1.1 need,"
                + " to the cipher list";
      }
      throw new IllegalStateException(why, e);
    }
  }

  /** Whether the JVM's security policy removes {@code protocol} from what a server may negotiate. */
  static boolean jvmDisables(String protocol) {
    SSLEngine engine = jvmDefault().createSSLEngine();
    engine.setUseClientMode(false);
    return !List.of(engine.getEnabledProtocols()).contains(protocol);
  }

  private static SSLContext jvmDefault() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no TLS implementation", e);
    }
  }

  /** The exception's message, with its root cause's when that says more. */
  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String top = e.getMessage();
    String bottom = root.getMessage() == null ? root.toString() : root.getMessage();
    if (top == null) {
      return bottom;
    }
    return root == e || top.contains(bottom) ? top : top + " (" + bottom + ")";
  }
}
