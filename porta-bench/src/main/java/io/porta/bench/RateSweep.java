package io.porta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Raises a fixed offered rate step by step until the server no longer keeps up
 * ({@link TrafficStats#keptUp()}) or the step limit is reached; when it cannot keep up with the first
 * rate, the rate is lowered instead until it can. After the first step it could not keep up with, up
 * to {@link #REFINE_STEPS} more steps halve the gap to the last rate it kept up with (the factor
 * between steps is coarse: 1.6 leaves up to 60 % between two figures). The saturation throughput is
 * the most the server delivered per second in any step.
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

  static final int REFINE_STEPS = 2;

  private RateSweep() {}

  static Result run(String label, StepRunner runner, double start, double factor, int maxSteps) throws Exception {
    List<TrafficStats> steps = new ArrayList<>();
    double rate = start;
    boolean goingDown = false;
    for (int i = 0; i < maxSteps; i++) {
      TrafficStats s = runner.step(rate);
      steps.add(s);
      say(label, rate, s);
      if (i == 0 && !s.keptUp()) {
        goingDown = true;
      }
      if (goingDown ? s.keptUp() : !s.keptUp()) {
        if (!goingDown && i > 0) {
          refine(label, runner, steps, steps.get(steps.size() - 2).targetPerSecond, rate);
        }
        break;
      }
      rate = goingDown
          ? Math.max(10, Math.round(rate / factor / 10.0) * 10.0)
          : Math.round(rate * factor / 100.0) * 100.0;
    }
    return new Result(steps);
  }

  /** Bisects between a rate kept up with and one that was not. */
  private static void refine(String label, StepRunner runner, List<TrafficStats> steps, double keptUp,
      double notKeptUp) throws Exception {
    for (int i = 0; i < REFINE_STEPS; i++) {
      double rate = Math.round((keptUp + notKeptUp) / 2 / 100.0) * 100.0;
      TrafficStats s = runner.step(rate);
      steps.add(s);
      say(label, rate, s);
      if (s.keptUp()) {
        keptUp = rate;
      } else {
        notKeptUp = rate;
      }
    }
  }

  private static void say(String label, double rate, TrafficStats s) {
    Scenarios.say(String.format(Locale.ROOT, "%s: offered %,.0f/s -> delivered %,.0f/s, ratio %.4f, p99 %.2f ms%s",
        label, rate, s.deliveredPerSecond(), s.deliveryRatio(), s.deliveryLatency.millis(99),
        s.keptUp() ? "" : " (saturated)"));
  }
}
