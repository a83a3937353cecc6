package io.porta.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplesTest {
  @Test
  void nearestRankPercentiles() {
    Samples s = new Samples();
    for (int i = 100; i >= 1; i--) { // out of order, and past the initial capacity once scaled
      s.add(i * 1_000_000L);
    }
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.percentile(50)).isEqualTo(50_000_000L);
    assertThat(s.percentile(99)).isEqualTo(99_000_000L);
    assertThat(s.percentile(100)).isEqualTo(100_000_000L);
    assertThat(s.percentile(0)).isEqualTo(1_000_000L);
    assertThat(s.millis(50)).isEqualTo("50.00 ms");
  }

  @Test
  void growsAndHandlesEmpty() {
    Samples s = new Samples();
    assertThat(s.percentile(50)).isEqualTo(-1);
    assertThat(s.millis(99)).isEqualTo("-");
    for (int i = 0; i < 5000; i++) {
      s.add(7);
    }
    assertThat(s.percentile(99)).isEqualTo(7);
  }
}
