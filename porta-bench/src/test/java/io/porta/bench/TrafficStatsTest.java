package io.porta.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrafficStatsTest {
  private static final long S = 1_000_000_000L;

  @Test
  void countsOnlyTheWindowsMessagesAndTimesThemFromTheirIntendedSend() {
    TrafficStats t = new TrafficStats(new Window(0, S, 2 * S), 10);
    for (int i = 0; i < 10; i++) {
      long intended = S + i * S / 10;
      t.sent(intended);
      t.acked(intended, intended + 2_000_000);
      t.delivered(intended, intended + 3_000_000);
    }
    t.sent(S / 2); // warm-up: not counted
    assertThat(t.sent.sum()).isEqualTo(10);
    assertThat(t.deliveryRatio()).isEqualTo(1.0);
    assertThat(t.deliveredPerSecond()).isEqualTo(10.0);
    assertThat(t.deliveryLatency.millis(50)).isBetween(2.99, 3.01);
    assertThat(t.keptUp()).isTrue();
  }

  @Test
  void aServerThatDeliversTooLittleDidNotKeepUp() {
    TrafficStats t = new TrafficStats(new Window(0, S, 2 * S), 10);
    for (int i = 0; i < 10; i++) {
      t.sent(S + i * S / 10);
    }
    t.delivered(S, S + 1);
    assertThat(t.deliveryRatio()).isEqualTo(0.1);
    assertThat(t.keptUp()).isFalse();
  }

  @Test
  void mediansIgnoreMissingRuns() {
    assertThat(Figures.median(Arrays.asList(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Figures.median(Arrays.asList(4.0, Double.NaN, 2.0))).isEqualTo(3.0);
    assertThat(Figures.median(Arrays.asList(Double.NaN))).isNaN();
  }
}
