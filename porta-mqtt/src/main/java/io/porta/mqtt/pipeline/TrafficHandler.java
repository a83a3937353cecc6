package io.porta.mqtt.pipeline;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.metrics.MqttMetrics;

/**
 * Counts packets in and out by type, PUBLISHes out by dialect and QoS, and records when the device was
 * last heard from.
 */
@Sharable
public final class TrafficHandler extends ChannelDuplexHandler {
  private final MqttMetrics metrics;

  public TrafficHandler(MqttMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof MqttMessage m && m.fixedHeader() != null && m.decoderResult().isSuccess()) {
      metrics.received(m.fixedHeader().messageType());
      Connection.of(ctx.channel()).touch();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof MqttMessage m) {
      metrics.sent(m.fixedHeader().messageType());
      if (m instanceof MqttPublishMessage publish) {
        MqttMetrics.DialectMeters meters = Connection.of(ctx.channel()).meters();
        if (meters != null) {
          meters.downlink(publish.fixedHeader().qosLevel().value());
        }
      }
    }
    ctx.write(msg, promise);
  }
}
