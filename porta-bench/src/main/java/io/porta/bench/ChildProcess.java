package io.porta.bench;

import java.util.concurrent.TimeUnit;

/** Stops a process the bench started: SIGTERM, then SIGKILL if it is still there after a while. */
final class ChildProcess {
  private ChildProcess() {}

  static void stop(Process process) {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
