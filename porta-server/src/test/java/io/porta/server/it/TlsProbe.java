package io.porta.server.it;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * A JDK TLS client in its own JVM, whose security policy permits TLS 1.0 and 1.1: a client in the
 * test's own JVM could not even offer TLS 1.1 (the JDK disables it on both sides), so it could not
 * show what the server does with one. It trusts any certificate: it tests what the server
 * negotiates, not who it is.
 */
public final class TlsProbe {
  /** How the handshake went: {@code exitCode} 0 and "negotiated PROTOCOL SUITE", or 2 and the refusal. */
  record Outcome(int exitCode, String output) {
    boolean negotiated() {
      return exitCode == 0;
    }
  }

  /** args: port protocol [suite,suite...] */
  public static void main(String[] args) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", Integer.parseInt(args[0]))) {
      socket.setEnabledProtocols(new String[] {args[1]});
      if (args.length > 2) {
        socket.setEnabledCipherSuites(args[2].split(","));
      }
      socket.startHandshake();
      System.out.println("negotiated " + socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite());
      System.exit(0);
    } catch (SSLException e) {
      System.out.println("refused " + e);
      System.exit(2);
    }
  }

  /** Offers only {@code protocol} (and {@code suites}, when given) to 127.0.0.1:{@code port}. */
  static Outcome offer(int port, String protocol, String... suites) throws Exception {
    List<String> cmd = PortaProcess.java(List.of(legacyPermitted()), TlsProbe.class);
    cmd.addAll(List.of(String.valueOf(port), protocol));
    if (suites.length > 0) {
      cmd.add(String.join(",", suites));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("the TLS probe did not finish");
    }
    return new Outcome(p.exitValue(), output);
  }

  /**
   * A JVM option that permits TLS 1.0 and 1.1: this JVM's {@code jdk.tls.disabledAlgorithms} without
   * them, in a {@code java.security.properties} override file.
   */
  static String legacyPermitted() throws IOException {
    List<String> kept = new ArrayList<>();
    for (String entry : Security.getProperty("jdk.tls.disabledAlgorithms").split(",")) {
      String e = entry.trim();
      if (!e.equals("TLSv1") && !e.equals("TLSv1.1")) {
        kept.add(e);
      }
    }
    Path file = Files.createTempFile("porta-legacy-tls", ".properties");
    file.toFile().deleteOnExit();
    Files.writeString(file, "jdk.tls.disabledAlgorithms=" + kept.stream().collect(Collectors.joining(", ")) + "\n");
    return "-Djava.security.properties=" + file;
  }
}
