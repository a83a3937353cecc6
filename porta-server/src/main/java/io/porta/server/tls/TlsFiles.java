package io.porta.server.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate and key of the TLS listener: the configured PEM files, or a self-signed pair
 * generated into the data directory on first start (design.md "Security").
 */
public final class TlsFiles {
  private static final Logger log = LoggerFactory.getLogger(TlsFiles.class);

  public record Pair(Path certFile, Path keyFile) {}

  private TlsFiles() {}

  /** The configured files when both are given, else the generated pair under {@code dataDir/tls}. */
  public static Pair resolve(String certFile, String keyFile, Path dataDir) throws IOException {
    if (!certFile.isBlank() || !keyFile.isBlank()) {
      if (certFile.isBlank() || keyFile.isBlank()) {
        throw new IllegalArgumentException("set both porta.mqtts.cert-file and porta.mqtts.key-file, or neither");
      }
      Pair pair = new Pair(Path.of(certFile), Path.of(keyFile));
      for (Path p : List.of(pair.certFile(), pair.keyFile())) {
        if (!Files.isReadable(p)) {
          throw new IllegalArgumentException("TLS file not readable: " + p);
        }
      }
      return pair;
    }
    Path dir = dataDir.resolve("tls");
    Pair pair = new Pair(dir.resolve("server.crt"), dir.resolve("server.key"));
    if (Files.isRegularFile(pair.certFile()) && Files.isRegularFile(pair.keyFile())) {
      return pair;
    }
    Files.createDirectories(dir);
    generateSelfSigned(pair);
    log.info(
        "Generated a self-signed TLS certificate for the MQTTS listener: {} (set porta.mqtts.cert-file and"
            + " key-file to use your own)",
        pair.certFile().toAbsolutePath().normalize());
    return pair;
  }

  static void generateSelfSigned(Pair pair) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, new SecureRandom());
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=Porta self-signed");
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, new SecureRandom()),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(Duration.ofDays(3650))),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames());
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
      writeAtomically(pair.keyFile(), pem(keys.getPrivate()), true);
      writeAtomically(pair.certFile(), pem(cert), false);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot generate a self-signed certificate", e);
    }
  }

  private static GeneralNames subjectAltNames() {
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.dNSName, "localhost"));
    names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    names.add(new GeneralName(GeneralName.iPAddress, "::1"));
    try {
      String host = InetAddress.getLocalHost().getHostName();
      if (!host.isBlank() && !host.equals("localhost")) {
        names.add(new GeneralName(GeneralName.dNSName, host));
      }
    } catch (IOException e) {
      // no host name: localhost and loopback are enough
    }
    return new GeneralNames(names.toArray(new GeneralName[0]));
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    if (secret) {
      restrictToOwner(tmp);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Owner read/write only, where the file system supports POSIX permissions. */
  public static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to do
    }
  }
}
