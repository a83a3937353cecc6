package io.porta.mqtt.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.connection.Connection;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has no CONNACK within the connect timeout (CONNECT_TIMEOUT): the
 * first-packet deadline of MQTT 3.1.1 §3.1.4 plus the credential check. Replaced by the
 * {@link KeepAliveHandler} once the CONNECT is accepted.
 */
public final class ConnectTimeoutHandler extends ChannelInboundHandlerAdapter {
  private final long timeoutNanos;
  private ScheduledFuture<?> timer;

  public ConnectTimeoutHandler(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
      schedule(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    schedule(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  private void schedule(ChannelHandlerContext ctx) {
    if (timer != null) {
      return;
    }
    timer =
        ctx.executor()
            .schedule(
                () ->
                    Connection.of(ctx.channel())
                        .closeOnLoop(DisconnectReason.CONNECT_TIMEOUT, "no CONNACK within the connect timeout"),
                timeoutNanos,
                TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
