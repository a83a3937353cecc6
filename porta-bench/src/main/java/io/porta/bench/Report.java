package io.porta.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a suite's figures as BENCHMARKS.md (the whole file: a hand-written template from this
 * module's resources with the generated sections filled in) and as JSON (every run's values).
 */
final class Report {
  private static final String TEMPLATE = "benchmarks-template.md";
  private static final String PORTA = "Porta";
  private static final String PEER = "Mosquitto";

  record Goal(String goal, String target, double measured, String unit, boolean met, String where) {}

  private final BenchOptions o;
  private final Figures f;
  private final Map<String, String> machine;
  private final String peerVersion;
  private final String loadBefore;
  private final String loadAfter;
  private final double minutes;

  Report(BenchOptions o, Figures f, Map<String, String> machine, String peerVersion, String loadBefore,
      String loadAfter, double minutes) {
    this.o = o;
    this.f = f;
    this.machine = machine;
    this.peerVersion = peerVersion;
    this.loadBefore = loadBefore;
    this.loadAfter = loadAfter;
    this.minutes = minutes;
  }

  String command() {
    StringBuilder sb = new StringBuilder("porta-bench/bench.sh");
    o.given().forEach((k, v) -> sb.append(" --").append(k).append(' ').append(v.contains(" ") ? "'" + v + "'" : v));
    return sb.toString();
  }

  void writeMarkdown(Path out) throws IOException {
    String template;
    try (InputStream in = Report.class.getResourceAsStream(TEMPLATE)) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String md = template
        .replace("{{machine}}", machineSection())
        .replace("{{command}}", command())
        .replace("{{runs}}", Integer.toString(o.runs()))
        .replace("{{goals}}", goalsTable())
        .replace("{{peer}}", peerTable())
        .replace("{{results}}", resultTables())
        .replace("{{sweeps}}", sweepTables())
        .replace("{{config}}", configSection())
        .replace("{{notes}}", notesSection());
    Files.writeString(out, md);
  }

