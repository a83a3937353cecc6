package io.porta.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.concurrent.TimeUnit;

/** The simulated devices' side: one small Netty event loop group for thousands of MQTT connections. */
final class LoadClient implements AutoCloseable {
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;

  LoadClient(int port) {
    group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), NioIoHandler.newFactory());
    bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .remoteAddress("127.0.0.1", port);
  }

  /** Opens the socket; the connection sends CONNECT once it is up. */
  ClientConnection open(Credentials credentials) {
    ClientConnection connection = new ClientConnection(credentials);
    bootstrap
        .clone()
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(new FlushConsolidationHandler(64, true))
                    .addLast(new MqttDecoder())
                    .addLast(MqttEncoder.INSTANCE)
                    .addLast(connection);
              }
            })
        .connect()
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                connection.connected().completeExceptionally(f.cause());
              }
            });
    return connection;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
