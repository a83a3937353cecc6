package io.porta.core.dialect.aliyun;

import io.porta.core.model.DeviceKey;
import io.porta.core.dialect.DeviceIdentity;
import io.porta.core.topic.TopicAccess;
import io.porta.core.topic.TopicCategories;
import io.porta.core.topic.TopicCategory;
import io.porta.core.topic.TopicFilters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Alibaba topic categories and permissions (seed "Topic standards", protocols.md B.5, B.7, B.8, B.10,
 * B.11): per-product templates in which {@code ${productKey}} is the product and {@code ${deviceName}}
 * always the connected device itself, so a device never reaches another device's topics. Never blocks:
 * custom categories come from the {@link TopicCategories} cache loaded at login.
 */
final class AliyunTopics {
  static final String PK = "${productKey}";
  static final String DN = "${deviceName}";

  private record Template(String topic, TopicAccess access, CategoryTemplate compiled) {
    Template(String topic, TopicAccess access) {
      this(topic, access, new CategoryTemplate(topic));
    }
  }

  /** The seed's six defaults, then the system classes; ids "sys-1"… follow this order. */
  private static final List<Template> SYSTEM =
      List.of(
          new Template("/" + PK + "/" + DN + "/update", TopicAccess.PUB),
          new Template("/" + PK + "/" + DN + "/update/error", TopicAccess.PUB),
          new Template("/" + PK + "/" + DN + "/get", TopicAccess.SUB),
          new Template("/sys/" + PK + "/" + DN + "/thing/#", TopicAccess.PUBSUB),
          new Template("/sys/" + PK + "/" + DN + "/rrpc/#", TopicAccess.PUBSUB),
          new Template("/broadcast/" + PK + "/#", TopicAccess.PUBSUB),
          new Template("/ext/ntp/" + PK + "/" + DN + "/request", TopicAccess.PUB),
          new Template("/ext/ntp/" + PK + "/" + DN + "/response", TopicAccess.SUB),
          new Template("/ext/session/" + PK + "/" + DN + "/#", TopicAccess.PUBSUB),
          // The C SDK re-subscribes /ext/error forever when refused (design.md).
          new Template("/ext/error/" + PK + "/" + DN, TopicAccess.SUB),
          new Template("/shadow/update/" + PK + "/" + DN, TopicAccess.PUB),
          new Template("/shadow/get/" + PK + "/" + DN, TopicAccess.SUB),
          new Template("/ota/device/inform/" + PK + "/" + DN, TopicAccess.PUB),
          new Template("/ota/device/progress/" + PK + "/" + DN, TopicAccess.PUB),
          new Template("/ota/device/request/" + PK + "/" + DN, TopicAccess.PUB),
          new Template("/ota/device/upgrade/" + PK + "/" + DN, TopicAccess.SUB));

  /**
   * B.7 custom-topic RRPC: {@code /ext/rrpc/{messageId}} followed by any topic of the device's own
   * categories, pub and sub. Listed with this template; checked by {@link #rrpcInner}.
   */
  static final String RRPC_TEMPLATE = "/ext/rrpc/+/#";

  static final String RRPC_PREFIX = "/ext/rrpc/";

  private static final Pattern CUSTOM_LEVEL = Pattern.compile("[A-Za-z0-9_\\-]+|\\+|#");

  private final TopicCategories categories;
  private final AliyunLimits limits;

  /** Compiled custom templates, shared by all products (a template names no product). */
  private final Map<String, CategoryTemplate> compiled = new ConcurrentHashMap<>();

  /**
   * The device a topic (or filter) names by position: {@code /sys/{pk}/{dn}/…}, {@code /{pk}/{dn}/…},
   * {@code /ext/rrpc/{id}/[sys/]{pk}/{dn}/…}, {@code /shadow/{op}/{pk}/{dn}},
   * {@code /ext/{ntp|session|error}/{pk}/{dn}…}, {@code /ota/device/{op}/{pk}/{dn}}; {@code /broadcast/…}
   * names none. Null when none or malformed.
   */
  static DeviceKey deviceNamedIn(String topic) {
    String[] l = topic.split("/", -1);
    if (l.length < 3 || !l[0].isEmpty()) {
      return null;
    }
    int at =
        switch (l[1]) {
          case "sys" -> 2;
          case "shadow" -> 3;
          case "ota" -> 4;
          case "broadcast" -> -1;
          case "ext" -> l[2].equals("rrpc") ? (l.length > 4 && l[4].equals("sys") ? 5 : 4) : 3;
          default -> 1;
        };
    if (at < 0 || l.length <= at + 1 || l[at].isEmpty() || l[at + 1].isEmpty()) {
      return null;
    }
    return new DeviceKey(l[at], l[at + 1]);
  }

  AliyunTopics(TopicCategories categories, AliyunLimits limits) {
    this.categories = categories;
    this.limits = limits;
  }

  /** Defaults + system classes with ids "sys-1"…, the product key substituted, {@code ${deviceName}} kept. */
  static List<TopicCategory> systemCategories(String productKey) {
    List<TopicCategory> out = new ArrayList<>(SYSTEM.size() + 1);
    int n = 1;
    for (Template t : SYSTEM) {
      out.add(new TopicCategory("sys-" + n++, productKey, t.topic.replace(PK, productKey), t.access, true));
    }
    out.add(new TopicCategory("sys-" + n, productKey, RRPC_TEMPLATE, TopicAccess.PUBSUB, true));
    return out;
  }

