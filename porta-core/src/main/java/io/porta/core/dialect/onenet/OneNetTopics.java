package io.porta.core.dialect.onenet;

import io.porta.core.topic.TopicFilters;
import java.util.Objects;

/**
 * OneNET's topic grammar (protocols.md A.6, A.7): a device lives in its own {@code $sys/{pid}/{dn}/}
 * space, may publish to the topics the platform handles there and subscribe within it. Pure.
 *
 * <p>Shape limits (length, levels, characters) follow OneNET's design doc; breaking one closes the
 * connection. The A.6 character set is {@code [a-zA-Z0-9/_-]} (plus {@code +#} in filters) with the
 * leading {@code $} the doc's own topics need. The device's own pid and name are exempt from it:
 * the registry admits device names with {@code .@:} (model.DeviceNames) and such a device must
 * still reach its own topics.
 */
public final class OneNetTopics {
  /** The first topic level, common to all system topics (protocols.md A.6). */
  public static final String SYS = "$sys";

  private static final String DP_POST = "dp/post/json";
  private static final String CMD_RESPONSE = "cmd/response/";

  /** What a PUBLISH topic means. */
  public enum Kind {
    /** {@code dp/post/json}: a data-point upload (A.7.1). */
    DATA_POINTS,
    /** {@code cmd/response/{cmdid}}: a command answer (A.7.2). */
    COMMAND_RESPONSE,
    /** {@code image/update}: a change to the device image (A.7.3). */
    IMAGE_UPDATE,
    /** {@code image/get}: the device asks for its image (A.7.3). */
    IMAGE_GET,
    /** One of the thing-model topics a device publishes (A.7.5); the path is in the route. */
    THING,
    /** The payload is over the size limit (A.6): disconnect. */
    PAYLOAD_TOO_LARGE,
    /** Too many levels or a character outside the A.6 set: disconnect. */
    BAD_SHAPE,
    /** Another device's topic, a non-{@code $sys} topic or one the platform does not handle: disconnect. */
    ILLEGAL
  }

  /**
   * The meaning of a PUBLISH topic.
   *
   * @param commandId the {@code cmdid} of a {@link Kind#COMMAND_RESPONSE}, else null
   * @param thingPath the topic after {@code $sys/{pid}/{dn}/} of a {@link Kind#THING}, else null
   */
  public record PublishRoute(Kind kind, String commandId, String thingPath) {
    public PublishRoute {
      Objects.requireNonNull(kind, "kind");
    }

    public PublishRoute(Kind kind, String commandId) {
      this(kind, commandId, null);
    }
  }

  /** A.7.5: what a device publishes under {@code thing/} (sub-device topics belong to gateways). */
  private static final java.util.Set<String> THING_PATHS =
      java.util.Set.of(
          "thing/property/post",
          "thing/event/post",
          "thing/property/set_reply",
          "thing/property/get_reply",
          "thing/property/desired/get",
          "thing/property/desired/delete",
          "thing/pack/post",
          "thing/history/post");

  private static final String SERVICE = "thing/service/";
  private static final String INVOKE_REPLY = "/invoke_reply";

  /** The verdict on one SUBSCRIBE filter. */
  public enum FilterVerdict {
    /** Granted (at QoS 0). */
    ALLOWED,
    /** Outside the device's space or wildcards too high: 0x80, the connection stays (seed, A.6). */
    REFUSED,
    /** Breaks a shape limit or the MQTT filter grammar: disconnect (ON-design). */
    MALFORMED
  }

  private static final PublishRoute DATA_POINTS = new PublishRoute(Kind.DATA_POINTS, null);
  private static final PublishRoute IMAGE_UPDATE = new PublishRoute(Kind.IMAGE_UPDATE, null);
  private static final PublishRoute IMAGE_GET = new PublishRoute(Kind.IMAGE_GET, null);
  private static final PublishRoute TOO_LARGE = new PublishRoute(Kind.PAYLOAD_TOO_LARGE, null);
  private static final PublishRoute BAD_SHAPE = new PublishRoute(Kind.BAD_SHAPE, null);
  private static final PublishRoute ILLEGAL = new PublishRoute(Kind.ILLEGAL, null);

  private final OneNetLimits limits;

