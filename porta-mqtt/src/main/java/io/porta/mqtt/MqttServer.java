package io.porta.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.porta.core.dialect.ConnectAuthenticator;
import io.porta.core.dialect.Dialects;
import io.porta.core.session.DeviceSessions;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.PersistentSessionRepository;
import io.porta.core.session.SessionListener;
import io.porta.core.session.SessionQueue;
import io.porta.mqtt.connection.SessionRegistry;
import io.porta.mqtt.limit.Bans;
import io.porta.mqtt.limit.ConnectRateLimiter;
import io.porta.mqtt.metrics.MqttMetrics;
import io.porta.mqtt.pipeline.MqttPipeline;
import io.porta.mqtt.pipeline.RateLimiter;
import io.porta.mqtt.session.PersistentSessions;
import io.porta.mqtt.tls.ReloadableTls;
import io.porta.mqtt.tls.TlsContextFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT transport: a plain and a TLS listener on Netty event loops (native epoll where available,
 * NIO otherwise; design.md "Transport"), the connections and their {@link DeviceSessions}.
 *
 * <p>Use: construct, {@link #start()}, read {@link #tcpPort()}/{@link #tlsPort()}, hand
 * {@link #sessions()} to the services, {@link #stop()} at shutdown.
 */
public final class MqttServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttServer.class);
  private static final long SWEEP_SECONDS = 60;

  /** Session-store calls waiting at most; beyond it the store is stuck and calls fail. */
  private static final int SESSION_STORE_QUEUE = 100_000;

  private final MqttConfig config;
  /** One for all connections: Netty's default is a copy of the same settings per channel. */
  private final AdaptiveRecvByteBufAllocator receiveBuffers = new AdaptiveRecvByteBufAllocator();
  private final SessionRegistry sessions = new SessionRegistry();
  private final RateLimiter limiter;
  private final MqttPipeline pipeline;
  private final PersistentSessions persistentSessions;
  private final MeterRegistry meterRegistry;

  private EventLoopGroup bossGroup;
  private EventLoopGroup workerGroup;
  // Volatile: read by isListening() and the port getters from other threads.
  private volatile Channel tcpChannel;
  private volatile Channel tlsChannel;
  private volatile ReloadableTls tls;
  private volatile boolean started;

  /** A transport without persistent sessions: every connection is a clean session. */
  public MqttServer(
      MqttConfig config,
      Dialects dialects,
      ConnectAuthenticator authenticator,
      Executor authExecutor,
      MeterRegistry meterRegistry) {
    this(config, dialects, authenticator, authExecutor, meterRegistry, null, 1, SessionListener.NONE);
  }

  /**
   * @param authExecutor runs the blocking credential checks (registry lookups, signatures), never
   *     an event loop; the caller owns and shuts it down
   * @param sessionStore where persistent sessions (cleanSession = 0) of the dialects that support
   *     them are kept; null for none
   * @param maxQueuedPerSession the per-device cap of a persistent session's queue
   * @param sessionListener told when devices come online and go offline (on event loops)
   */
  public MqttServer(
      MqttConfig config,
      Dialects dialects,
      ConnectAuthenticator authenticator,
      Executor authExecutor,
      MeterRegistry meterRegistry,
      PersistentSessionRepository sessionStore,
      int maxQueuedPerSession,
      SessionListener sessionListener) {
    this.config = Objects.requireNonNull(config, "config");
    this.meterRegistry = meterRegistry;
    MqttMetrics metrics = new MqttMetrics(meterRegistry);
    this.limiter = new RateLimiter(new Bans<>(), new ConnectRateLimiter<>(), metrics);
    this.persistentSessions =
        sessionStore == null
            ? null
            : new PersistentSessions(sessionStore, sessions, metrics, maxQueuedPerSession, SESSION_STORE_QUEUE);
    this.pipeline =
        new MqttPipeline(
            config, dialects, authenticator, authExecutor, sessions, limiter, metrics, persistentSessions,
            Objects.requireNonNull(sessionListener, "sessionListener"));
    metrics.connections(MqttPipeline.LISTENER_TCP);
    metrics.connections(MqttPipeline.LISTENER_TLS);
    for (String dialect : dialects.names()) { // every series from the start, at 0
      metrics.dialect(dialect).sessions(MqttPipeline.LISTENER_TCP);
      metrics.dialect(dialect).sessions(MqttPipeline.LISTENER_TLS);
    }
  }

  /**
   * Binds the enabled listeners. @throws IllegalStateException when a port cannot be bound or the TLS
   * certificate cannot be read
   */
  public synchronized void start() {
    if (bossGroup != null) {
      throw new IllegalStateException("already started");
    }
    if (config.tlsPort() >= 0) {
      tls =
          ReloadableTls.load(
              config.tlsCertFile(),
              config.tlsKeyFile(),
              new TlsContextFactory(config.tlsProtocols(), config.tlsCiphers()),
              meterRegistry);
    }
    IoHandlerFactory ioFactory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelClass =
        Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mqtt-accept"), ioFactory);
    workerGroup =
        new MultiThreadIoEventLoopGroup(
            config.workerThreads(), new DefaultThreadFactory("mqtt-io"), ioFactory);
    try {
      if (config.tcpPort() >= 0) {
        tcpChannel = bind(channelClass, config.tcpPort(), MqttPipeline.LISTENER_TCP, null);
      }
      if (tls != null) {
        tlsChannel = bind(channelClass, config.tlsPort(), MqttPipeline.LISTENER_TLS, tls);
      }
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    // On the accept loop, away from device traffic.
    bossGroup.scheduleAtFixedRate(
        () -> {
          limiter.sweep();
          pipeline.sweep();
        },
        SWEEP_SECONDS,
        SWEEP_SECONDS,
        TimeUnit.SECONDS);
    started = true;
  }

  /**
   * Whether every enabled listener is bound and its server channel open (for {@code /readyz}): false
   * before {@link #start()}, once {@link #stop()} began, or when a listener's channel closed.
   */
  public boolean isListening() {
    if (!started) {
      return false;
    }
    Channel tcp = tcpChannel;
    Channel tls = tlsChannel;
    return (config.tcpPort() < 0 || (tcp != null && tcp.isActive()))
        && (config.tlsPort() < 0 || (tls != null && tls.isActive()));
  }

  private Channel bind(
      Class<? extends ServerChannel> channelClass, int port, String listener, ReloadableTls certificate) {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(bossGroup, workerGroup)
            .channel(channelClass)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .handler(pipeline.connectionLimits()) // before a worker loop sees the connection
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.RECVBUF_ALLOCATOR, receiveBuffers)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()))
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    // The certificate current at accept: a reload changes new connections only.
                    pipeline.install(ch, listener, certificate == null ? null : certificate.current());
                  }
                });
    try {
      Channel ch = bootstrap.bind(new InetSocketAddress(config.bindAddress(), port)).sync().channel();
      InetSocketAddress bound = (InetSocketAddress) ch.localAddress();
      LOG.info(
          "{} listener on {}:{}{}",
          listener,
          bound.getAddress().getHostAddress(),
          bound.getPort(),
          certificate == null ? "" : " (" + String.join(", ", config.tlsProtocols()) + ")");
      return ch;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted binding " + listener, e);
    } catch (Exception e) { // bind() rethrows BindException and friends unchecked
      throw new IllegalStateException(
          "cannot bind " + listener + " on " + config.bindAddress() + ":" + port, e);
    }
  }

  /** The bound plain-TCP port, or -1 when that listener is disabled or not started. */
  public int tcpPort() {
    return port(tcpChannel);
  }

  /** The bound TLS port, or -1 when that listener is disabled or not started. */
  public int tlsPort() {
    return port(tlsChannel);
  }

  private static int port(Channel ch) {
    return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
  }

  /**
   * The TLS listener's certificate, for periodic reloads (off the event loops); null when the
   * listener is disabled or not started.
   */
  public ReloadableTls tls() {
    return tls;
  }

  /** The live device connections of this node. */
  public SessionRegistry sessions() {
    return sessions;
  }

  /**
   * The QoS 1 queue of persistent sessions, for services that send to devices. Without a session
   * store no device has a persistent session, and nothing is ever queued.
   */
  public SessionQueue sessionQueue() {
    if (persistentSessions == null) {
      return (device, message) -> CompletableFuture.completedFuture(false);
    }
    return persistentSessions;
  }

  /** The persistent sessions, or null when the transport has no session store. */
  public PersistentSessions persistentSessions() {
    return persistentSessions;
  }

  /** Closes the listeners, then every connection (SERVER_SHUTDOWN), then the event loops. */
  public synchronized void stop() {
    if (bossGroup == null) {
      return;
    }
    started = false;
    if (tcpChannel != null) {
      tcpChannel.close().awaitUninterruptibly();
    }
    if (tlsChannel != null) {
      tlsChannel.close().awaitUninterruptibly();
    }
    pipeline.closeAll(DisconnectReason.SERVER_SHUTDOWN, Duration.ofSeconds(5));
    bossGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    workerGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    if (persistentSessions != null) {
      persistentSessions.close(); // after the loops: their last acknowledgements are stored
    }
    bossGroup = null;
    workerGroup = null;
    tcpChannel = null;
    tlsChannel = null;
  }

  @Override
  public void close() {
    stop();
  }
}
