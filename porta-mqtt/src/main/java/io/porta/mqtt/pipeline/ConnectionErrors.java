package io.porta.mqtt.pipeline;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.connection.Connection;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes on any exception that reached the {@link PacketDispatchHandler} (or the CONNECT phase). Socket errors are a lost connection;
 * TLS failures (plain text on the TLS port, handshake errors) a protocol violation, a handshake
 * that times out a connect timeout; anything else is our bug (INTERNAL_ERROR, logged with its stack).
 */
final class ConnectionErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionErrors.class);

  void caught(Connection connection, Throwable cause) {
    if (cause instanceof IOException) {
      LOG.debug("{}: {}", connection.describe(), cause.toString());
      connection.closeOnLoop(DisconnectReason.CONNECTION_LOST, cause.getMessage());
    } else if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
      connection.closeOnLoop(DisconnectReason.PROTOCOL_VIOLATION, "TLS: " + cause.getCause().getMessage());
    } else {
      LOG.warn("{}: unexpected error", connection.describe(), cause);
      connection.closeOnLoop(DisconnectReason.INTERNAL_ERROR, cause.toString());
    }
  }

  /**
   * A failed TLS handshake: SslHandler closes the channel itself; this names the reason. @return
   * whether {@code evt} was one
   */
  boolean tlsHandshakeFailed(Connection connection, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
      connection.closeOnLoop(
          done.cause() instanceof SslHandshakeTimeoutException
              ? DisconnectReason.CONNECT_TIMEOUT
              : DisconnectReason.PROTOCOL_VIOLATION,
          "TLS handshake: " + done.cause().getMessage());
      return true;
    }
    return false;
  }
}
