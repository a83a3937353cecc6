package io.porta.core.topic;

/** MQTT 3.1.1 topic-filter grammar and matching (§4.7). Pure functions. */
public final class TopicFilters {
  private TopicFilters() {}

  /** Whether the filter obeys §4.7.1: '#' only last and alone in its level, '+' alone in its level. */
  public static boolean isValidFilter(String filter) {
    if (filter == null || filter.isEmpty()) {
      return false;
    }
    int len = filter.length();
    for (int i = 0; i < len; i++) {
      char c = filter.charAt(i);
      if (c == '#') {
        boolean levelStart = i == 0 || filter.charAt(i - 1) == '/';
        if (!levelStart || i != len - 1) {
          return false;
        }
      } else if (c == '+') {
        boolean levelStart = i == 0 || filter.charAt(i - 1) == '/';
        boolean levelEnd = i == len - 1 || filter.charAt(i + 1) == '/';
        if (!levelStart || !levelEnd) {
          return false;
        }
      } else if (c == '\u0000') {
        return false;
      }
    }
    return true;
  }

  /** Whether a topic name (no wildcards) is valid for PUBLISH (§4.7.3). */
  public static boolean isValidTopicName(String topic) {
    if (topic == null || topic.isEmpty()) {
      return false;
    }
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      if (c == '+' || c == '#' || c == '\u0000') {
        return false;
      }
    }
    return true;
  }

  public static boolean hasWildcard(String filter) {
    return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
  }

  /** Whether the topic name matches the (valid) filter. Allocation-free. */
  public static boolean matches(String filter, String topic) {
    int f = 0;
    int t = 0;
    int fl = filter.length();
    int tl = topic.length();
    while (f < fl) {
      char c = filter.charAt(f);
      if (c == '#') {
        return true; // '#' also matches the parent level (§4.7.1.2)
      }
      if (c == '+') {
        while (t < tl && topic.charAt(t) != '/') {
          t++;
        }
        f++;
      } else {
        if (t >= tl) {
          // filter "a/#" matches "a": '#' also matches the parent level (§4.7.1.2)
          return f + 2 == fl && c == '/' && filter.charAt(f + 1) == '#';
        }
        if (topic.charAt(t) != c) {
          return false;
        }
        f++;
        t++;
        continue;
      }
      // after '+': both must be at a level end
      if (f == fl) {
        return t == tl;
      }
      if (t == tl) {
        // filter "a/+/#" matches "a/b": remaining filter must be "/#"
        return f + 2 == fl && filter.charAt(f) == '/' && filter.charAt(f + 1) == '#';
      }
    }
    if (t == tl) {
      return true;
    }
    return false;
  }

  /**
   * Whether every topic that matches {@code filter} also matches {@code categoryFilter} (both valid
   * filters): a subscription to {@code filter} stays within the category. Pure.
   */
  public static boolean covers(String categoryFilter, String filter) {
    String[] c = categoryFilter.split("/", -1);
    String[] f = filter.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (i >= c.length) {
        return false;
      }
      String cl = c[i];
      String fl = f[i];
      if (cl.equals("#")) {
        return true;
      }
      if (fl.equals("#")) {
        return false; // '#' reaches deeper (and shallower) than anything but '#'
      }
      if (cl.equals("+")) {
        continue;
      }
      if (fl.equals("+") || !cl.equals(fl)) {
        return false;
      }
    }
    // filter exhausted: same depth, or the category only adds a final '#' (which matches the parent)
    return c.length == f.length || (c.length == f.length + 1 && c[f.length].equals("#"));
  }

  /** The number of levels of a topic or filter ("a/b/c" has 3). */
  public static int levels(String topic) {
    int n = 1;
    for (int i = 0; i < topic.length(); i++) {
      if (topic.charAt(i) == '/') {
        n++;
      }
    }
    return n;
  }
}
