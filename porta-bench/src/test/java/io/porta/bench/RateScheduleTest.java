package io.porta.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateScheduleTest {
  @Test
  void eventsAreDueAtTheirIntendedTimesWhateverHappenedBefore() {
    RateSchedule s = new RateSchedule(1_000_000_000L, 1000, 5); // 1 ms apart
    assertThat(s.due(999_999_999L)).isFalse();
    assertThat(s.due(1_000_000_000L)).isTrue();
    assertThat(s.take()).isZero();
    // The generator was late: three more are due at once, each keeping its own intended time.
    long late = 1_003_500_000L;
    int taken = 0;
    while (s.due(late)) {
      long k = s.take();
      assertThat(s.intendedNanos(k)).isEqualTo(1_000_000_000L + k * 1_000_000L);
      taken++;
    }
    assertThat(taken).isEqualTo(3);
    assertThat(s.finished()).isFalse();
    assertThat(s.due(2_000_000_000L)).isTrue();
    s.take();
    assertThat(s.finished()).isTrue();
    assertThat(s.due(3_000_000_000L)).isFalse();
  }
}
