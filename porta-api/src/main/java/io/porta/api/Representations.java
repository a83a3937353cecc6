package io.porta.api;

import io.porta.core.model.Device;
import io.porta.core.model.Product;
import io.porta.core.model.ProductOptions;
import io.porta.core.session.SessionInfo;
import io.porta.core.topic.TopicCategory;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/** The JSON shapes of api.md's resources. */
final class Representations {
  private Representations() {}

  static ObjectNode product(Product p) {
    ObjectNode n = Json.object();
    n.put("id", p.id());
    n.put("name", p.name());
    n.put("dialect", p.dialect());
    n.put("secret", p.secret());
    n.set("options", options(p.options()));
    n.put("createdAt", iso(p.createdAt()));
    return n;
  }

  static ObjectNode options(ProductOptions o) {
    ObjectNode n = Json.object();
    n.put("onenetWildcardLevel", o.onenetWildcardLevel());
    n.put("dynamicRegistration", o.dynamicRegistration());
    n.put("requireTls", o.requireTls());
    return n;
  }

  static ObjectNode device(Device d) {
    ObjectNode n = Json.object();
    n.put("productId", d.productId());
    n.put("name", d.name());
    n.put("secret", d.secret());
    n.put("enabled", d.enabled());
    n.put("createdAt", iso(d.createdAt()));
    // Sorted, so that the same tags always read the same (the record's map has no order).
    ObjectNode tags = n.putObject("tags");
    for (Map.Entry<String, String> t : new TreeMap<>(d.tags()).entrySet()) {
      tags.put(t.getKey(), t.getValue());
    }
    n.put("firmwareVersion", d.firmwareVersion());
    return n;
  }

  static ObjectNode topicCategory(TopicCategory c) {
    ObjectNode n = Json.object();
    n.put("id", c.id());
    n.put("topic", c.topic());
    n.put("access", c.access().label());
    n.put("system", c.system());
    return n;
  }

  /** The device plus its connection state; the connection fields are null while it is offline. */
  static ObjectNode deviceWithSession(Device d, SessionInfo info) {
    ObjectNode n = device(d);
    n.put("online", info != null);
    if (info == null) {
      n.putNull("connectedAt");
      n.putNull("lastSeenAt");
      n.putNull("remoteAddress");
      n.putNull("protocolLevel");
      n.putNull("keepAlive");
      n.putNull("cleanSession");
      n.putNull("listener");
    } else {
      n.put("connectedAt", iso(info.connectedAt()));
      n.put("lastSeenAt", iso(info.lastSeenAt()));
      n.put("remoteAddress", info.remoteAddress());
      n.put("protocolLevel", info.protocolLevel());
      n.put("keepAlive", info.keepAliveSeconds());
      n.put("cleanSession", info.cleanSession());
      n.put("listener", info.listener());
    }
    return n;
  }

  static String iso(Instant t) {
    return t == null ? null : t.toString();
  }
}
