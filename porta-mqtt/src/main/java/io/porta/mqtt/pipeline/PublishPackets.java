package io.porta.mqtt.pipeline;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.porta.core.dialect.InboundPublish;
import io.porta.core.dialect.PublishResult;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.OutboundMessage;
import io.porta.core.topic.TopicFilters;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.ConnectionState;
import io.porta.mqtt.connection.InboundPublishQueue;
import io.porta.mqtt.connection.LoopBatch;
import io.porta.mqtt.limit.Limit;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import io.porta.mqtt.metrics.MqttMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH from a device (MQTT 3.1.1 §3.3, protocols.md A.6). Checks the packet, copies the payload
 * and releases the buffer, hands the message to the dialect, and answers once the dialect's stage
 * completes — on the event loop, in arrival order (§4.6): PUBACK for QoS 1, then the replies; or a
 * close without PUBACK when the dialect says so. Too many publishes in progress pause reading. Called
 * by the {@link PacketDispatchHandler}; answers go out through the whole pipeline.
 */
final class PublishPackets {
  private static final Logger LOG = LoggerFactory.getLogger(PublishPackets.class);

  private final RateLimiter limiter;
  private final MqttMetrics metrics;
  private final int maxPending;
  // One batch per event loop: dispatch() runs on the loop, so its thread finds the loop's batch.
  private final FastThreadLocal<LoopBatch<Completion>> completions = new FastThreadLocal<>();

  /** The dialect's outcome for one publish, on its way to the connection's event loop. */
  private record Completion(
      Connection connection, InboundPublishQueue.Entry entry, PublishResult result, Throwable error) {}

  PublishPackets(RateLimiter limiter, MqttMetrics metrics, int maxPendingPublishes) {
    this.limiter = limiter;
    this.metrics = metrics;
    this.maxPending = maxPendingPublishes;
  }

  /** Takes ownership of {@code publish}. */
  void onPublish(Connection connection, MqttPublishMessage publish) {
    InboundPublish inbound;
    int packetId;
    try {
      inbound = accept(connection, publish);
      packetId = publish.variableHeader().packetId();
    } finally {
      publish.release(); // the payload was copied (or the packet refused)
    }
    if (inbound != null) {
      handle(connection, inbound, packetId);
    }
  }

  /** Applies the packet rules; returns the dialect's view, or null after closing the connection. */
  private InboundPublish accept(Connection connection, MqttPublishMessage publish) {
    MqttFixedHeader header = publish.fixedHeader();
    if (header.qosLevel() == MqttQoS.EXACTLY_ONCE) { // protocols.md A.6: QoS 2 → disconnect
      connection.closeOnLoop(DisconnectReason.UNSUPPORTED_QOS, "PUBLISH QoS 2");
      return null;
    }
    if (header.isRetain()) { // A.6: retain must be 0; B.2.4 likewise
      connection.closeOnLoop(DisconnectReason.PROTOCOL_VIOLATION, "PUBLISH with retain");
      return null;
    }
    String topic = publish.variableHeader().topicName();
    if (!TopicFilters.isValidTopicName(topic)) { // §4.7.3: no wildcards, not empty
      connection.closeOnLoop(DisconnectReason.ILLEGAL_TOPIC, "PUBLISH topic '" + topic + "'");
      return null;
    }
    int qos = header.qosLevel().value();
    if (!limiter.allow(connection, qos == 0 ? Limit.PUBLISH_QOS0 : Limit.PUBLISH_QOS1, 1)) {
      return null;
    }
    MqttMetrics.DialectMeters meters = connection.meters();
    if (meters != null) {
      meters.uplink(qos);
    }
    byte[] payload = ByteBufUtil.getBytes(publish.payload());
    return new InboundPublish(topic, qos, false, header.isDup(), payload);
  }

  /**
   * Hands the PUBLISH to the dialect, or holds it while {@code maxPending} are in progress: pausing
   * reads alone is not enough, because the decoder still emits every packet of the bytes already
   * read (a burst of small QoS 0 messages would otherwise flood storage).
   */
  private void handle(Connection connection, InboundPublish inbound, int packetId) {
    InboundPublishQueue queue = connection.publishes();
    if (queue.size() >= maxPending || queue.hasHeld()) {
      queue.hold(inbound, packetId);
      connection.pauseReading(Connection.PAUSE_PUBLISH_BACKLOG);
      return;
    }
    dispatch(connection, inbound, packetId);
  }

