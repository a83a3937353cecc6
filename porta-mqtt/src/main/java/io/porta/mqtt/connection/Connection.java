package io.porta.mqtt.connection;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.dialect.ClientRules;
import io.porta.core.session.DeviceLink;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.session.SessionInfo;
import io.porta.mqtt.limit.RateWindow;
import io.porta.mqtt.metrics.MqttMetrics;
import io.porta.mqtt.session.PersistentSession;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One device connection: its state and the {@link DeviceLink} dialects and services use. All state
 * changes happen on the channel's event loop (style.md, after Moquette), so there are no locks;
 * methods other threads may call hop to the loop. Kept small: an idle connection is this object,
 * its channel and a few lazily created pieces.
 */
public final class Connection implements DeviceLink {
  public static final AttributeKey<Connection> KEY = AttributeKey.valueOf("porta.connection");

  /** Why reading is paused; reading resumes when no reason is left. */
  public static final int PAUSE_AUTH = 1;

  public static final int PAUSE_PUBLISH_BACKLOG = 2;
  public static final int PAUSE_UNWRITABLE = 4;

  private final Channel channel;
  private final String listener;
  private final boolean tls;
  private final long maxPendingOutboundBytes;

  private ConnectionState state = ConnectionState.AWAITING_CONNECT;
  private DisconnectReason closeReason;
  private String closeDetail;
  private int pausedBy;
  private ArrayDeque<Object> held;

  // Set once when the CONNECT is accepted, before the connection is published in the registry.
  private volatile DeviceIdentity identity;
  private ClientRules dialect;
  /** Created by the first packet that counts against a limit: a silent device needs none. */
  private RateWindow rates;
  private int protocolLevel;
  private int keepAliveSeconds;
  private boolean cleanSession;
  private long connectedAtMillis;
  /**
   * {@link System#nanoTime()} of the last sign of life that counts for {@link ConnectionTimeouts}: when
   * the channel opened (the connect timeout runs from there), then the CONNACK, then each packet.
   */
  private volatile long lastSeenNanos;
  /** Messages the decoder produced so far, for the {@link io.porta.mqtt.pipeline.PacketFramer}. */
  private int decoded;
  /** This connection's slot in its loop's {@link ConnectionTimeouts}, or -1. */
  int timeoutSlot = -1;

  private Subscriptions subscriptions;
  private PacketIds packetIds;
  private InboundPublishQueue publishes;
  private boolean provisioning;
  private PersistentSession persistentSession;
  // Metrics (event loop): when the CONNECT arrived, the dialect's meters, the sessions gauge counted in.
  private long connectReceivedNanos;
  private MqttMetrics.DialectMeters meters;
  /** QoS 1 messages waiting for a packet id; null unless {@link #queueWhenInFlightFull} was called. */
  private OverflowQueue overflow;
  private AtomicInteger countedIn;

  public Connection(Channel channel, String listener, boolean tls, long maxPendingOutboundBytes) {
    this.channel = channel;
    this.listener = listener;
    this.tls = tls;
    this.maxPendingOutboundBytes = maxPendingOutboundBytes;
    this.lastSeenNanos = System.nanoTime();
  }

  public static Connection of(Channel channel) {
    return channel.attr(KEY).get();
  }

  // ---- life cycle (event loop) ----

  public ConnectionState state() {
    return state;
  }

  public void authenticating() {
    state = ConnectionState.AUTHENTICATING;
  }

  /** Marks the CONNECT accepted; call before publishing the connection in the registry. */
  public void connected(DeviceIdentity who, ClientRules deviceDialect, int level, int keepAlive, boolean clean) {
    this.identity = who;
    this.dialect = deviceDialect;
    this.protocolLevel = level;
    this.keepAliveSeconds = keepAlive;
    this.cleanSession = clean;
    this.connectedAtMillis = System.currentTimeMillis();
    this.lastSeenNanos = System.nanoTime(); // keepalive runs from the CONNACK
    this.state = ConnectionState.CONNECTED;
  }

