package io.porta.bench;

import java.util.Locale;

/**
 * Repeats a scenario's uncounted warm-up traffic until the server's JIT compiler has gone quiet, so a
 * measured window sees a server whose paths are compiled, as one that has run for a while in
 * production, instead of a fresh JVM compiling on the very core it serves from. Bounded in rounds; a
 * server that is not a JVM (Mosquitto) has no compiler threads and takes one round.
 */
final class JitWarmUp {
  /** Quiet: the compiler threads used less than this share of a core during the last round. */
  static final double QUIET_SHARE = 0.10;

  /** One round of warm-up traffic; returns when that round's traffic is done. */
  interface Round {
    void run() throws Exception;
  }

  private JitWarmUp() {}

  /** What a warm-up took: rounds, seconds in all, and the compiler's share of a core in the last round. */
  record Done(int rounds, double seconds, double lastCompilerShare) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d warm-up round(s) in %.0f s, JIT compiler at %.0f %% of a core in the last",
          rounds, seconds, 100 * lastCompilerShare);
    }
  }

  static Done run(Broker server, int maxRounds, Round round) throws Exception {
    double share = 0;
    int rounds = 0;
    long start = System.nanoTime();
    while (rounds < maxRounds) {
      double compilerBefore = ProcStat.compilerCpuSeconds(server.pid());
      long from = System.nanoTime();
      round.run();
      rounds++;
      double seconds = (System.nanoTime() - from) / 1e9;
      share = (ProcStat.compilerCpuSeconds(server.pid()) - compilerBefore) / seconds;
      if (share < QUIET_SHARE) {
        break;
      }
    }
    return new Done(rounds, (System.nanoTime() - start) / 1e9, share);
  }
}
