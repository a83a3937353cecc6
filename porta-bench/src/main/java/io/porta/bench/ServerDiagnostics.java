package io.porta.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Porta said about a scenario: the change of its connection and rate-limit counters, and the
 * WARN/ERROR lines its log gained.
 */
final class ServerDiagnostics {
  private static final List<String> COUNTERS =
      List.of("porta_connects_total", "porta_disconnects_total", "porta_rate_limit_hits_total");
  private static final int SHOWN_LINES = 5;

  private final Path log;
  private Map<String, Double> last = new HashMap<>();
  private long logOffset;

  ServerDiagnostics(Path log) {
    this.log = log;
  }

  void baseline(Map<String, Double> metrics) throws IOException {
    last = metrics;
    logOffset = Files.size(log);
  }

  String since(Map<String, Double> metrics) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      String series = e.getKey();
      double delta = e.getValue() - last.getOrDefault(series, 0.0);
      if (delta != 0 && COUNTERS.stream().anyMatch(series::startsWith)) {
        sb.append(String.format(Locale.ROOT, "  %s +%.0f%n", series, delta));
      }
    }
    last = metrics;
    int problems = 0;
    Map<String, String> shown = new LinkedHashMap<>(); // by logger and message shape → example
    List<String> lines = newLogLines();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.contains(" WARN ") || line.contains(" ERROR ")) {
        problems++;
        String shape = line.replaceAll("^\\S+ +\\S+ +\\[[^]]*] ", "").replaceAll("[0-9]+", "#");
        if (shown.size() < SHOWN_LINES && !shown.containsKey(shape)) {
          String cause = i + 1 < lines.size() && !lines.get(i + 1).matches("^\\d{4}-.*") ? lines.get(i + 1) : "";
          shown.put(shape, clip(line) + (cause.isEmpty() ? "" : "\n      " + clip(cause.trim())));
        }
      }
    }
    if (problems > 0) {
      sb.append("  server log: ").append(problems).append(" WARN/ERROR line(s); distinct ones:\n");
      shown.values().forEach(l -> sb.append("    ").append(l).append('\n'));
    }
    return sb.toString();
  }

  private static String clip(String line) {
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  /** The last lines of the log, for a server that did not start. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private List<String> newLogLines() throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long end = f.length();
      byte[] bytes = new byte[(int) Math.min(end - logOffset, 64L << 20)];
      f.seek(end - bytes.length);
      f.readFully(bytes);
      logOffset = end;
      return new ArrayList<>(List.of(new String(bytes, StandardCharsets.UTF_8).split("\n")));
    }
  }
}
