package io.porta.mqtt.pipeline;

import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.porta.core.dialect.ClientRules;
import io.porta.core.dialect.SubscribeDecision;
import io.porta.core.session.DisconnectReason;
import io.porta.core.session.StoredSubscription;
import io.porta.core.topic.TopicFilters;
import io.porta.mqtt.connection.Connection;
import io.porta.mqtt.connection.ConnectionState;
import io.porta.mqtt.session.PersistentSession;
import io.porta.mqtt.limit.Limit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SUBSCRIBE and UNSUBSCRIBE (MQTT 3.1.1 §3.8–3.11). Each filter is judged alone and gets its own
 * SUBACK code, in order (§3.9.3): bad grammar, the dialect's refusal or a full subscription list give
 * 0x80 for that filter and keep the connection (protocols.md A.6, A.8). Called by the
 * {@link PacketDispatchHandler}; answers go out through the whole pipeline (counted on the way).
 */
final class SubscribePackets {
  private final RateLimiter limiter;
  private final int maxSubscriptions;

  SubscribePackets(RateLimiter limiter, int maxSubscriptionsPerConnection) {
    this.limiter = limiter;
    this.maxSubscriptions = maxSubscriptionsPerConnection;
  }

  void onSubscribe(Connection connection, MqttSubscribeMessage msg) {
    List<MqttTopicSubscription> filters = msg.payload().topicSubscriptions();
    ClientRules dialect = connection.dialect();
    if (filters.isEmpty()) { // §3.8.3-3
      connection.closeOnLoop(DisconnectReason.PROTOCOL_VIOLATION, "SUBSCRIBE without filters");
      return;
    }
    int maxFilters = dialect.maxFiltersPerSubscribe();
    if (maxFilters > 0 && filters.size() > maxFilters) { // protocols.md A.6: ≤ 8 per packet
      connection.closeOnLoop(
          DisconnectReason.PROTOCOL_VIOLATION, filters.size() + " filters in one SUBSCRIBE");
      return;
    }
    if (!limiter.allow(connection, Limit.SUBSCRIBE_TOPICS, filters.size())) {
      return;
    }
    int[] codes = new int[filters.size()];
    for (int i = 0; i < codes.length; i++) {
      MqttTopicSubscription s = filters.get(i);
      String filter = s.topicFilter();
      if (!TopicFilters.isValidFilter(filter)) { // §4.7.1
        codes[i] = SubscribeDecision.FAILURE;
        continue;
      }
      SubscribeDecision decision =
          dialect.authorizeSubscribe(connection, filter, s.qualityOfService().value());
      if (decision.disconnect() != null) {
        connection.closeOnLoop(decision.disconnect(), "SUBSCRIBE " + filter);
        return;
      }
      int qos = Math.min(decision.grantedQos(), 1); // QoS 2 is never delivered (design.md)
      if (!decision.granted() || !connection.subscriptions().add(filter, qos, maxSubscriptions)) {
        codes[i] = SubscribeDecision.FAILURE;
        continue;
      }
      codes[i] = qos;
    }
    int messageId = msg.variableHeader().messageId();
    PersistentSession persistent = connection.persistentSession();
    if (persistent == null) {
      writeSubAck(connection.channel(), messageId, codes);
      return;
    }
    List<StoredSubscription> granted = new ArrayList<>(codes.length);
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] != SubscribeDecision.FAILURE) {
        granted.add(new StoredSubscription(filters.get(i).topicFilter(), codes[i]));
      }
    }
    // §3.8.4: the session holds the subscription once acknowledged, so store it first.
    afterStored(connection, persistent.storeSubscriptions(granted), () -> writeSubAck(connection.channel(), messageId, codes));
  }

  private static void writeSubAck(Channel channel, int messageId, int[] codes) {
    channel.writeAndFlush(
        new MqttSubAckMessage(
            new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
            MqttMessageIdVariableHeader.from(messageId),
            new MqttSubAckPayload(codes)),
        channel.voidPromise());
  }

  /** Runs {@code then} on the loop once the session store is updated; a store failure closes. */
  private static void afterStored(Connection connection, CompletableFuture<Void> stored, Runnable then) {
    stored.whenComplete(
        (ok, error) ->
            connection.runOnLoop(
                () -> {
                  if (error != null) {
                    connection.closeOnLoop(DisconnectReason.STORE_FAILURE, "storing subscriptions: " + error);
                  } else if (connection.state() == ConnectionState.CONNECTED) {
                    then.run();
                  }
                }));
  }

  void onUnsubscribe(Connection connection, MqttUnsubscribeMessage msg) {
    List<String> filters = msg.payload().topics();
    if (filters.isEmpty()) { // §3.10.3-2
      connection.closeOnLoop(DisconnectReason.PROTOCOL_VIOLATION, "UNSUBSCRIBE without filters");
      return;
    }
    if (!limiter.allow(connection, Limit.UNSUBSCRIBES, 1)) {
      return;
    }
    for (String filter : filters) {
      connection.subscriptions().remove(filter);
    }
    int messageId = msg.variableHeader().messageId();
    PersistentSession persistent = connection.persistentSession();
    if (persistent == null) {
      writeUnsubAck(connection.channel(), messageId);
    } else {
      afterStored(connection, persistent.forgetSubscriptions(filters), () -> writeUnsubAck(connection.channel(), messageId));
    }
  }

  /** §3.10.4: UNSUBACK even when nothing matched. */
  private static void writeUnsubAck(Channel channel, int messageId) {
    channel.writeAndFlush(
        new MqttUnsubAckMessage(
            new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
            MqttMessageIdVariableHeader.from(messageId)),
        channel.voidPromise());
  }
}
