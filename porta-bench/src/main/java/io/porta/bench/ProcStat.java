package io.porta.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident set size and CPU time, read from {@code /proc} (Linux) from outside it. */
final class ProcStat {
  /** USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcStat() {}

  static long rssBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for pid " + pid);
  }

  /** User plus system CPU seconds the process (all its threads) has used so far. */
  static double cpuSeconds(long pid) throws IOException {
    return cpuSeconds(Path.of("/proc", Long.toString(pid), "stat"));
  }

  /**
   * CPU seconds used so far by the JVM's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre"),
   * 0 for a process that has none.
   */
  static double compilerCpuSeconds(long pid) throws IOException {
    double sum = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
            sum += cpuSeconds(task.resolve("stat"));
          }
        } catch (NoSuchFileException gone) {
          // the thread ended while we looked
        }
      }
    }
    return sum;
  }

  private static double cpuSeconds(Path statFile) throws IOException {
    String stat = Files.readString(statFile);
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime
  }
}
