package io.porta.core.thing;

import tools.jackson.databind.JsonNode;

/**
 * The envelope of a thing-model request a device publishes, in either dialect: Alink
 * {@code {"id":"123","version":"1.0","sys":{"ack":0},"params":{…},"method":"…"}} (protocols.md B.6.1)
 * or OneJSON {@code {"id":"123","version":"1.0","params":{…}}} (A.7.5). Pure: {@link #parse} is
 * safe on any bytes.
 *
 * @param idJson the request's {@code id} as JSON text, echoed verbatim in the reply whatever it holds
 *     (Alibaba's Node.js SDK sends ids like {@code "2|exp-topic|/sys/…"}); {@code ""} when absent
 * @param params the {@code params} member, or null when absent
 * @param replyWanted false only for an Alink request with {@code "sys":{"ack":0}} (B.6.1)
 * @param problem why the request cannot be handled (the reply's message), or null when it can
 */
public record ThingRequest(String idJson, JsonNode params, boolean replyWanted, String problem) {
  /** The id of a reply to a request without one (or one that is not JSON). */
  public static final String NO_ID = "\"\"";

  public boolean isValid() {
    return problem == null;
  }

  public static ThingRequest parse(byte[] payload) {
    JsonNode root = ThingJson.read(payload);
    if (root == null || !root.isObject()) {
      return new ThingRequest(NO_ID, null, true, "payload is not a JSON object");
    }
    JsonNode id = root.get("id");
    String idJson = id == null || id.isNull() ? NO_ID : id.toString();
    boolean reply = true;
    JsonNode sys = root.get("sys");
    if (sys != null && sys.isObject()) {
      JsonNode ack = sys.get("ack");
      // B.6.1, protocols.md D.9: ack 0 means the device wants no reply; anything else keeps it.
      reply = ack == null || !(ack.isNumber() || ack.isString()) || !"0".equals(ack.asString());
    }
    JsonNode params = root.get("params");
    if (id == null || id.isNull()) {
      return new ThingRequest(idJson, params, reply, "id is required");
    }
    if (!id.isString() && !id.isIntegralNumber()) {
      return new ThingRequest(idJson, params, reply, "id must be a string");
    }
    return new ThingRequest(idJson, params == null || params.isNull() ? null : params, reply, null);
  }

  /** The same request, marked invalid for the reason given. */
  public ThingRequest invalid(String why) {
    return new ThingRequest(idJson, params, replyWanted, why);
  }
}