  void writeJson(Path out) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine);
    root.put("loadAverageBefore", loadBefore);
    root.put("loadAverageAfter", loadAfter);
    root.put("minutes", minutes);
    root.put("command", command());
    root.put("options", o.given());
    root.put("runs", o.runs());
    root.put("peer", peerVersion);
    List<Map<String, Object>> figures = new ArrayList<>();
    f.values().forEach((metric, byServer) -> byServer.forEach((server, runs) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("scenario", metric.section());
      m.put("metric", metric.name());
      m.put("unit", metric.unit());
      m.put("server", server);
      m.put("runs", runs.stream().map(d -> d.isNaN() ? null : d).toList());
      double median = Figures.median(runs);
      m.put("median", Double.isNaN(median) ? null : median);
      figures.add(m);
    }));
    root.put("figures", figures);
    root.put("goals", goals());
    root.put("sweepSteps", f.steps.stream().map(s -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("scenario", s.section());
      m.put("server", s.server());
      m.put("run", s.run());
      m.put("offeredPerSecond", s.target());
      m.put("deliveredPerSecond", s.delivered());
      m.put("pubackP50Ms", nullIfNaN(s.ackP50()));
      m.put("pubackP99Ms", nullIfNaN(s.ackP99()));
      m.put("deliveryP99Ms", nullIfNaN(s.deliveryP99()));
      m.put("deliveryRatio", s.deliveryRatio());
      m.put("keptUp", s.keptUp());
      m.put("serverCpuPercent", nullIfNaN(s.serverCpu()));
      m.put("generatorCpuPercent", nullIfNaN(s.generatorCpu()));
      m.put("storeCommitMeanMs", nullIfNaN(s.storeCommitMillis()));
      m.put("storeBatchMean", nullIfNaN(s.storeBatch()));
      return m;
    }).toList());
    root.put("notes", f.notes());
    Files.writeString(out, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  private static Object nullIfNaN(double d) {
    return Double.isNaN(d) ? null : d;
  }

  private String machineSection() {
    StringBuilder sb = new StringBuilder();
    machine.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
    sb.append("- peer: ").append(peerVersion == null ? "not run (mosquitto not found or --mosquitto false)" : peerVersion)
        .append('\n');
    sb.append("- machine load before / after the suite (1-minute load average; CPU pressure = share of the last "
        + "minute in which a runnable task waited for a CPU): ").append(loadBefore).append(" / ").append(loadAfter)
        .append("; the suite took ").append(String.format(Locale.ROOT, "%.1f", minutes)).append(" min\n");
    if (busy(loadBefore) || busy(loadAfter)) {
      sb.append("\n**The machine was shared while these figures were taken:** other work kept more tasks runnable "
          + "than there are cores (see the load and CPU pressure above), so the pinned server and generator did not "
          + "have their cores to themselves. Read the figures as ratios between servers measured in the same runs "
          + "rather than as absolute capacities; the server CPU columns show how much of a core each got.\n");
    }
    return sb.toString();
  }

  /** More runnable tasks than cores, or CPU waits in more than a fifth of the last minute. */
  static boolean busy(String load) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("load ([0-9.]+), CPU pressure ([0-9.]+)").matcher(load);
    int cores = Runtime.getRuntime().availableProcessors();
    return m.find() && (Double.parseDouble(m.group(1)) > Math.max(2, cores) || Double.parseDouble(m.group(2)) > 20);
  }

  private String configSection() {
    return "- Porta: " + PortaServerProcess.describe(o.serverJvmOpts()) + "\n"
        + "- Mosquitto: `" + String.join("`, `", MosquittoProcess.SETTINGS) + "`, one listener on 127.0.0.1\n"
        + "- pinning: servers `taskset -c " + o.serverCpu() + "`, generator CPUs " + machine.get("generator CPUs") + "\n";
  }

  private String notesSection() {
    StringBuilder sb = new StringBuilder();
    f.notes().forEach((section, list) -> list.forEach(n -> sb.append("- ").append(section).append(": ").append(n)
        .append('\n')));
    return sb.toString();
  }

  private String resultTables() {
    StringBuilder sb = new StringBuilder();
    Map<String, List<Figures.Metric>> bySection = f.values().keySet().stream()
        .collect(Collectors.groupingBy(Figures.Metric::section, LinkedHashMap::new, Collectors.toList()));
    boolean peer = f.servers().contains(PEER);
    bySection.forEach((section, metrics) -> {
      sb.append("### ").append(section).append("\n\n");
      sb.append("| metric | unit | Porta |").append(peer ? " Mosquitto | Porta ÷ Mosquitto |" : "").append('\n');
      sb.append("|---|---|---:|").append(peer ? "---:|---:|" : "").append('\n');
      for (Figures.Metric m : metrics) {
        Map<String, List<Double>> runs = f.values().get(m);
        double p = Figures.median(runs.get(PORTA));
        double q = Figures.median(runs.get(PEER));
        sb.append("| ").append(m.name()).append(" | ").append(m.unit()).append(" | ").append(cell(runs.get(PORTA)))
            .append(" |");
        if (peer) {
          sb.append(' ').append(cell(runs.get(PEER))).append(" | ")
              .append(Double.isNaN(p) || Double.isNaN(q) || q == 0 ? "" : fmtRatio(p / q)).append(" |");
        }
        sb.append('\n');
      }
      sb.append('\n');
    });
    return sb.toString();
  }

  /** The median, and the range over the runs when there were several. */
  private String cell(List<Double> runs) {
    if (runs == null) {
      return "–";
    }
    double median = Figures.median(runs);
    if (Double.isNaN(median)) {
      return "–";
    }
    if (runs.size() < 2) {
      return fmt(median);
    }
    double[] r = Figures.range(runs);
    return fmt(median) + " <sub>(" + fmt(r[0]) + "–" + fmt(r[1]) + ")</sub>";
  }

  private String sweepTables() {
    StringBuilder sb = new StringBuilder();
    if (f.steps.isEmpty()) {
      return "(no sweep ran)\n";
    }
    sb.append("| scenario | server | run | offered/s | delivered/s | PUBACK p50 ms | PUBACK p99 ms | delivery p99 ms "
        + "| delivered % | kept up | server CPU % | generator CPU % | store commit ms | store batch |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
    for (Figures.Step s : f.steps) {
      sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %.2f | %s | %s | %s | %s | %s |%n",
          s.section(), s.server(), s.run(), fmt(s.target()), fmt(s.delivered()), fmt(s.ackP50()), fmt(s.ackP99()),
          fmt(s.deliveryP99()), 100 * s.deliveryRatio(), s.keptUp() ? "yes" : "**no**", fmt(s.serverCpu()),
          fmt(s.generatorCpu()), fmt(s.storeCommitMillis()), fmt(s.storeBatch())));
    }
    return sb.toString();
  }

  List<Goal> goals() {
    List<Goal> goals = new ArrayList<>();
    int n = o.maxConnSize();
    String conn = String.format(Locale.ROOT, "N=%,d: ", n);
    double mem = f.median("conn", conn + "heap + direct per idle connection (after GC)", PORTA);
    goals.add(new Goal("memory per idle connected device", "≤ 1,536 B (1.5 KB) heap + direct", mem, "B",
        mem <= 1536, "conn, " + conn.replace(": ", "")));
    int first = o.connSizes().get(0);
    String c0 = String.format(Locale.ROOT, "N=%,d: ", first);
    double cps = f.median("conn", c0 + "connects per second", PORTA);
    double ok = f.median("conn", c0 + "success ratio", PORTA);
    goals.add(new Goal("authenticated CONNECTs per second", "≥ 5,000/s (all accepted)", cps, "conn/s",
        cps >= 0.99 * 5000 && ok >= 100, "conn, " + c0.replace(": ", "") + String.format(Locale.ROOT,
            " offered at %,.0f/s; 1 %% allowance for the window's edges", o.connRate())));
    double ps = f.median("p2p", "saturation throughput (most delivered per second in the sweep)", PORTA);
    double qs = f.median("p2p", "saturation throughput (most delivered per second in the sweep)", PEER);
    goals.add(new Goal("p2p saturation throughput", "≥ Mosquitto's (ratio ≥ 1)", ps / qs, "× Mosquitto",
        ps >= qs, String.format(Locale.ROOT, "p2p: Porta %s vs Mosquitto %s msg/s", fmt(ps), fmt(qs))));
    double rtt = f.median("rpc", "round trip p99", PORTA);
    goals.add(new Goal("command round trip p99", "≤ 5 ms at 1,000 commands/s", rtt, "ms", rtt <= 5,
        String.format(Locale.ROOT, "rpc at %,.0f/s", o.rpcRate())));
    return goals;
  }

  /** The headline ratios of the peer comparison, from the medians. */
  private String peerTable() {
    String common = String.format(Locale.ROOT, "at %,.0f/s: ", o.p2pCommonRate());
    String n = String.format(Locale.ROOT, "N=%,d: ", o.connSizes().get(0));
    String[][] rows = {
      {"p2p saturation throughput (delivered msg/s)", "p2p", "saturation throughput (most delivered per second in the sweep)"},
      {"p2p delivery p99 at the common rate " + String.format(Locale.ROOT, "%,.0f/s", o.p2pCommonRate()) + " (ms)", "p2p",
        common + "delivery p99"},
      {"p2p closed-loop maximum (delivered msg/s)", "p2p", "closed loop (" + o.closedWindow()
          + " in flight per publisher): delivered per second"},
      {"connects per second, " + n.replace(": ", ""), "conn", n + "connects per second"},
      {"CONNECT to CONNACK p99, " + n.replace(": ", "") + " (ms)", "conn", n + "CONNECT to CONNACK p99"},
      {"RSS per idle connection, " + n.replace(": ", "") + " (B)", "conn", n + "RSS per idle connection"},
    };
    StringBuilder sb = new StringBuilder("| figure | Porta | Mosquitto | Porta ÷ Mosquitto |\n|---|---:|---:|---:|\n");
    for (String[] r : rows) {
      double p = f.median(r[1], r[2], PORTA);
      double q = f.median(r[1], r[2], PEER);
      sb.append("| ").append(r[0]).append(" | ").append(fmt(p)).append(" | ").append(fmt(q)).append(" | ")
          .append(Double.isNaN(p) || Double.isNaN(q) || q == 0 ? "–" : fmtRatio(p / q)).append(" |\n");
    }
    return sb.toString();
  }

  private String goalsTable() {
    StringBuilder sb = new StringBuilder("| goal | target | measured (median) | met | where |\n|---|---|---:|---|---|\n");
    for (Goal g : goals()) {
      sb.append("| ").append(g.goal()).append(" | ").append(g.target()).append(" | ")
          .append(Double.isNaN(g.measured()) ? "not measured" : fmt(g.measured()) + " " + g.unit()).append(" | ")
          .append(Double.isNaN(g.measured()) ? "–" : g.met() ? "yes" : "**no**").append(" | ").append(g.where())
          .append(" |\n");
    }
    return sb.toString();
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    double a = Math.abs(v);
    if (a >= 100 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String fmtRatio(double r) {
    return String.format(Locale.ROOT, "%.2f×", r);
  }
}
