package io.porta.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs the chosen scenarios {@code runs} times, each on a freshly started server (Porta on the suite's
 * data directory, Mosquitto from scratch), Porta and the peer one after the other within a run.
 */
final class Suite {
  interface OnServer<B extends Broker> {
    void run(B broker) throws Exception;
  }

  private final BenchOptions o;
  private final Figures figures;
  private final Scenarios ctx;
  private final Optional<Path> mosquitto;
  private PortaInstallation porta;
  /** The Porta server kept between scenarios when servers are not restarted (smoke runs). */
  private PortaServerProcess shared;
  private int run;

  Suite(BenchOptions o, Figures figures, Optional<Path> mosquitto) {
    this.o = o;
    this.figures = figures;
    this.ctx = new Scenarios(o, figures);
    this.mosquitto = mosquitto;
  }

  void run() throws Exception {
    try (PortaInstallation installation = new PortaInstallation(o.jar(), o.serverJvmOpts(), o.serverCpu())) {
      porta = installation;
      if (o.jfrDir() != null) {
        Files.createDirectories(o.jfrDir());
      }
      for (run = 1; run <= o.runs(); run++) {
        for (String scenario : o.scenarios()) {
          Scenarios.say("=== run " + run + "/" + o.runs() + ": " + scenario + " (" + Machine.load() + ")");
          runScenario(scenario);
        }
      }
    } finally {
      if (shared != null) {
        shared.close();
      }
    }
  }

  private void runScenario(String scenario) {
    switch (scenario) {
      case "conn" -> {
        for (int n : o.connSizes()) {
          onPorta(scenario, p -> new ConnScenario(ctx).run(p, n));
          onMosquitto(scenario, m -> new ConnScenario(ctx).run(m, n));
        }
      }
      case "upload" -> onPorta(scenario, p -> new UploadScenario(ctx).run(p, run));
      case "p2p" -> {
        onPorta(scenario, p -> new P2pScenario(ctx).run(p, run));
        onMosquitto(scenario, m -> new P2pScenario(ctx).run(m, run));
      }
      case "rpc" -> onPorta(scenario, p -> new RpcScenario(ctx).run(p, run));
      case "soak" -> onPorta(scenario, p -> new SoakScenario(ctx).run(p));
      default -> throw new IllegalArgumentException(scenario);
    }
  }

  private void onPorta(String scenario, OnServer<PortaServerProcess> body) {
    Path jfr = o.jfrDir() == null ? null
        : o.jfrDir().resolve(String.format(Locale.ROOT, "porta-%s-run%d.jfr", scenario, run));
    guarded(scenario, "Porta", () -> {
      if (!o.freshServers()) {
        if (shared == null) {
          shared = closeOnExit(PortaServerProcess.start(porta, jfr));
        }
        body.run(shared);
        return;
      }
      try (PortaServerProcess p = closeOnExit(PortaServerProcess.start(porta, jfr))) {
        body.run(p);
      }
    });
  }

  private void onMosquitto(String scenario, OnServer<MosquittoProcess> body) {
    if (mosquitto.isEmpty()) {
      return;
    }
    guarded(scenario, "Mosquitto", () -> {
      try (MosquittoProcess m = closeOnExit(MosquittoProcess.start(mosquitto.get(), o.serverCpu()))) {
        body.run(m);
      }
    });
  }

  private interface Body {
    void run() throws Exception;
  }

  /** A scenario that fails is reported as such; the suite goes on with the next one. */
  private void guarded(String scenario, String server, Body body) {
    try {
      body.run();
    } catch (Exception e) {
      String what = String.format(Locale.ROOT, "run %d: %s on %s failed: %s", run, scenario, server, e);
      System.err.println("[bench] " + what);
      e.printStackTrace();
      figures.note(scenario, what);
    }
  }

  /** Stops the server if the bench is interrupted (Ctrl-C) before it does so itself. */
  private static <T extends Broker> T closeOnExit(T broker) {
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "bench-cleanup"));
    return broker;
  }
}
