package io.porta.bench;

import java.util.Map;
import java.util.Optional;

/**
 * The Porta benchmark harness: starts the servers under test itself (the Porta jar and Mosquitto,
 * pinned to one core), drives them over loopback from this process (pinned to the other core by
 * porta-bench/bench.sh), and writes BENCHMARKS.md and BENCHMARKS.json. Every scenario is bounded in
 * count and time.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    run(options);
    System.exit(0); // HiveMQ's and Netty's non-daemon threads would keep the JVM alive
  }

  /** Runs the suite and writes both reports (or, with --rerender, only the Markdown from a JSON report). */
  static void run(BenchOptions options) throws Exception {
    if (options.rerender() != null) {
      Rerender.markdown(options.rerender(), options.out());
      Scenarios.say("wrote " + options.out() + " from " + options.rerender());
      return;
    }
    Map<String, String> machine = Machine.facts();
    String loadBefore = Machine.load();
    Optional<java.nio.file.Path> mosquitto = options.mosquitto() ? MosquittoProcess.find() : Optional.empty();
    String peer = mosquitto.map(MosquittoProcess::version).orElse(null);
    Figures figures = new Figures();
    machine.forEach((k, v) -> Scenarios.say(k + ": " + v));
    long start = System.nanoTime();
    new Suite(options, figures, mosquitto).run();
    Report report = new Report(options, figures, machine, peer, loadBefore, Machine.load(),
        (System.nanoTime() - start) / 60e9);
    report.writeMarkdown(options.out());
    report.writeJson(options.json());
    Scenarios.say("wrote " + options.out() + " and " + options.json());
  }
}
