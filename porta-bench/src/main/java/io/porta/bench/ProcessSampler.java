package io.porta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the server under test from outside while a scenario runs: its CPU (from /proc), RSS, and
 * for Porta heap and direct memory (from /metrics, no GC), plus the generator's own CPU, so a figure
 * limited by the generator shows as such.
 */
final class ProcessSampler implements AutoCloseable {
  record Sample(long nanos, double serverCpuSeconds, double generatorCpuSeconds, Broker.Memory memory) {}

  /** Averages and peaks over a time span. CPU is in % of one core. */
  record Summary(double serverCpuPercent, double generatorCpuPercent, long maxRss, long maxHeap, long maxDirect) {}

  private final Broker broker;
  private final long ownPid = ProcessHandle.current().pid();
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench-sampler");
    t.setDaemon(true);
    return t;
  });

  /** Heap and direct memory are read every this many samples (a /metrics scrape costs the server CPU). */
  private final int memoryEvery;
  private int count;
  private Broker.Memory lastMemory = new Broker.Memory(-1, -1, -1);

  ProcessSampler(Broker broker, long periodMillis) {
    this.broker = broker;
    this.memoryEvery = (int) Math.max(1, 5000 / periodMillis);
    timer.scheduleAtFixedRate(this::sample, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  private synchronized void sample() {
    try {
      long rss = ProcStat.rssBytes(broker.pid());
      if (count++ % memoryEvery == 0) {
        lastMemory = broker.currentMemory();
      }
      Broker.Memory m = new Broker.Memory(rss, lastMemory.heapBytes(), lastMemory.directBytes());
      Sample s = new Sample(System.nanoTime(), ProcStat.cpuSeconds(broker.pid()), ProcStat.cpuSeconds(ownPid), m);
      synchronized (samples) {
        samples.add(s);
      }
    } catch (Exception e) {
      // the server is stopping: no sample
    }
  }

  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  Summary between(long fromNanos, long toNanos) {
    sample();
    List<Sample> in = samples().stream().filter(s -> s.nanos() >= fromNanos && s.nanos() <= toNanos).toList();
    if (in.size() < 2) {
      return new Summary(Double.NaN, Double.NaN, -1, -1, -1);
    }
    Sample first = in.get(0);
    Sample last = in.get(in.size() - 1);
    double wall = (last.nanos() - first.nanos()) / 1e9;
    return new Summary(
        100 * (last.serverCpuSeconds() - first.serverCpuSeconds()) / wall,
        100 * (last.generatorCpuSeconds() - first.generatorCpuSeconds()) / wall,
        in.stream().mapToLong(s -> s.memory().rssBytes()).max().orElse(-1),
        in.stream().mapToLong(s -> s.memory().heapBytes()).max().orElse(-1),
        in.stream().mapToLong(s -> s.memory().directBytes()).max().orElse(-1));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
