package io.porta.mqtt.pipeline;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
 * Last in the pipeline: closes on any exception that reached it. Socket errors are a lost connection;
 * TLS failures (plain text on the TLS port, handshake errors) a protocol violation, a handshake
 * that times out a connect timeout; anything else is our bug (INTERNAL_ERROR, logged with its stack).
 */
@Sharable
public final class ExceptionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ExceptionHandler.class);

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Connection connection = Connection.of(ctx.channel());
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

  /** A failed TLS handshake: SslHandler closes the channel itself; this names the reason. */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
      Connection.of(ctx.channel())
          .closeOnLoop(
              done.cause() instanceof SslHandshakeTimeoutException
                  ? DisconnectReason.CONNECT_TIMEOUT
                  : DisconnectReason.PROTOCOL_VIOLATION,
              "TLS handshake: " + done.cause().getMessage());
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }
}
