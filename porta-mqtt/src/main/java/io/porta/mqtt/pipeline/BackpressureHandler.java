package io.porta.mqtt.pipeline;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.porta.mqtt.connection.Connection;

/**
 * Stops reading from a device while its outbound buffer is above the high water mark (design.md
 * "Backpressure"): a device that does not read its replies cannot make the server queue more.
 */
@Sharable
public final class BackpressureHandler extends ChannelInboundHandlerAdapter {
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Connection connection = Connection.of(ctx.channel());
    if (ctx.channel().isWritable()) {
      connection.resumeReading(Connection.PAUSE_UNWRITABLE);
    } else {
      connection.pauseReading(Connection.PAUSE_UNWRITABLE);
    }
    ctx.fireChannelWritabilityChanged();
  }
}
