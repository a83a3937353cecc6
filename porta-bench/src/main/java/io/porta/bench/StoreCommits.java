package io.porta.bench;

import java.util.Map;

/**
 * Porta's telemetry writer during a step, from two /metrics scrapes: how many group commits, their
 * mean latency (insert + commit, fsync included) and mean batch size. Shows whether a step was held
 * up by the store.
 */
record StoreCommits(double commits, double meanCommitMillis, double meanBatch) {
  static final StoreCommits NONE = new StoreCommits(Double.NaN, Double.NaN, Double.NaN);
  private static final String WRITER = "writer=\"telemetry\"";

  static StoreCommits between(Map<String, Double> before, Map<String, Double> after) {
    double commits = delta(before, after, "porta_store_commit_latency_seconds_count{");
    if (commits <= 0) {
      return new StoreCommits(0, Double.NaN, Double.NaN);
    }
    double seconds = delta(before, after, "porta_store_commit_latency_seconds_sum{");
    double items = delta(before, after, "porta_store_batch_size_sum{");
    return new StoreCommits(commits, 1000 * seconds / commits, items / commits);
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String prefix) {
    return sum(after, prefix) - sum(before, prefix);
  }

  private static double sum(Map<String, Double> metrics, String prefix) {
    return metrics.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && e.getKey().contains(WRITER))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }
}
