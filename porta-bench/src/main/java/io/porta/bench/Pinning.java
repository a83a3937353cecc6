package io.porta.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a server under {@code taskset -c <cpu>} so that it and the load generator do not share a core
 * (the bench script pins the generator to the other one).
 */
final class Pinning {
  private Pinning() {}

  /** The command prefix that pins to {@code cpu}; empty when {@code cpu < 0} (not pinned). */
  static List<String> prefix(int cpu) {
    if (cpu < 0) {
      return List.of();
    }
    Path taskset = Path.of("/usr/bin/taskset");
    if (!Files.isExecutable(taskset)) {
      throw new IllegalStateException("taskset is missing (util-linux); run with --server-cpu -1 to not pin");
    }
    return List.of(taskset.toString(), "-c", Integer.toString(cpu));
  }

  /** The CPUs this process may run on, as the kernel reports them ("0-1", "1"). */
  static String ownCpus() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("Cpus_allowed_list:"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("?");
    } catch (Exception e) {
      return "?";
    }
  }
}