  /**
   * Closes a connection that has no CONNACK within the connect timeout, or that was silent for 1.5 ×
   * its keepalive (keepalive 0: never). Event loop, from {@link ConnectionTimeouts}.
   */
  void closeIfOverdue(long nowNanos, long connectTimeoutNanos) {
    long silentNanos = nowNanos - lastSeenNanos;
    switch (state) {
      case AWAITING_CONNECT, AUTHENTICATING -> {
        if (silentNanos >= connectTimeoutNanos) {
          closeOnLoop(DisconnectReason.CONNECT_TIMEOUT, "no CONNACK within the connect timeout");
        }
      }
      case CONNECTED -> {
        if (keepAliveSeconds > 0 && silentNanos >= keepAliveSeconds * 1_500_000_000L) {
          closeOnLoop(DisconnectReason.KEEPALIVE_TIMEOUT, "silent for 1.5 x keepalive");
        }
      }
      case CLOSING -> {}
    }
  }

  /**
   * Closes the connection for one reason (the first given wins). What was written before (a CONNACK,
   * say) is flushed first: the socket takes it at once unless the device stopped reading, and then it
   * is dropped rather than waited for (a slow consumer must not keep its connection open). TLS sends
   * its close_notify with SslHandler's own timeout. Event loop only.
   */
  public void closeOnLoop(DisconnectReason reason, String detail) {
    if (state == ConnectionState.CLOSING) {
      return;
    }
    state = ConnectionState.CLOSING;
    closeReason = reason;
    closeDetail = detail;
    channel.flush();
    channel.close();
  }

  @Override
  public void close(DisconnectReason reason) {
    runOnLoop(() -> closeOnLoop(reason, null));
  }

  /** The reason given to the close, or null when the socket simply dropped. */
  public DisconnectReason closeReason() {
    return closeReason;
  }

  public String closeDetail() {
    return closeDetail;
  }

  /** Called once the channel is inactive: releases what is still held. */
  public void closed() {
    state = ConnectionState.CLOSING;
    if (held != null) {
      held.forEach(ReferenceCountUtil::release);
      held = null;
    }
    if (publishes != null) {
      publishes.clear();
    }
    if (overflow != null) {
      overflow.clear();
    }
  }

  // ---- reading (event loop) ----

  public void pauseReading(int reason) {
    pausedBy |= reason;
    channel.config().setAutoRead(false);
  }

