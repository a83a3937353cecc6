package io.porta.mqtt.connection;

import io.porta.core.topic.TopicFilters;
import java.util.Arrays;

/**
 * The filters one connection holds: a small array, since devices hold a handful (protocols.md A.8:
 * at most 15 per session). Event loop only.
 */
public final class Subscriptions {
  private static final String[] NONE = new String[0];

  private static final byte[] NO_QOS = new byte[0];

  private String[] filters = NONE;
  private byte[] grantedQos = NO_QOS;
  private int size;

  /**
   * Adds a filter with its granted QoS; a filter equal to one held replaces it (MQTT 3.1.1 §3.8.4)
   * and does not count again. @param max the most filters held, 0 = no limit @return false when full
   */
  public boolean add(String filter, int qos, int max) {
    int i = indexOf(filter);
    if (i >= 0) {
      grantedQos[i] = (byte) qos;
      return true;
    }
    if (max > 0 && size >= max) {
      return false;
    }
    if (size == filters.length) {
      filters = Arrays.copyOf(filters, Math.max(4, size * 2));
      grantedQos = Arrays.copyOf(grantedQos, filters.length);
    }
    grantedQos[size] = (byte) qos;
    filters[size++] = filter;
    return true;
  }

  /** @return whether the filter was held */
  public boolean remove(String filter) {
    int i = indexOf(filter);
    if (i < 0) {
      return false;
    }
    System.arraycopy(filters, i + 1, filters, i, size - i - 1);
    System.arraycopy(grantedQos, i + 1, grantedQos, i, size - i - 1);
    filters[--size] = null;
    return true;
  }

  /** Whether any held filter matches the topic name (§4.7). */
  public boolean matches(String topic) {
    return maxQos(topic) >= 0;
  }

  /**
   * The highest QoS granted to a filter matching the topic name, or -1 when none matches: a message
   * goes out at most at that QoS (§3.8.4).
   */
  public int maxQos(String topic) {
    int best = -1;
    for (int i = 0; i < size; i++) {
      if (grantedQos[i] > best && TopicFilters.matches(filters[i], topic)) {
        best = grantedQos[i];
      }
    }
    return best;
  }

  public int size() {
    return size;
  }

  private int indexOf(String filter) {
    for (int i = 0; i < size; i++) {
      if (filters[i].equals(filter)) {
        return i;
      }
    }
    return -1;
  }
}