  /**
   * Checks and normalises a custom category: {@code /${productKey}/${deviceName}/user/<levels>} (the
   * product key may be literal); levels of letters, digits, {@code _-}, or a whole {@code +} / final
   * {@code #}.
   */
  String customTemplate(String productKey, String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("topic is required");
    }
    String literal = "/" + productKey + "/" + DN + "/user/";
    String canonical = "/" + PK + "/" + DN + "/user/";
    String rest;
    if (topic.startsWith(canonical)) {
      rest = topic.substring(canonical.length());
    } else if (topic.startsWith(literal)) {
      rest = topic.substring(literal.length());
    } else {
      throw new IllegalArgumentException(
          "a custom topic must start with /${productKey}/${deviceName}/user/ (product key " + productKey + ")");
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("a custom topic needs at least one level after /user/");
    }
    String[] levels = rest.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      if (!CUSTOM_LEVEL.matcher(level).matches()) {
        throw new IllegalArgumentException(
            "topic level '" + level + "' may hold only letters, digits, _ and -, or be a whole + or #");
      }
      if (level.equals("#") && i != levels.length - 1) {
        throw new IllegalArgumentException("# is allowed only as the last level");
      }
    }
    String template = canonical + rest;
    if (template.length() > limits.maxTopicLength()) {
      throw new IllegalArgumentException("topic longer than " + limits.maxTopicLength() + " characters");
    }
    return template;
  }

  /** Whether the device may publish to the topic. */
  boolean mayPublish(DeviceIdentity device, String topic) {
    if (!usable(topic) || !TopicFilters.isValidTopicName(topic)) {
      return false;
    }
    String inner = rrpcInner(topic);
    if (inner != null) {
      return ownMatches(device, inner, null);
    }
    return ownMatches(device, topic, Boolean.TRUE);
  }

  /** Whether the device may receive the topic (a sub-capable category matches it). */
  boolean mayReceive(DeviceIdentity device, String topic) {
    if (!usable(topic) || !TopicFilters.isValidTopicName(topic)) {
      return false;
    }
    String inner = rrpcInner(topic);
    if (inner != null) {
      return ownMatches(device, inner, null);
    }
    return ownMatches(device, topic, Boolean.FALSE);
  }

  /** Whether a subscription to the filter stays within one sub-capable category. */
  boolean maySubscribe(DeviceIdentity device, String filter) {
    if (!usable(filter) || !TopicFilters.isValidFilter(filter)) {
      return false;
    }
    if (filter.startsWith(RRPC_PREFIX)) {
      String inner = rrpcInner(filter);
      return inner != null && ownCovers(device, inner);
    }
    String pk = device.productId();
    String dn = device.deviceName();
    for (Template t : SYSTEM) {
      if (t.access.canSubscribe() && TopicFilters.covers(resolve(t.topic, pk, dn), filter)) {
        return true;
      }
    }
    for (TopicCategory c : categories.cached(pk)) {
      if (c.access().canSubscribe() && TopicFilters.covers(resolve(c.topic(), pk, dn), filter)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The topic inside {@code /ext/rrpc/{id}/…} (starting with '/'), or null when the topic is not of
   * that form. The id level must be a literal id or '+'.
   */
  static String rrpcInner(String topic) {
    if (!topic.startsWith(RRPC_PREFIX)) {
      return null;
    }
    int slash = topic.indexOf('/', RRPC_PREFIX.length());
    if (slash <= RRPC_PREFIX.length() || slash == topic.length() - 1) {
      return null;
    }
    String id = topic.substring(RRPC_PREFIX.length(), slash);
    if (id.equals("#")) {
      return null;
    }
    return topic.substring(slash);
  }

  /** The message id of {@code /ext/rrpc/{id}/…}, or null. */
  static String rrpcId(String topic) {
    if (rrpcInner(topic) == null) {
      return null;
    }
    return topic.substring(RRPC_PREFIX.length(), topic.indexOf('/', RRPC_PREFIX.length()));
  }

  /** @param publish TRUE: pub-capable, FALSE: sub-capable, null: any category */
  private boolean ownMatches(DeviceIdentity device, String topic, Boolean publish) {
    String pk = device.productId();
    String dn = device.deviceName();
    for (Template t : SYSTEM) {
      if (allows(t.access, publish) && t.compiled.matches(pk, dn, topic)) {
        return true;
      }
    }
    for (TopicCategory c : categories.cached(pk)) {
      if (allows(c.access(), publish) && compile(c.topic()).matches(pk, dn, topic)) {
        return true;
      }
    }
    return false;
  }

  private boolean ownCovers(DeviceIdentity device, String filter) {
    String pk = device.productId();
    String dn = device.deviceName();
    for (Template t : SYSTEM) {
      if (TopicFilters.covers(resolve(t.topic, pk, dn), filter)) {
        return true;
      }
    }
    for (TopicCategory c : categories.cached(pk)) {
      if (TopicFilters.covers(resolve(c.topic(), pk, dn), filter)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the topic is one of the device's own categories (custom-topic RRPC target). */
  boolean isOwnTopic(DeviceIdentity device, String topic) {
    return usable(topic) && TopicFilters.isValidTopicName(topic) && ownMatches(device, topic, null);
  }

  private CategoryTemplate compile(String template) {
    CategoryTemplate t = compiled.get(template);
    if (t == null) {
      if (compiled.size() > 10_000) {
        compiled.clear(); // deleted categories must not pile up
      }
      t = compiled.computeIfAbsent(template, CategoryTemplate::new);
    }
    return t;
  }

  private static boolean allows(TopicAccess access, Boolean publish) {
    if (publish == null) {
      return true;
    }
    return publish ? access.canPublish() : access.canSubscribe();
  }

  private boolean usable(String topic) {
    return topic != null && !topic.isEmpty() && topic.length() <= limits.maxTopicLength();
  }

  static String resolve(String template, String productKey, String deviceName) {
    return template.replace(PK, productKey).replace(DN, deviceName);
  }
}
