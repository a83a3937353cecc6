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
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The raw side of the load generator: one small Netty event loop group for thousands of cheap MQTT
 * connections. Connections take their source address in turn from 127.0.0.2, 127.0.0.3, … so that
 * the ~28,000 ephemeral ports of one address (and the TIME_WAITs of earlier runs) do not run out.
 */
final class LoadClient implements AutoCloseable {
  /** Shared by every client of the process, so successive scenarios move on to fresh addresses. */
  private static final AtomicInteger NEXT_SOURCE = new AtomicInteger();

  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final int sourceAddresses;

  LoadClient(int port, int sourceAddresses) {
    this.sourceAddresses = sourceAddresses;
    // Two loops: the generator has one core of its own, and a second loop hides a loop's stalls.
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
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
    int source = 2 + Math.floorMod(NEXT_SOURCE.getAndIncrement(), sourceAddresses);
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
        .localAddress(new InetSocketAddress("127.0.0." + source, 0))
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
