package io.porta.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One simulated device (or consumer): a Netty channel speaking MQTT 3.1.1. Sends CONNECT when the
 * socket is up, completes {@link #connected()} on CONNACK 0, then hands PUBACK, PINGRESP and PUBLISH
 * (acknowledged here) to its current listener.
 */
final class ClientConnection extends SimpleChannelInboundHandler<MqttMessage> {
  static final int KEEPALIVE_SECONDS = 60;

  private final Credentials credentials;
  private final CompletableFuture<ClientConnection> connected = new CompletableFuture<>();
  private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
  private volatile Channel channel;
  private volatile boolean closing;
  private volatile boolean lost;
  private volatile InboundListener listener = InboundListener.NONE;

  ClientConnection(Credentials credentials) {
    this.credentials = credentials;
  }

  Credentials credentials() {
    return credentials;
  }

  CompletableFuture<ClientConnection> connected() {
    return connected;
  }

  Channel channel() {
    return channel;
  }

  /** Whether the server closed it after CONNACK. */
  boolean lost() {
    return lost;
  }

  /** Sets who hears PUBACK/PINGRESP/PUBLISH; call between traffic phases. */
  void listen(InboundListener listener) {
    this.listener = listener;
  }

  /**
   * Writes (does not flush) a PUBLISH that owns {@code payload}. Not through MqttMessageBuilders,
   * whose PublishBuilder copies the payload and leaves the original unreleased.
   */
  void publish(MqttQoS qos, int packetId, ByteBuf payload) {
    channel.write(
        new MqttPublishMessage(
            new MqttFixedHeader(MqttMessageType.PUBLISH, false, qos, false, 0),
            new MqttPublishVariableHeader(credentials.telemetryTopic(), qos == MqttQoS.AT_MOST_ONCE ? -1 : packetId),
            payload),
        channel.voidPromise());
  }

  /** Subscribes to {@code filter} at QoS 1; the future completes on a granting SUBACK. */
  CompletableFuture<Void> subscribe(String filter) {
    channel.writeAndFlush(
        MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, filter).build(),
        channel.voidPromise());
    return subscribed;
  }

  void pingreq() {
    channel.write(MqttMessage.PINGREQ, channel.voidPromise());
  }

  /** DISCONNECT then close; fine to call twice or on a never-connected channel. */
  void disconnect() {
    closing = true;
    Channel ch = channel;
    if (ch != null && ch.isActive()) {
      ch.writeAndFlush(MqttMessage.DISCONNECT).addListener(f -> ch.close());
    }
  }

  /** Closes the socket without DISCONNECT (a failed or abandoned CONNECT). */
  void channelClose() {
    closing = true;
    Channel ch = channel;
    if (ch != null) {
      ch.close();
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    MqttMessageBuilders.ConnectBuilder connect =
        MqttMessageBuilders.connect()
            .protocolVersion(MqttVersion.MQTT_3_1_1)
            .clientId(credentials.clientId())
            .keepAlive(KEEPALIVE_SECONDS)
            .cleanSession(true);
    if (credentials.username() != null) {
      connect.username(credentials.username())
          .password(credentials.password().getBytes(StandardCharsets.UTF_8));
    }
    ctx.writeAndFlush(connect.build(), ctx.voidPromise());
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
    if (msg.decoderResult().isFailure()) {
      connected.completeExceptionally(msg.decoderResult().cause());
      ctx.close();
      return;
    }
    switch (msg.fixedHeader().messageType()) {
      case CONNACK -> {
        MqttConnectReturnCode code = ((MqttConnAckMessage) msg).variableHeader().connectReturnCode();
        if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
          connected.complete(this);
        } else {
          connected.completeExceptionally(new IllegalStateException("CONNACK " + code));
          ctx.close();
        }
      }
      case PUBACK -> listener.puback(
          ((MqttMessageIdVariableHeader) msg.variableHeader()).messageId(), System.nanoTime());
      case PINGRESP -> listener.pingresp(System.nanoTime());
      case SUBACK -> {
        int granted = ((MqttSubAckMessage) msg).payload().grantedQoSLevels().get(0);
        if (granted <= 1) {
          subscribed.complete(null);
        } else {
          subscribed.completeExceptionally(new IllegalStateException("SUBACK refused: " + granted));
        }
      }
      case PUBLISH -> {
        MqttPublishMessage publish = (MqttPublishMessage) msg;
        if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
          ctx.write(MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId()).build(), ctx.voidPromise());
        }
        listener.publish(publish, System.nanoTime());
      }
      default -> { }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush(); // the PUBACKs written while reading
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      listener.writable();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!connected.isDone()) {
      connected.completeExceptionally(new IllegalStateException("closed before CONNACK"));
    } else if (!closing) {
      lost = true;
      listener.lost();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    connected.completeExceptionally(cause);
    ctx.close();
  }
}
