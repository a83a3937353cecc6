package io.porta.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Benchmarks the Porta server jar over loopback, side by side with Mosquitto when it is installed.
 * Runs from the command line only (BENCHMARKS.md); every scenario is bounded in count and time.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    System.out.println(machine(options));
    Scenarios scenarios = new Scenarios(options);
    List<String> skipped = new ArrayList<>();

    Scenarios.say("starting Porta from " + options.jar());
    try (PortaServerProcess porta = closeOnExit(PortaServerProcess.start(options.jar(), options.serverJvmOpts()))) {
      scenarios.run(porta);
    }

    Optional<Path> mosquitto = options.mosquitto() ? MosquittoProcess.find() : Optional.empty();
    if (mosquitto.isEmpty()) {
      skipped.add(options.mosquitto()
          ? "mosquitto: not found on PATH (apt-get install -y mosquitto), peer columns skipped"
          : "mosquitto: skipped (--mosquitto false)");
    } else {
      List<Boolean> modes = options.mosquittoPersistence() ? List.of(false, true) : List.of(false);
      for (boolean persistence : modes) {
        Scenarios.say("starting " + mosquitto.get() + (persistence ? " with persistence" : ""));
        try (MosquittoProcess m = closeOnExit(MosquittoProcess.start(mosquitto.get(), persistence))) {
          scenarios.run(m);
        }
      }
    }

    System.out.println();
    System.out.println(machine(options));
    for (ResultTable t : List.of(scenarios.connectStorm, scenarios.idleMemory, scenarios.qos1, scenarios.qos0)) {
      System.out.println(t.render());
    }
    skipped.forEach(System.out::println);
  }

  /** Stops the broker if the bench is interrupted (Ctrl-C) before it does so itself. */
  private static <T extends Broker> T closeOnExit(T broker) {
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "bench-cleanup"));
    return broker;
  }

  private static String machine(BenchOptions o) {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse(cpu);
    } catch (Exception e) {
      // not Linux: keep "unknown"
    }
    return String.format(
        "machine: %d cores (%s), %s %s, %s %s; load avg %.2f%n"
            + "bench: connections=%d connect-concurrency=%d publishers=%d qos1-window=%d qos0-window=%d warmup=%ds measure=%ds",
        Runtime.getRuntime().availableProcessors(), cpu,
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
        System.getProperty("os.name"), System.getProperty("os.version"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        o.connections(), o.connectConcurrency(), o.publishers(), o.qos1Window(), o.qos0Window(), o.warmupSeconds(), o.seconds());
  }
}
