package io.porta.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The samples of a Prometheus text exposition: series (name with labels) → value. */
final class PrometheusText {
  private PrometheusText() {}

  static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      try {
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      } catch (RuntimeException e) {
        // not a sample line (or a timestamped one): not needed here
      }
    }
    return samples;
  }

  /** The sum of every series whose text starts with {@code prefix}. */
  static double sum(Map<String, Double> samples, String prefix) {
    return samples.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  /** The live heap after a GC: every heap pool but Eden, which holds only garbage allocated since. */
  static long heapWithoutEden(Map<String, Double> samples) {
    double sum = 0;
    for (Map.Entry<String, Double> e : samples.entrySet()) {
      String series = e.getKey();
      if (series.startsWith("jvm_memory_used_bytes{") && series.contains("area=\"heap\"") && !series.contains("Eden")) {
        sum += e.getValue();
      }
    }
    return (long) sum;
  }

  /**
   * Direct memory in use: Netty's own counter (its buffers bypass the JDK's when it can free them
   * itself) plus the JDK's direct buffer pool.
   */
  static long direct(Map<String, Double> samples) {
    return (long) (Math.max(0, sum(samples, "porta_netty_direct_memory_used_bytes"))
        + Math.max(0, sum(samples, "jvm_buffer_memory_used_bytes{id=\"direct\"")));
  }
}
