package io.porta.mqtt.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.connection.Connection;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after 1.5 × keepalive without any inbound packet (MQTT 3.1.1 §3.1.2.10,
 * protocols.md A.5) with KEEPALIVE_TIMEOUT. Sits after the decoder, so only whole packets count.
 */
public final class KeepAliveHandler extends IdleStateHandler {
  public KeepAliveHandler(int keepAliveSeconds) {
    super(keepAliveSeconds * 1500L, 0, 0, TimeUnit.MILLISECONDS);
  }

  @Override
  protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
    Connection.of(ctx.channel())
        .closeOnLoop(DisconnectReason.KEEPALIVE_TIMEOUT, "silent for 1.5 x keepalive");
  }
}