  public void resumeReading(int reason) {
    pausedBy &= ~reason;
    if (pausedBy == 0 && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
  }

  /** Holds a packet that arrived while the CONNECT is checked. @return false when the queue is full */
  public boolean hold(Object message, int max) {
    if (held == null) {
      held = new ArrayDeque<>(4);
    }
    if (held.size() >= max) {
      return false;
    }
    held.addLast(message);
    return true;
  }

  /** The held packets, in arrival order, now owned by the caller. */
  public ArrayDeque<Object> takeHeld() {
    ArrayDeque<Object> h = held;
    held = null;
    return h == null ? new ArrayDeque<>(0) : h;
  }

  /** A packet arrived; before the CONNACK it does not put off the connect timeout. */
  public void touch() {
    if (state == ConnectionState.CONNECTED) {
      lastSeenNanos = System.nanoTime();
    }
  }

  /** Counts a message the decoder produced (called for each, right after the decoder). */
  public void countDecoded() {
    decoded++;
  }

  /** How many messages the decoder has produced; compared, never read as an amount (it wraps). */
  public int decodedCount() {
    return decoded;
  }

  // ---- metrics (event loop) ----

  /** Notes when the CONNECT arrived, for the CONNECT latency. */
  public void connectReceived(long nanoTime) {
    connectReceivedNanos = nanoTime;
  }

  /** When the CONNECT arrived, once (then 0): its CONNACK is timed once. @return 0 if not noted */
  public long takeConnectReceived() {
    long t = connectReceivedNanos;
    connectReceivedNanos = 0;
    return t;
  }

  /** The meters of the device's dialect, or null before the CONNECT is accepted. */
  public MqttMetrics.DialectMeters meters() {
    return meters;
  }

  public void meters(MqttMetrics.DialectMeters dialectMeters) {
    meters = dialectMeters;
  }

  /** Counts this connection in a sessions gauge until {@link #uncountSession()}. */
  public void countSession(AtomicInteger gauge) {
    if (countedIn == null) {
      gauge.incrementAndGet();
      countedIn = gauge;
    }
  }

  /** Takes this connection out of the gauge it was counted in, if any. Idempotent. */
  public void uncountSession() {
    if (countedIn != null) {
      countedIn.decrementAndGet();
      countedIn = null;
    }
  }

  // ---- per-connection pieces (event loop) ----

  /** The rules for this connection's packets: the device's dialect, or the application channel's. */
  public ClientRules dialect() {
    return dialect;
  }

  /** The rate limit counters; the window starts with the first packet counted. Connected only. */
  public RateWindow rates() {
    if (rates == null) {
      rates = new RateWindow(dialect.rateLimits(), System.nanoTime());
    }
    return rates;
  }

  public Subscriptions subscriptions() {
    if (subscriptions == null) {
      subscriptions = new Subscriptions();
    }
    return subscriptions;
  }

  public PacketIds packetIds() {
    if (packetIds == null) {
      packetIds = new PacketIds();
    }
    return packetIds;
  }

  /**
   * A registration-only connection (Alibaba dynamic registration, AuthResult.Accepted#provisioning):
   * not the device's session, it may only wait for its answer and disconnect.
   */
  public boolean provisioning() {
    return provisioning;
  }

  public void markProvisioning() {
    provisioning = true;
  }

  /** The persistent session this connection resumed, or null for a clean session. */
  public PersistentSession persistentSession() {
    return persistentSession;
  }

  public void resumeSession(PersistentSession session) {
    persistentSession = session;
  }

  /** New messages were queued for this device's persistent session: deliver them. Any thread. */
  public void wakeSessionQueue() {
    runOnLoop(
        () -> {
          if (persistentSession != null) {
            persistentSession.pump();
          }
        });
  }

  public InboundPublishQueue publishes() {
    if (publishes == null) {
      publishes = new InboundPublishQueue();
    }
    return publishes;
  }

  public boolean tls() {
    return tls;
  }

  public Channel channel() {
    return channel;
  }

  /** The device's address and port, formatted when asked (Netty keeps the address itself). */
  public String remoteAddress() {
    return format(channel.remoteAddress());
  }

  public String listener() {
    return listener;
  }

  /** The device for log lines, or the remote address before authentication. */
  public String describe() {
    DeviceIdentity who = identity;
    return who == null ? remoteAddress() : who + " (" + remoteAddress() + ")";
  }

  // ---- delivery ----

  /**
   * Writes a message to the device on the event loop (MQTT 3.1.1 §3.3): QoS 0, or QoS 1 with a fresh
   * packet id. @return whether it was written
   */
  public boolean deliver(OutboundMessage message, boolean flush) {
    if (state != ConnectionState.CONNECTED) {
      return false;
    }
    int qos = message.qos();
    if (message.onlyIfSubscribed()) {
      int granted = subscriptions == null ? -1 : subscriptions.maxQos(message.topic());
      if (granted < 0) {
        return false;
      }
      qos = Math.min(qos, granted); // §3.8.4: never above the granted QoS
    }
    if (qos == 1 && overflow != null && (packetIds().full() || !overflow.isEmpty())) {
      // Behind what already waits, so the order holds; sent as PUBACKs free packet ids. A consumer
      // that falls further behind than the queue holds is cut off, like a device over its budget.
      if (!overflow.add(new OutboundMessage(message.topic(), message.payload(), 1, false))) {
        closeOnLoop(DisconnectReason.SLOW_CONSUMER, "too many messages waiting for acknowledgements");
        return false;
      }
      return true;
    }
    return write(message.topic(), message.payload(), qos, false, flush) >= 0;
  }

  /**
   * Lets QoS 1 messages wait for a free packet id instead of closing the connection when its in-flight
   * window is full (applications, which receive many devices' events on one connection).
   */
  public void queueWhenInFlightFull(int maxMessages, long maxBytes) {
    overflow = new OverflowQueue(maxMessages, maxBytes);
  }

  /** A PUBACK freed a packet id: send what waited for one. Event loop. */
  public void sendWaiting() {
    if (overflow == null || overflow.isEmpty()) {
      return;
    }
    boolean wrote = false;
    while (!overflow.isEmpty() && !packetIds().full() && state == ConnectionState.CONNECTED) {
      OutboundMessage m = overflow.poll();
      if (write(m.topic(), m.payload(), 1, false, false) < 0) {
        break;
      }
      wrote = true;
    }
    if (wrote) {
      channel.flush();
    }
  }

  /**
   * Writes a PUBLISH. @param dup a resend of a message written on an earlier connection (§4.4)
   * @return the packet id (0 for QoS 0), or -1 when nothing was written: the connection is closing, or
   *     it is closed now for exceeding its outbound budget
   */
  public int write(String topic, byte[] payload, int qos, boolean dup, boolean flush) {
    if (state != ConnectionState.CONNECTED) {
      return -1;
    }
    // design.md "Backpressure": a device that stops reading is closed once over its budget.
    if (pendingOutboundBytes() > maxPendingOutboundBytes) {
      closeOnLoop(DisconnectReason.SLOW_CONSUMER, "outbound budget exceeded");
      return -1;
    }
    int packetId = 0;
    if (qos == 1) {
      packetId = packetIds().allocate();
      if (packetId < 0) {
        closeOnLoop(DisconnectReason.SLOW_CONSUMER, "too many unacknowledged QoS 1 messages");
        return -1;
      }
    }
    MqttPublishMessage publish =
        new MqttPublishMessage(
            new MqttFixedHeader(MqttMessageType.PUBLISH, dup && qos == 1, MqttQoS.valueOf(qos), false, 0),
            new MqttPublishVariableHeader(topic, packetId),
            Unpooled.wrappedBuffer(payload));
    if (flush) {
      channel.writeAndFlush(publish, channel.voidPromise());
    } else {
      channel.write(publish, channel.voidPromise());
    }
    return packetId;
  }

  private long pendingOutboundBytes() {
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  // ---- DeviceLink (any thread) ----

  @Override
  public DeviceIdentity identity() {
    return identity;
  }

  @Override
  public CompletionStage<Boolean> send(OutboundMessage message) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    if (!runOnLoop(() -> done.complete(deliver(message, true)))) {
      done.complete(false);
    }
    return done;
  }

  @Override
  public SessionInfo info() {
    long connectedAt = connectedAtMillis;
    // Wall-clock time of the last packet, from how long ago it was (lastSeenNanos is monotonic).
    long lastSeen = System.currentTimeMillis() - (System.nanoTime() - lastSeenNanos) / 1_000_000;
    return new SessionInfo(
        connectedAt == 0 ? null : Instant.ofEpochMilli(connectedAt),
        Instant.ofEpochMilli(Math.max(lastSeen, connectedAt)),
        remoteAddress(),
        protocolLevel,
        keepAliveSeconds,
        cleanSession,
        listener);
  }

  @Override
  public String toString() {
    return "Connection[" + describe() + ", " + listener + "]";
  }

  /** Runs the task on the channel's loop, inline when already there. @return false if refused */
  public boolean runOnLoop(Runnable task) {
    if (channel.eventLoop().inEventLoop()) {
      task.run();
      return true;
    }
    try {
      channel.eventLoop().execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private static String format(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress() == null
          ? inet.getHostString() + ":" + inet.getPort()
          : inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }
}
