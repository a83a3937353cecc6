package io.porta.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Latencies in nanoseconds in an HdrHistogram (1 µs to 5 min, 3 significant digits). Writers are the
 * generator's event loops and threads, hence synchronized; reading happens after a phase.
 */
final class Latency {
  private static final long LOWEST = 1_000;
  private static final long HIGHEST = 300_000_000_000L;

  private final Histogram histogram = new Histogram(LOWEST, HIGHEST, 3);

  synchronized void record(long nanos) {
    histogram.recordValue(Math.min(HIGHEST, Math.max(LOWEST, nanos)));
  }

  synchronized long count() {
    return histogram.getTotalCount();
  }

  /** The percentile ({@code p} in 0..100) in milliseconds, NaN without samples. */
  synchronized double millis(double p) {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(p) / 1e6;
  }

  synchronized double maxMillis() {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1e6;
  }

  String describe() {
    return String.format(Locale.ROOT, "n=%d p50=%.2f p99=%.2f p99.9=%.2f max=%.2f ms",
        count(), millis(50), millis(99), millis(99.9), maxMillis());
  }
}
