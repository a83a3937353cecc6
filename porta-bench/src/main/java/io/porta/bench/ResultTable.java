package io.porta.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One scenario's figures: a row per metric, a column per server, printed as plain text. */
final class ResultTable {
  private final String title;
  private final List<String> columns = new ArrayList<>();
  private final Map<String, Map<String, String>> rows = new LinkedHashMap<>();

  ResultTable(String title) {
    this.title = title;
  }

  void put(String column, String metric, String value) {
    if (!columns.contains(column)) {
      columns.add(column);
    }
    rows.computeIfAbsent(metric, k -> new LinkedHashMap<>()).put(column, value);
  }

  String render() {
    int first = "metric".length();
    for (String metric : rows.keySet()) {
      first = Math.max(first, metric.length());
    }
    List<Integer> widths = new ArrayList<>();
    for (String c : columns) {
      int w = c.length();
      for (Map<String, String> row : rows.values()) {
        w = Math.max(w, row.getOrDefault(c, "-").length());
      }
      widths.add(w);
    }
    StringBuilder sb = new StringBuilder("== ").append(title).append(" ==\n");
    line(sb, first, "metric", widths, columns);
    for (Map.Entry<String, Map<String, String>> row : rows.entrySet()) {
      List<String> cells = new ArrayList<>();
      for (String c : columns) {
        cells.add(row.getValue().getOrDefault(c, "-"));
      }
      line(sb, first, row.getKey(), widths, cells);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, int first, String head, List<Integer> widths, List<String> cells) {
    sb.append(pad(head, first));
    for (int i = 0; i < cells.size(); i++) {
      sb.append(" | ").append(pad(cells.get(i), widths.get(i)));
    }
    sb.append('\n');
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
