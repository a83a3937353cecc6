package io.porta.mqtt.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.porta.mqtt.limit.OpenConnections;
import io.porta.mqtt.metrics.MqttMetrics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the listeners' server channels, before Netty hands an accepted connection to a worker loop:
 * beyond a {@link io.porta.mqtt.limit.ConnectionLimits} maximum the connection is closed at once (no
 * pipeline, no Connection, no worker-loop registration), counted in
 * {@code porta.connections.refused{reason}} and logged at most once a minute.
 */
@Sharable
public final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitHandler.class);
  private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final OpenConnections open;
  private final MqttMetrics metrics;
  private final ChannelFutureListener release = future -> release(future.channel());
  private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());

  public ConnectionLimitHandler(OpenConnections open, MqttMetrics metrics) {
    this.open = open;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Channel child)) {
      ctx.fireChannelRead(msg);
      return;
    }
    OpenConnections.Refusal refusal = open.admit(address(child));
    if (refusal == null) {
      child.closeFuture().addListener(release);
      ctx.fireChannelRead(child);
      return;
    }
    metrics.connectionRefused(refusal);
    logAtMostOnceAMinute(refusal, child);
    child.unsafe().closeForcibly(); // not registered yet: closes the socket now
  }

  private void release(Channel child) {
    open.release(address(child));
  }

  private void logAtMostOnceAMinute(OpenConnections.Refusal refusal, Channel child) {
    long now = System.nanoTime();
    long next = nextLogNanos.get();
    if (now - next >= 0 && nextLogNanos.compareAndSet(next, now + LOG_INTERVAL_NANOS)) {
      LOG.warn(
          "refusing connections: {} reached ({}), e.g. from {}; counted in porta_connections_refused_total,"
              + " logged at most once a minute",
          refusal.label(),
          open.limits(),
          child.remoteAddress());
    }
  }

  /** The remote IP address of a connection, or null for a non-IP channel (embedded, tests). */
  static InetAddress address(Channel ch) {
    return ch.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
