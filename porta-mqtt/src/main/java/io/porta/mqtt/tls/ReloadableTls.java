package io.porta.mqtt.tls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS listener's certificate and key, replaceable without a restart: {@link #reloadIfChanged}
 * (called periodically, off the event loops) reads the PEM files and, once their new content has
 * stayed the same for one call (a renewal writes two files, one after the other), builds and
 * checks a new context. New connections get {@link #current()}; connections already
 * open keep the context they were accepted with. A new pair that does not work is logged and
 * counted, and the working one stays.
 */
public final class ReloadableTls {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadableTls.class);

  private final Path certFile;
  private final Path keyFile;
  private final TlsContextFactory factory;
  private final Counter reloaded;
  private final Counter failed;
  private volatile SslContext current;

  // Reload thread only (reloadIfChanged is synchronized).
  private byte[] loadedDigest;
  private byte[] changedDigest;
  private byte[] failedDigest;
  private String unreadable;

  private ReloadableTls(Path certFile, Path keyFile, TlsContextFactory factory, MeterRegistry metrics) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.factory = factory;
    this.reloaded = reloads(metrics, "success");
    this.failed = reloads(metrics, "failure");
  }

  /** Loads and checks the pair. @throws IllegalStateException with the reason when it does not work */
  public static ReloadableTls load(Path certFile, Path keyFile, TlsContextFactory factory, MeterRegistry metrics) {
    ReloadableTls tls = new ReloadableTls(certFile, keyFile, factory, metrics);
    try {
      Pem pem = tls.read();
      tls.install(pem);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the TLS certificate " + certFile + " / key " + keyFile + ": " + e, e);
    }
    return tls;
  }

  /** The context for a connection accepted now. */
  public SslContext current() {
    return current;
  }

  /**
   * Takes the files' new content when it changed, has stayed the same since the previous call, and
   * works; never throws. A pair that does not work is logged and counted once, not on every call.
   *
   * @return whether a new certificate is in use
   */
  public synchronized boolean reloadIfChanged() {
    Pem pem;
    try {
      pem = read();
    } catch (IOException | RuntimeException e) {
      String why = "cannot read " + certFile + " / " + keyFile + ": " + e;
      if (!why.equals(unreadable)) { // once per distinct problem
        failed(why);
        unreadable = why;
      }
      return false;
    }
    unreadable = null;
    byte[] digest = pem.digest();
    if (Arrays.equals(digest, loadedDigest) || Arrays.equals(digest, failedDigest)) {
      changedDigest = null;
      return false;
    }
    if (!Arrays.equals(digest, changedDigest)) {
      changedDigest = digest; // changed since the last look: maybe still being written
      return false;
    }
    try {
      install(pem);
      reloaded.increment();
      return true;
    } catch (RuntimeException e) {
      failedDigest = digest;
      failed(e.getMessage() == null ? e.toString() : e.getMessage());
      return false;
    }
  }

  private void failed(String why) {
    LOG.error("TLS certificate reload failed, still serving the previous certificate: {}", why);
    failed.increment();
  }

  private void install(Pem pem) {
    TlsContextFactory.Loaded loaded = factory.build(pem.cert(), pem.key(), certFile + " / " + keyFile);
    boolean first = loadedDigest == null;
    current = loaded.context();
    loadedDigest = pem.digest();
    LOG.info(
        "TLS certificate {}: {}, valid until {}",
        first ? "loaded" : "reloaded, used by new connections",
        loaded.certificate().getSubjectX500Principal().getName(),
        loaded.certificate().getNotAfter().toInstant());
  }

  /** Both files, read once: the context is built from exactly the bytes that were compared. */
  private record Pem(byte[] cert, byte[] key, byte[] digest) {}

  private Pem read() throws IOException {
    byte[] cert = Files.readAllBytes(certFile);
    byte[] key = Files.readAllBytes(keyFile);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(cert);
      sha.update((byte) 0);
      sha.update(key);
      return new Pem(cert, key, sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  private static Counter reloads(MeterRegistry metrics, String result) {
    return Counter.builder("porta.tls.reloads")
        .description("Reloads of the TLS certificate and key after their files changed")
        .tag("result", result)
        .register(metrics);
  }
}
