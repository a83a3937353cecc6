package io.porta.mqtt.tls;

import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A TLS handshake between two engines in memory, no socket: proves that a server context can
 * really complete a handshake (its key matches its certificate, a cipher suite fits the key and the
 * protocol, the JVM permits the protocol) before any device depends on it.
 */
final class HandshakeProbe {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  private static final int MAX_STEPS = 100;

  /** What the client saw: the negotiated protocol and the server's certificate. */
  record Result(String protocol, X509Certificate certificate) {}

  private HandshakeProbe() {}

  /** @throws SSLException with the engine's reason when the handshake fails */
  static Result run(SSLEngine client, SSLEngine server) throws SSLException {
    ByteBuffer toServer = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
    ByteBuffer toClient = ByteBuffer.allocate(server.getSession().getPacketBufferSize());
    ByteBuffer clientApp = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
    ByteBuffer serverApp = ByteBuffer.allocate(server.getSession().getApplicationBufferSize());
    client.beginHandshake();
    server.beginHandshake();
    for (int i = 0; i < MAX_STEPS && !(done(client) && done(server)); i++) {
      boolean progress = step(client, toClient, toServer, clientApp);
      progress |= step(server, toServer, toClient, serverApp);
      if (!progress) {
        break;
      }
    }
    if (!(done(client) && done(server))) {
      throw new SSLException("the handshake did not complete");
    }
    Certificate[] chain = client.getSession().getPeerCertificates();
    return new Result(client.getSession().getProtocol(), (X509Certificate) chain[0]);
  }

  private static boolean done(SSLEngine engine) {
    HandshakeStatus s = engine.getHandshakeStatus();
    return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
  }

  /** One step of one engine; both buffers stay in write mode between steps. @return whether it moved */
  private static boolean step(SSLEngine engine, ByteBuffer inbound, ByteBuffer outbound, ByteBuffer app)
      throws SSLException {
    switch (engine.getHandshakeStatus()) {
      case NEED_TASK -> {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
          task.run();
        }
        return true;
      }
      case NEED_WRAP -> {
        return engine.wrap(EMPTY, outbound).bytesProduced() > 0 || engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP;
      }
      case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
        inbound.flip();
        int consumed = engine.unwrap(inbound, app).bytesConsumed();
        inbound.compact();
        app.clear();
        return consumed > 0;
      }
      default -> {
        return false;
      }
    }
  }
}
