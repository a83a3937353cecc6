package io.porta.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, kept exactly (a run holds at most a few million), thread-safe. */
final class Samples {
  private long[] values = new long[1024];
  private int size;

  synchronized void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  synchronized int count() {
    return size;
  }

  /** The nearest-rank percentile ({@code p} in 0..100), or -1 without samples. */
  synchronized long percentile(double p) {
    if (size == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size, rank) - 1)];
  }

  /** A percentile in milliseconds with two decimals, "-" without samples. */
  String millis(double p) {
    long nanos = percentile(p);
    return nanos < 0 ? "-" : String.format(java.util.Locale.ROOT, "%.2f ms", nanos / 1e6);
  }
}
