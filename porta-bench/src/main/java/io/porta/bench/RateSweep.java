package io.porta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Raises a fixed offered rate step by step until the server no longer keeps up
 * ({@link TrafficStats#keptUp()}) or the step limit is reached; when it cannot keep up with the first
 * rate, the rate is lowered instead until it can. The saturation throughput is the most the server
 * delivered per second in any step.
 */
final class RateSweep {
  interface StepRunner {
    TrafficStats step(double perSecond) throws Exception;
  }

  record Result(List<TrafficStats> steps) {
    double saturation() {
      return steps.stream().mapToDouble(TrafficStats::deliveredPerSecond).max().orElse(Double.NaN);
    }

    /** The highest offered rate the server kept up with, NaN when it kept up with none. */
    double highestKeptUp() {
      return steps.stream().filter(TrafficStats::keptUp).mapToDouble(s -> s.targetPerSecond).max().orElse(Double.NaN);
    }
  }

  private RateSweep() {}

  static Result run(String label, StepRunner runner, double start, double factor, int maxSteps) throws Exception {
    List<TrafficStats> steps = new ArrayList<>();
    double rate = start;
    boolean goingDown = false;
    for (int i = 0; i < maxSteps; i++) {
      TrafficStats s = runner.step(rate);
      steps.add(s);
      Scenarios.say(String.format(Locale.ROOT, "%s: offered %,.0f/s -> delivered %,.0f/s, ratio %.4f, p99 %.2f ms%s",
          label, rate, s.deliveredPerSecond(), s.deliveryRatio(), s.deliveryLatency.millis(99),
          s.keptUp() ? "" : " (saturated)"));
      if (i == 0 && !s.keptUp()) {
        goingDown = true;
      }
      if (goingDown ? s.keptUp() : !s.keptUp()) {
        break;
      }
      rate = goingDown
          ? Math.max(10, Math.round(rate / factor / 10.0) * 10.0)
          : Math.round(rate * factor / 100.0) * 100.0;
    }
    return new Result(steps);
  }
}
