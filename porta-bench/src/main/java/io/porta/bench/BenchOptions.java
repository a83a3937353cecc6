package io.porta.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options ({@code --name value}); every loop of the bench is bounded by these.
 * {@code --smoke true} shrinks every size and duration to a few seconds in all (the CI check).
 */
record BenchOptions(
    List<String> scenarios,
    int runs,
    Path out,
    Path json,
    Path jar,
    String serverJvmOpts,
    int serverCpu,
    boolean mosquitto,
    boolean freshServers,
    int sourceAddresses,
    double warmup,
    double seconds,
    int drainSeconds,
    double sweepFactor,
    int maxSteps,
    List<Integer> connSizes,
    double connRate,
    int connOutstanding,
    int connWarmupDevices,
    int jitWarmupRounds,
    int uploadDevices,
    double uploadStartRate,
    int p2pPublishers,
    double p2pStartRate,
    double p2pCommonRate,
    int closedWindow,
    int rpcDevices,
    double rpcRate,
    double rpcSeconds,
    double rpcWarmupSeconds,
    int soakSeconds,
    int soakDevices,
    double soakRate,
    int soakMessages,
    Path jfrDir,
    Path rerender,
    Map<String, String> given) {

  static final List<String> ALL = List.of("conn", "upload", "p2p", "rpc", "soak");

  /** Defaults of the full suite, and the smoke overrides. */
  private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();
  private static final Map<String, String> SMOKE = new LinkedHashMap<>();
  private static final Map<String, String> HELP = new LinkedHashMap<>();

  static {
    String[][] d = {
      {"scenarios", "all", "comma-separated: conn,upload,p2p,rpc,soak or all"},
      {"runs", "3", "repetitions of the whole list; the report shows medians"},
      {"out", "BENCHMARKS.md", "the Markdown report (the whole file is written)"},
      {"json", "BENCHMARKS.json", "the JSON report (every run's values)"},
      {"jar", "porta-server/target/porta.jar", "the server under test"},
      {"server-jvm-opts", "", "extra JVM options for Porta, e.g. -Xmx1g"},
      {"server-cpu", "0", "core the servers are pinned to with taskset (-1: not pinned)"},
      {"mosquitto", "true", "run the peer (mosquitto on PATH or in /usr/sbin)"},
      {"fresh-servers", "true", "start each server afresh for every scenario (false: one Porta per run)"},
      {"source-addresses", "16", "client source addresses 127.0.0.2 … used in turn"},
      {"warmup", "2", "seconds of traffic before each measured window"},
      {"seconds", "5", "measured seconds of each traffic step"},
      {"drain", "3", "seconds a step may wait for its last answers"},
      {"sweep-factor", "1.6", "offered rate multiplier between sweep steps"},
      {"max-steps", "10", "sweep steps at most"},
      {"conn-sizes", "10000,19000", "connection counts of the conn scenario"},
      {"conn-rate", "5000", "CONNECTs per second offered"},
      {"conn-outstanding", "5000", "CONNECTs waiting for CONNACK at most"},
      {"conn-warmup-devices", "4000", "other devices that connect and leave before each conn size, until the JIT is quiet"},
      {"jit-warmup-rounds", "8", "at most this many warm-up rounds of conn (its warm-up devices) and p2p (windows at the common rate) until the JIT is quiet"},
      {"upload-devices", "100", "HiveMQ-client devices in upload"},
      {"upload-start-rate", "1000", "first offered rate of the upload sweep (msg/s)"},
      {"p2p-publishers", "100", "publishers in p2p"},
      {"p2p-start-rate", "2000", "first offered rate of the p2p sweep (msg/s)"},
      {"p2p-common-rate", "1000", "the fixed rate at which p2p latencies are compared (msg/s)"},
      {"closed-window", "10", "QoS 1 messages in flight per publisher in the closed-loop maximum"},
      {"rpc-devices", "100", "online devices answering commands"},
      {"rpc-rate", "1000", "REST commands per second"},
      {"rpc-seconds", "5", "measured seconds of rpc"},
      {"rpc-warmup-seconds", "60", "at most this many seconds of commands at the measured rate before rpc's window, until the JIT is quiet"},
      {"soak-seconds", "60", "duration of the churn (issue 7 asks for 600)"},
      {"soak-devices", "500", "devices taking part in the churn"},
      {"soak-rate", "200", "connect/publish/disconnect cycles started per second"},
      {"soak-messages", "5", "QoS 1 uploads per cycle"},
      {"jfr-dir", "", "write a JFR profile of Porta per scenario into this directory"},
      {"smoke", "false", "true: tiny sizes, a few seconds (CI)"},
      {"rerender", "", "measure nothing: rewrite --out from this earlier JSON report and the current template"},
    };
    for (String[] o : d) {
      DEFAULTS.put(o[0], o[1]);
      HELP.put(o[0], o[2]);
    }
    String[][] s = {
      {"runs", "1"}, {"fresh-servers", "false"}, {"warmup", "0.5"}, {"seconds", "1"}, {"drain", "2"}, {"max-steps", "1"},
      {"conn-sizes", "20"}, {"conn-rate", "200"}, {"conn-warmup-devices", "10"}, {"jit-warmup-rounds", "1"}, {"upload-devices", "3"}, {"upload-start-rate", "30"},
      {"p2p-publishers", "3"}, {"p2p-start-rate", "30"}, {"p2p-common-rate", "30"}, {"closed-window", "2"},
      {"rpc-devices", "2"}, {"rpc-rate", "20"}, {"rpc-seconds", "1"}, {"rpc-warmup-seconds", "0"},
      {"soak-seconds", "2"}, {"soak-devices", "5"}, {"soak-rate", "10"}, {"soak-messages", "2"},
    };
    for (String[] o : s) {
      SMOKE.put(o[0], o[1]);
    }
  }

  static String usage() {
    StringBuilder sb = new StringBuilder("Usage: Bench [--name value]…\n");
    DEFAULTS.forEach((k, v) -> sb.append(String.format("  --%-18s %-26s %s%n", k, v.isEmpty() ? "(none)" : v, HELP.get(k))));
    return sb.toString();
  }

  static BenchOptions parse(String[] args) {
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got " + args[i] + "\n" + usage());
      }
      String name = args[i].substring(2);
      if (!DEFAULTS.containsKey(name)) {
        throw new IllegalArgumentException("unknown option --" + name + "\n" + usage());
      }
      given.put(name, args[++i]);
    }
    Map<String, String> m = new HashMap<>(DEFAULTS);
    if ("true".equals(given.get("smoke"))) {
      m.putAll(SMOKE);
    }
    m.putAll(given);
    List<String> scenarios = "all".equals(m.get("scenarios")) ? ALL : Arrays.asList(m.get("scenarios").split(","));
    for (String s : scenarios) {
      if (!ALL.contains(s)) {
        throw new IllegalArgumentException("unknown scenario " + s + "\n" + usage());
      }
    }
    BenchOptions o = new BenchOptions(
        scenarios,
        Integer.parseInt(m.get("runs")),
        resolve(m.get("out")),
        resolve(m.get("json")),
        resolve(m.get("jar")),
        m.get("server-jvm-opts"),
        Integer.parseInt(m.get("server-cpu")),
        Boolean.parseBoolean(m.get("mosquitto")),
        Boolean.parseBoolean(m.get("fresh-servers")),
        Integer.parseInt(m.get("source-addresses")),
        Double.parseDouble(m.get("warmup")),
        Double.parseDouble(m.get("seconds")),
        Integer.parseInt(m.get("drain")),
        Double.parseDouble(m.get("sweep-factor")),
        Integer.parseInt(m.get("max-steps")),
        Arrays.stream(m.get("conn-sizes").split(",")).map(String::trim).map(Integer::parseInt).toList(),
        Double.parseDouble(m.get("conn-rate")),
        Integer.parseInt(m.get("conn-outstanding")),
        Integer.parseInt(m.get("conn-warmup-devices")),
        Integer.parseInt(m.get("jit-warmup-rounds")),
        Integer.parseInt(m.get("upload-devices")),
        Double.parseDouble(m.get("upload-start-rate")),
        Integer.parseInt(m.get("p2p-publishers")),
        Double.parseDouble(m.get("p2p-start-rate")),
        Double.parseDouble(m.get("p2p-common-rate")),
        Integer.parseInt(m.get("closed-window")),
        Integer.parseInt(m.get("rpc-devices")),
        Double.parseDouble(m.get("rpc-rate")),
        Double.parseDouble(m.get("rpc-seconds")),
        Double.parseDouble(m.get("rpc-warmup-seconds")),
        Integer.parseInt(m.get("soak-seconds")),
        Integer.parseInt(m.get("soak-devices")),
        Double.parseDouble(m.get("soak-rate")),
        Integer.parseInt(m.get("soak-messages")),
        m.get("jfr-dir").isEmpty() ? null : resolve(m.get("jfr-dir")),
        m.get("rerender").isEmpty() ? null : resolve(m.get("rerender")),
        given);
    if (o.runs < 1 || o.runs > 5 || o.seconds > 60 || o.soakSeconds > 1800 || o.maxSteps > 20 || o.sweepFactor <= 1
        || o.sourceAddresses < 1 || o.sourceAddresses > 250) {
      throw new IllegalArgumentException(
          "need 1 <= runs <= 5, seconds <= 60, soak-seconds <= 1800, max-steps <= 20, sweep-factor > 1, "
              + "1 <= source-addresses <= 250\n" + usage());
    }
    return o;
  }

  int maxConnSize() {
    return connSizes.stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** Relative paths are taken from the repository root when run through Maven. */
  private static Path resolve(String path) {
    Path p = Path.of(path);
    String root = System.getProperty("porta.root");
    return p.isAbsolute() || root == null ? p.toAbsolutePath() : Path.of(root).resolve(p);
  }
}