  public OneNetTopics(OneNetLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** {@code $sys/{pid}/{dn}/}: the start of every topic of the device. */
  public static String prefix(String productId, String deviceName) {
    return SYS + "/" + productId + "/" + deviceName + "/";
  }

  public static String dataPointsAccepted(String productId, String deviceName) {
    return prefix(productId, deviceName) + DP_POST + "/accepted";
  }

  public static String dataPointsRejected(String productId, String deviceName) {
    return prefix(productId, deviceName) + DP_POST + "/rejected";
  }

  public static String commandRequest(String productId, String deviceName, String commandId) {
    return prefix(productId, deviceName) + "cmd/request/" + commandId;
  }

  public static String commandResponseAccepted(String productId, String deviceName, String commandId) {
    return prefix(productId, deviceName) + CMD_RESPONSE + commandId + "/accepted";
  }

  public static String commandResponseRejected(String productId, String deviceName, String commandId) {
    return prefix(productId, deviceName) + CMD_RESPONSE + commandId + "/rejected";
  }

  /**
   * Classifies a PUBLISH of the device {@code productId/deviceName} (protocols.md A.6: every
   * violation closes the connection; A.7: the topics a device publishes to).
   */
  public PublishRoute classifyPublish(
      String productId, String deviceName, String topic, int payloadBytes) {
    if (payloadBytes > limits.maxPayloadBytes()) {
      return TOO_LARGE;
    }
    String prefix = prefix(productId, deviceName);
    boolean own = topic.startsWith(prefix);
    if (topic.isEmpty()
        || TopicFilters.levels(topic) > limits.maxTopicLevels()
        || !inCharset(topic, own ? prefix.length() : 0, false)) {
      return BAD_SHAPE;
    }
    if (!own) {
      return ILLEGAL;
    }
    String rest = topic.substring(prefix.length());
    if (rest.equals(DP_POST)) {
      return DATA_POINTS;
    }
    if (rest.equals("image/update")) {
      return IMAGE_UPDATE;
    }
    if (rest.equals("image/get")) {
      return IMAGE_GET;
    }
    if (THING_PATHS.contains(rest) || isInvokeReply(rest)) {
      return new PublishRoute(Kind.THING, null, rest);
    }
    if (rest.startsWith(CMD_RESPONSE)) {
      String commandId = rest.substring(CMD_RESPONSE.length());
      if (!commandId.isEmpty() && commandId.indexOf('/') < 0) {
        return new PublishRoute(Kind.COMMAND_RESPONSE, commandId);
      }
    }
    return ILLEGAL;
  }

  /** {@code thing/service/{identifier}/invoke_reply}. */
  private static boolean isInvokeReply(String rest) {
    if (!rest.startsWith(SERVICE) || !rest.endsWith(INVOKE_REPLY)) {
      return false;
    }
    int end = rest.length() - INVOKE_REPLY.length();
    return end > SERVICE.length() && rest.indexOf('/', SERVICE.length()) == end;
  }

  /**
   * Judges one SUBSCRIBE filter of the device (seed "Topic Convention", protocols.md A.6).
   *
   * @param wildcardLevel the first level (1-based, {@code $sys} is 1) that may hold {@code +} or
   *     {@code #}: 5 per the seed, 4 when the product allows {@code $sys/{pid}/{dn}/#}
   */
  public FilterVerdict checkFilter(
      String productId, String deviceName, String filter, int wildcardLevel) {
    if (filter == null || filter.isEmpty()) {
      return FilterVerdict.MALFORMED;
    }
    String prefix = prefix(productId, deviceName);
    boolean own = filter.startsWith(prefix);
    if (utf8Length(filter) > limits.maxFilterBytes()
        || TopicFilters.levels(filter) > limits.maxTopicLevels()
        || !inCharset(filter, own ? prefix.length() : 0, true)
        || !TopicFilters.isValidFilter(filter)) {
      return FilterVerdict.MALFORMED;
    }
    // Only the device's own space, and something below it (seed: no cross-device subscriptions).
    if (!own || filter.length() == prefix.length()) {
      return FilterVerdict.REFUSED;
    }
    // Levels 1–3 are the literal prefix, so any wildcard sits at level 4 or deeper.
    int level = 4;
    for (int i = prefix.length(); i < filter.length(); i++) {
      char c = filter.charAt(i);
      if (c == '/') {
        level++;
      } else if ((c == '+' || c == '#') && level < wildcardLevel) {
        return FilterVerdict.REFUSED;
      }
    }
    return FilterVerdict.ALLOWED;
  }

  /** A.6 charset from {@code from} on; a leading {@code $} is allowed at index 0. */
  private static boolean inCharset(String s, int from, boolean filter) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '/'
              || c == '_'
              || c == '-'
              || (c == '$' && i == 0)
              || (filter && (c == '+' || c == '#'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