  private void dispatch(Connection connection, InboundPublish inbound, int packetId) {
    InboundPublishQueue queue = connection.publishes();
    InboundPublishQueue.Entry entry = queue.add(packetId, inbound.qos() == 1);
    CompletionStage<PublishResult> stage;
    try {
      stage = connection.dialect().onPublish(connection, inbound);
    } catch (RuntimeException e) {
      LOG.error("{}: dialect failed on PUBLISH to {}", connection.describe(), inbound.topic(), e);
      connection.closeOnLoop(DisconnectReason.INTERNAL_ERROR, "dialect failed");
      return;
    }
    if (stage == null) {
      entry.complete(null, new NullPointerException("onPublish returned null"));
      drain(connection);
      return;
    }
    if (queue.size() >= maxPending) {
      connection.pauseReading(Connection.PAUSE_PUBLISH_BACKLOG);
    }
    LoopBatch<Completion> batch = completionsOf(connection.channel().eventLoop());
    // Always through the loop's batch, also when the stage is already complete: drain() dispatches
    // held publishes, and completing them inline would recurse once per held message.
    stage.whenComplete((result, error) -> batch.add(new Completion(connection, entry, result, error)));
  }

  /** The completion batch of this (current) event loop. */
  private LoopBatch<Completion> completionsOf(EventLoop loop) {
    LoopBatch<Completion> batch = completions.get();
    if (batch == null || batch.loop() != loop) { // loops share a thread only as embedded channels (tests)
      batch = new LoopBatch<>(loop, this::completed);
      completions.set(batch);
    }
    return batch;
  }

  /**
   * The publishes a commit completed on this loop: each connection is answered once, with one flush,
   * for all of its publishes that are done.
   */
  private void completed(List<Completion> done) {
    Set<Connection> touched = new LinkedHashSet<>();
    for (Completion c : done) {
      c.entry().complete(c.result(), c.error());
      touched.add(c.connection());
    }
    for (Connection connection : touched) {
      try {
        drain(connection);
      } catch (RuntimeException e) { // one broken connection must not strand the others' answers
        LOG.error("{}: answering PUBLISH failed", connection.describe(), e);
        connection.closeOnLoop(DisconnectReason.INTERNAL_ERROR, "answering PUBLISH failed");
      }
    }
  }

  /** Answers the finished publishes at the head of the queue, in arrival order. */
  private void drain(Connection connection) {
    InboundPublishQueue queue = connection.publishes();
    boolean wrote = false;
    for (InboundPublishQueue.Entry e = queue.pollDone(); e != null; e = queue.pollDone()) {
      if (connection.state() != ConnectionState.CONNECTED) {
        queue.clear();
        return;
      }
      if (e.failure() != null) {
        Throwable cause = e.failure() instanceof CompletionException c && c.getCause() != null
            ? c.getCause() : e.failure();
        LOG.error("{}: PUBLISH handling failed", connection.describe(), cause);
        connection.closeOnLoop(DisconnectReason.INTERNAL_ERROR, "PUBLISH handling failed");
        queue.clear();
        return;
      }
      PublishResult result = e.result();
      if (!result.acknowledged()) {
        connection.closeOnLoop(result.disconnect(), "dialect closed on PUBLISH");
        queue.clear();
        return;
      }
      if (result.dropped() != null) {
        // Alibaba B.5: an unauthorized PUBLISH is acknowledged and dropped; the connection stays.
        LOG.info("{}: PUBLISH dropped: {}", connection.describe(), result.dropped());
        metrics.dropped(result.dropped());
      }
      if (e.acknowledge()) {
        connection.channel().write(pubAck(e.packetId()), connection.channel().voidPromise());
        wrote = true;
      }
      for (OutboundMessage reply : result.replies()) {
        wrote |= connection.deliver(reply, false);
      }
    }
    if (wrote) {
      connection.channel().flush();
    }
    while (queue.hasHeld() && queue.size() < maxPending && connection.state() == ConnectionState.CONNECTED) {
      InboundPublishQueue.Held h = queue.nextHeld();
      dispatch(connection, h.publish(), h.packetId());
    }
    if (!queue.hasHeld() && queue.size() <= maxPending / 2) {
      connection.resumeReading(Connection.PAUSE_PUBLISH_BACKLOG);
    }
  }

  private static MqttPubAckMessage pubAck(int packetId) {
    return new MqttPubAckMessage(
        new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
        MqttMessageIdVariableHeader.from(packetId));
  }
}
