package io.porta.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateSweepTest {
  private static final long S = 1_000_000_000L;

  /** A step of a simulated server that delivers at most {@code capacity} messages per second. */
  private static TrafficStats step(double rate, double capacity) {
    TrafficStats t = new TrafficStats(new Window(0, 0, S), rate);
    int offered = (int) rate;
    int delivered = (int) Math.min(rate, capacity);
    for (int i = 0; i < offered; i++) {
      long intended = i * S / offered;
      t.sent(intended);
      if (i < delivered) {
        t.acked(intended, intended + 1_000_000);
        t.delivered(intended, intended + 1_000_000);
      }
    }
    return t;
  }

  @Test
  void afterTheFirstStepNotKeptUpItBisectsTowardsTheLastRateKeptUp() throws Exception {
    List<Double> offered = new ArrayList<>();
    RateSweep.Result r = RateSweep.run("test", rate -> {
      offered.add(rate);
      return step(rate, 3000);
    }, 1000, 2, 8);
    // 1000, 2000 kept up; 4000 not; then 3000 (kept up), 3500 (not).
    assertThat(offered).containsExactly(1000.0, 2000.0, 4000.0, 3000.0, 3500.0);
    assertThat(r.highestKeptUp()).isEqualTo(3000.0);
    assertThat(r.saturation()).isEqualTo(3000.0);
  }

  @Test
  void aServerThatKeepsUpWithEveryStepStopsAtTheStepLimitWithoutRefining() throws Exception {
    List<Double> offered = new ArrayList<>();
    RateSweep.run("test", rate -> {
      offered.add(rate);
      return step(rate, 1e9);
    }, 100, 2, 3);
    assertThat(offered).containsExactly(100.0, 200.0, 400.0);
  }
}
