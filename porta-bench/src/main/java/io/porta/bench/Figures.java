package io.porta.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every figure of a suite: per scenario section, metric and server, one value per run (NaN when a run
 * could not produce it). The report shows medians. Insertion order is the report's order.
 */
final class Figures {
  record Metric(String section, String name, String unit) {}

  /** One step of a rate sweep, kept for the report's detail tables. */
  record Step(String section, String server, int run, double target, double delivered, double ackP50, double ackP99,
      double deliveryP99, double deliveryRatio, boolean keptUp, double serverCpu, double generatorCpu,
      double storeCommitMillis, double storeBatch) {}

  private final Map<Metric, Map<String, List<Double>>> values = new LinkedHashMap<>();
  private final List<String> servers = new ArrayList<>();
  private final Map<String, List<String>> notes = new LinkedHashMap<>();
  final List<Step> steps = new ArrayList<>();

  synchronized void add(String section, String name, String unit, String server, double value) {
    if (!servers.contains(server)) {
      servers.add(server);
    }
    values.computeIfAbsent(new Metric(section, name, unit), k -> new LinkedHashMap<>())
        .computeIfAbsent(server, k -> new ArrayList<>())
        .add(value);
  }

  synchronized void note(String section, String text) {
    List<String> list = notes.computeIfAbsent(section, k -> new ArrayList<>());
    if (!list.contains(text)) {
      list.add(text);
    }
  }

  synchronized void step(Step step) {
    steps.add(step);
  }

  synchronized List<String> servers() {
    return List.copyOf(servers);
  }

  synchronized Map<Metric, Map<String, List<Double>>> values() {
    return values;
  }

  synchronized Map<String, List<String>> notes() {
    return notes;
  }

  /** The median of a metric over the runs (NaNs ignored), NaN when there is none. */
  synchronized double median(String section, String name, String server) {
    for (Map.Entry<Metric, Map<String, List<Double>>> e : values.entrySet()) {
      if (e.getKey().section().equals(section) && e.getKey().name().equals(name)) {
        return median(e.getValue().get(server));
      }
    }
    return Double.NaN;
  }

  static double median(List<Double> runs) {
    if (runs == null) {
      return Double.NaN;
    }
    double[] v = runs.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double[] range(List<Double> runs) {
    double[] v = runs.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).toArray();
    return v.length == 0 ? new double[] {Double.NaN, Double.NaN}
        : new double[] {Arrays.stream(v).min().getAsDouble(), Arrays.stream(v).max().getAsDouble()};
  }
}
