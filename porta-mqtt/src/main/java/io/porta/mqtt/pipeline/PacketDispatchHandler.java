package io.porta.mqtt.pipeline;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import io.porta.core.session.DisconnectReason;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.ConnectionTimeouts;

/**
 * The one shared handler after the codec, for the whole life of a connection: one handler context
 * per connection instead of one per concern (an idle device costs what its pipeline holds). It hands
 * each event to the small class for it, in the order the rules need:
 *
 * <ul>
 *   <li>every message read: counted for the {@link PacketFramer}, metered ({@link TrafficMeters}),
 *       then a decoder failure answered ({@link DecodeFailures}); then, before the CONNACK, on to the
 *       CONNECT phase handlers behind this one ({@link AuthThrottleHandler}, {@link ConnectHandler},
 *       removed once connected); after it, to {@link PublishPackets}, {@link SubscribePackets} or
 *       {@link ControlPackets};
 *   <li>every message written: metered;
 *   <li>active/inactive: the connection's timeouts ({@link ConnectionTimeouts}) and its end
 *       ({@link Disconnects});
 *   <li>writability: reading pauses while the outbound buffer is above the high water mark (design.md
 *       "Backpressure"): a device that does not read its replies cannot make the server queue more;
 *   <li>exceptions and failed TLS handshakes: {@link ConnectionErrors}.
 * </ul>
 *
 * The packet classes write through the channel, so what they write passes this handler and is
 * metered.
 */
@Sharable
public final class PacketDispatchHandler extends ChannelDuplexHandler {
  private final TrafficMeters traffic;
  private final DecodeFailures decodeFailures;
  private final SubscribePackets subscribe;
  private final PublishPackets publish;
  private final ControlPackets control;
  private final Disconnects disconnects;
  private final ConnectionErrors errors = new ConnectionErrors();
  private final ConnectionTimeouts timeouts;

  PacketDispatchHandler(
      TrafficMeters traffic,
      DecodeFailures decodeFailures,
      SubscribePackets subscribe,
      PublishPackets publish,
      ControlPackets control,
      Disconnects disconnects,
      ConnectionTimeouts timeouts) {
    this.traffic = traffic;
    this.decodeFailures = decodeFailures;
    this.subscribe = subscribe;
    this.publish = publish;
    this.control = control;
    this.disconnects = disconnects;
    this.timeouts = timeouts;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Connection connection = Connection.of(ctx.channel());
    disconnects.opened(connection);
    timeouts.watch(connection);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Connection connection = Connection.of(ctx.channel());
    connection.countDecoded();
    traffic.received(connection, msg);
    if (decodeFailures.handled(ctx, connection, msg)) {
      return;
    }
    switch (connection.state()) {
      case CONNECTED -> dispatch(connection, msg);
      case CLOSING -> ReferenceCountUtil.release(msg);
      default -> ctx.fireChannelRead(msg); // the CONNECT phase
    }
  }

  /**
   * A packet of a connected device, also one held while its CONNECT was checked. Takes ownership of
   * {@code msg}.
   */
  void dispatch(Connection connection, Object msg) {
    if (isConnect(msg)) {
      ReferenceCountUtil.release(msg);
      connection.closeOnLoop(DisconnectReason.DUPLICATE_CONNECT, "second CONNECT");
    } else if (msg instanceof MqttPublishMessage publishMessage) {
      if (connection.provisioning()) {
        // A registration connection speaks for no device yet: it must not publish as one.
        ReferenceCountUtil.release(msg);
        connection.closeOnLoop(DisconnectReason.PROTOCOL_VIOLATION, "PUBLISH on a registration connection");
      } else {
        publish.onPublish(connection, publishMessage);
      }
    } else if (msg instanceof MqttSubscribeMessage subscribeMessage) {
      subscribe.onSubscribe(connection, subscribeMessage);
    } else if (msg instanceof MqttUnsubscribeMessage unsubscribeMessage) {
      subscribe.onUnsubscribe(connection, unsubscribeMessage);
    } else {
      control.onPacket(connection, msg);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    traffic.sent(Connection.of(ctx.channel()), msg);
    ctx.write(msg, promise);
  }

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

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Connection connection = Connection.of(ctx.channel());
    timeouts.forget(connection);
    disconnects.closed(connection);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    errors.caught(Connection.of(ctx.channel()), cause);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!errors.tlsHandshakeFailed(Connection.of(ctx.channel()), evt)) {
      ctx.fireUserEventTriggered(evt);
    }
  }

  /** Whether {@code msg} is a CONNECT (a second one closes the connection, §3.1). */
  static boolean isConnect(Object msg) {
    return msg instanceof MqttMessage m
        && m.fixedHeader() != null
        && m.fixedHeader().messageType() == MqttMessageType.CONNECT;
  }
}
