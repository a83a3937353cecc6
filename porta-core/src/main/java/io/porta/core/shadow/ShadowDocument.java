package io.porta.core.shadow;

import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A device shadow (OneNET "image", Alibaba "shadow"): the state the application wants ({@code desired})
 * and the state the device reports ({@code reported}), when each attribute last changed, and a version
 * that grows with every change. Immutable: changes make a new document.
 *
 * <p>Stored and shown as {@code {"state":{"desired":{…},"reported":{…}},
 * "metadata":{"desired":{"k":{"timestamp":ms}},"reported":{…}},"version":n,"timestamp":ms}}.
 */
public final class ShadowDocument {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final ObjectNode desired;
  private final ObjectNode reported;
  private final ObjectNode desiredMeta;
  private final ObjectNode reportedMeta;
  private final long version;
  private final long timestampMs;

  ShadowDocument(
      ObjectNode desired, ObjectNode reported, ObjectNode desiredMeta, ObjectNode reportedMeta, long version, long timestampMs) {
    this.desired = desired;
    this.reported = reported;
    this.desiredMeta = desiredMeta;
    this.reportedMeta = reportedMeta;
    this.version = version;
    this.timestampMs = timestampMs;
  }

  /** A device without a shadow yet: nothing desired or reported, version 0. */
  public static ShadowDocument empty() {
    return new ShadowDocument(
        JSON.createObjectNode(), JSON.createObjectNode(), JSON.createObjectNode(), JSON.createObjectNode(), 0, 0);
  }

  /** Reads a stored document (the shape of {@link #toJson()}). */
  public static ShadowDocument parse(String stored) {
    JsonNode root = JSON.readTree(stored);
    return new ShadowDocument(
        object(root.path("state").get("desired")),
        object(root.path("state").get("reported")),
        object(root.path("metadata").get("desired")),
        object(root.path("metadata").get("reported")),
        root.path("version").asLong(),
        root.path("timestamp").asLong());
  }

  private static ObjectNode object(JsonNode node) {
    return node instanceof ObjectNode o ? o.deepCopy() : JSON.createObjectNode();
  }

  public ObjectNode desired() {
    return desired.deepCopy();
  }

  public ObjectNode reported() {
    return reported.deepCopy();
  }

  public long version() {
    return version;
  }

  public long timestampMs() {
    return timestampMs;
  }

  public boolean isEmpty() {
    return desired.isEmpty() && reported.isEmpty();
  }

  /** The desired attributes whose value differs from what the device reports: what it should change. */
  public ObjectNode delta() {
    ObjectNode delta = JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> e : desired.properties()) {
      if (!e.getValue().equals(reported.get(e.getKey()))) {
        delta.set(e.getKey(), e.getValue().deepCopy());
      }
    }
    return delta;
  }

  /**
   * Applies a change: each attribute of {@code desiredPatch} / {@code reportedPatch} is set, or removed
   * when its value is JSON null; {@code clearDesired} / {@code clearReported} empty the section first.
   * The version becomes {@code newVersion}.
   */
  ShadowDocument apply(
      ObjectNode desiredPatch,
      boolean clearDesired,
      ObjectNode reportedPatch,
      boolean clearReported,
      long newVersion,
      long nowMs) {
    ObjectNode d = clearDesired ? JSON.createObjectNode() : desired.deepCopy();
    ObjectNode dm = clearDesired ? JSON.createObjectNode() : desiredMeta.deepCopy();
    ObjectNode r = clearReported ? JSON.createObjectNode() : reported.deepCopy();
    ObjectNode rm = clearReported ? JSON.createObjectNode() : reportedMeta.deepCopy();
    patch(d, dm, desiredPatch, nowMs);
    patch(r, rm, reportedPatch, nowMs);
    return new ShadowDocument(d, r, dm, rm, newVersion, nowMs);
  }

  private static void patch(ObjectNode state, ObjectNode meta, ObjectNode patch, long nowMs) {
    if (patch == null) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        state.remove(e.getKey());
        meta.remove(e.getKey());
      } else {
        state.set(e.getKey(), e.getValue().deepCopy());
        meta.putObject(e.getKey()).put("timestamp", nowMs);
      }
    }
  }

  /** The number of attributes, desired and reported together. */
  int attributes() {
    return desired.size() + reported.size();
  }

  /** The whole document, timestamps in milliseconds (how it is stored and shown over REST). */
  public ObjectNode toJson() {
    return toJson(false);
  }

  /** The whole document; {@code seconds}: timestamps in seconds, as both dialects send them to devices. */
  public ObjectNode toJson(boolean seconds) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode state = root.putObject("state");
    state.set("desired", desired.deepCopy());
    state.set("reported", reported.deepCopy());
    root.set("metadata", metadata(seconds));
    root.put("version", version);
    root.put("timestamp", seconds ? timestampMs / 1000 : timestampMs);
    return root;
  }

  /** The metadata part alone ({@code {"desired":{…},"reported":{…}}}). */
  public ObjectNode metadata(boolean seconds) {
    ObjectNode metadata = JSON.createObjectNode();
    metadata.set("desired", timestamps(desiredMeta, seconds));
    metadata.set("reported", timestamps(reportedMeta, seconds));
    return metadata;
  }

  private static ObjectNode timestamps(ObjectNode meta, boolean seconds) {
    ObjectNode out = meta.deepCopy();
    if (seconds) {
      for (Map.Entry<String, JsonNode> e : out.properties()) {
        ((ObjectNode) e.getValue()).put("timestamp", e.getValue().path("timestamp").asLong() / 1000);
      }
    }
    return out;
  }

  /** The metadata of the given desired attributes, for a delta message. */
  public ObjectNode desiredMetadata(Iterable<String> keys, boolean seconds) {
    ObjectNode all = timestamps(desiredMeta, seconds);
    ObjectNode out = JSON.createObjectNode();
    for (String k : keys) {
      if (all.has(k)) {
        out.set(k, all.get(k));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return toJson().toString();
  }
}
